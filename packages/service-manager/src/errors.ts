/**
 * Exit codes of the CLI and the one error type that carries them (changesets' `ExitError`
 * pattern: code below `cli.ts` throws, only `cli.ts` calls `process.exit`).
 */

/** Every exit code the CLI uses; documented in the README. */
export const EXIT_CODES = {
  ok: 0,
  /** Anything else that went wrong (a service exited during start-up, a timeout, I/O). */
  failure: 1,
  /** Bad arguments: unknown command, option or service name. */
  usage: 2,
  /** No supervisor is running for this state directory. */
  notRunning: 3,
  /** A service is not ready (health), or did not become ready in time (start, restart). */
  notReady: 4,
  /** `start` while the named services already run. */
  alreadyRunning: 5,
  /** A service's port is already taken by another process. */
  portInUse: 6,
  /** A service is absent (no `services/<name>/package.json`) or not built (`pnpm build`). */
  missingBuild: 7,
  /** Configuration: malformed services.json or keys file, a service rejected its environment (its exit code 78), or --production with several workers and no REDIS_URL. */
  config: 8,
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;

/** An error the CLI reports as one message and turns into an exit code. */
export class ManagerError extends Error {
  readonly exitCode: number;
  readonly kind: ExitCodeName;
  /** Extra lines printed after the message (e.g. a service's last log lines). */
  readonly details: string[];

  constructor(kind: ExitCodeName, message: string, options: { details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ManagerError';
    this.kind = kind;
    this.exitCode = EXIT_CODES[kind];
    this.details = options.details ?? [];
  }
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
