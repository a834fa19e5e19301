/**
 * The state directory: how a later shell finds the supervisor and what it last knew.
 *
 * ```
 * <state dir>/             mode 0700
 *   supervisor.json        pid, control port and token of the running supervisor (0600)
 *   state.json             the supervisor's last snapshot of every service (0600)
 *   start.lock             held by a `start` in progress (its pid)
 *   logs/<name>.log        each service's output, rotated at 10 MiB (<name>.log.1, .log.2)
 *   logs/supervisor.log    the supervisor's own log
 *   dev-api-key            the development API key (written by the first service, core)
 *   api-keys.json          hashed keys made by `service-manager keys` (core's keys file)
 * ```
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lifecycle of one service under the supervisor. */
export type ServiceState =
  'starting' | 'running' | 'degraded' | 'restarting' | 'backoff' | 'crash-loop' | 'failed' | 'stopping' | 'stopped';

export interface WorkerSnapshot {
  /** cluster worker id (unique within one supervisor). */
  id: number;
  pid: number;
  state: 'starting' | 'ready' | 'draining';
  startedAt: string;
}

export interface ExitSnapshot {
  pid: number;
  code: number | null;
  signal: string | null;
  at: string;
}

export interface ServiceSnapshot {
  name: string;
  port: number;
  state: ServiceState;
  desiredWorkers: number;
  workers: WorkerSnapshot[];
  /** When the service was (last) started by a command. */
  startedAt: string | null;
  /** Replacements after crashes since the service was started. */
  restarts: number;
  lastExit: ExitSnapshot | null;
  /** Why the service is failed / in a crash loop, with its last log lines. */
  reason: string | null;
  lastLines: string[];
  /** When the next restart attempt is due (state backoff). */
  nextRestartAt: string | null;
}

export interface SupervisorSnapshot {
  pid: number;
  startedAt: string;
  production: boolean;
  portOffset: number;
  foreground: boolean;
  services: ServiceSnapshot[];
}

/** supervisor.json: how to reach the running supervisor. */
export interface SupervisorInfo {
  pid: number;
  controlPort: number;
  token: string;
  startedAt: string;
  root: string;
  production: boolean;
  portOffset: number;
  foreground: boolean;
}

export const stateFiles = (stateDir: string) => ({
  supervisor: join(stateDir, 'supervisor.json'),
  state: join(stateDir, 'state.json'),
  startLock: join(stateDir, 'start.lock'),
  logs: join(stateDir, 'logs'),
  supervisorLog: join(stateDir, 'logs', 'supervisor.log'),
  devKey: join(stateDir, 'dev-api-key'),
  keys: join(stateDir, 'api-keys.json'),
  serviceLog: (name: string) => join(stateDir, 'logs', `${name}.log`),
});

/** Creates the state directory (0700) and its logs/ folder. */
export function ensureStateDir(stateDir: string): void {
  mkdirSync(join(stateDir, 'logs'), { recursive: true, mode: 0o700 });
}

/** Writes JSON atomically (temp + rename), mode 0600. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Reads a JSON file; undefined when missing or unreadable. */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM counts as alive: it exists, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process (Linux /proc), or undefined where unavailable. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

export interface StaleCleanup {
  /** The dead supervisor's pid. */
  supervisorPid: number;
  /** Leftover worker pids that were still alive and got SIGKILL. */
  killed: number[];
}

/**
 * Reads supervisor.json; when its pid is dead the state is stale: leftover workers that still run
 * the recorded services are killed and both files removed. Returns the live info, or undefined.
 */
export function readLiveSupervisor(stateDir: string, onStale?: (cleanup: StaleCleanup) => void): SupervisorInfo | undefined {
  const files = stateFiles(stateDir);
  const info = readJson<SupervisorInfo>(files.supervisor);
  if (!info) return undefined;
  if (isAlive(info.pid) && (commandLineOf(info.pid)?.includes('node') ?? true)) return info;
  const snapshot = readJson<SupervisorSnapshot>(files.state);
  const killed: number[] = [];
  for (const service of snapshot?.services ?? []) {
    for (const worker of service.workers) {
      const cmd = commandLineOf(worker.pid);
      if (isAlive(worker.pid) && cmd !== undefined && cmd.includes(`services/${service.name}/`)) {
        try {
          process.kill(worker.pid, 'SIGKILL');
          killed.push(worker.pid);
        } catch {
          // already gone
        }
      }
    }
  }
  rmSync(files.supervisor, { force: true });
  rmSync(files.state, { force: true });
  onStale?.({ supervisorPid: info.pid, killed });
  return undefined;
}
