/**
 * A service as a real child process (`node services/<name>/dist/index.js`), for tests where "the
 * process stays up", signals and exit codes must be literal. Test profile and the three test keys
 * unless `env` says otherwise; port 0, found from the "listening on" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_KEYS } from './service.js';
import { sleep } from './wait.js';

export interface ServiceProcess {
  name: string;
  pid: number;
  port: number;
  child: ChildProcess;
  /** The non-empty lines written on stdout and stderr so far (the first 5 000). */
  readonly output: string[];
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `${url}/mcp` */
  mcpUrl: string;
  /** Exit code and signal once the process has ended; undefined while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote on stderr so far (at most 64 KiB). */
  stderr(): string;
  /** Sends a signal (default SIGTERM). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `timeoutMs` (default 10 000); resolves once it has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartServiceProcessOptions {
  /** Environment on top of PATH, the test profile and the test keys. */
  env?: Record<string, string>;
  /** Longest wait for the process to listen (default 60 000 ms: a loaded machine is slow). */
  startTimeoutMs?: number;
  /**
   * The environment `env` is laid over, instead of PATH, the test profile, `LOG_LEVEL=info`,
   * `USAGE_SINKS=none` and the three test keys. The "listening on" line must still be logged.
   */
  baseEnv?: NodeJS.ProcessEnv;
}

/** The repository root: testkit lives in packages/testkit, built to dist/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const MAX_STDERR = 64 * 1024;
const MAX_OUTPUT_LINES = 5000;

/** Starts services/<name>/dist/index.js on a free port and resolves once it listens. */
export async function startServiceProcess(
  name: string,
  { env = {}, startTimeoutMs = 60_000, baseEnv }: StartServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [`${ROOT}services/${name}/dist/index.js`], {
    cwd: ROOT,
    env: {
      ...(baseEnv ?? {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        USAGE_SINKS: 'none',
        MCP_API_KEYS: `${TEST_KEYS.read}:reader:read ${TEST_KEYS.write}:writer:write ${TEST_KEYS.admin}:operator:admin`,
      }),
      ...env,
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number | undefined;
  let stderr = '';
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8').on('data', (data: string) => {
      if (stream === child.stderr && stderr.length < MAX_STDERR) stderr += data.slice(0, MAX_STDERR - stderr.length);
      const lines = (rest + data).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        if (output.length < MAX_OUTPUT_LINES) output.push(line);
        port ??= Number(/listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(line)?.[1]) || undefined;
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const exit = () =>
    child.exitCode === null && child.signalCode === null ? undefined : { code: child.exitCode, signal: child.signalCode };
  const deadline = Date.now() + startTimeoutMs;
  while (port === undefined) {
    if (exit()) throw new Error(`${name} exited while starting (${JSON.stringify(exit())}): ${stderr || output.slice(-10).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen within ${startTimeoutMs} ms`);
    }
    await sleep(25);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    pid: child.pid ?? 0,
    port,
    child,
    output,
    url,
    mcpUrl: `${url}/mcp`,
    exit,
    exited,
    stderr: () => stderr,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    stop: async (timeoutMs = 10_000) => {
      if (exit()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
