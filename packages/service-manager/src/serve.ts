/**
 * Runs a supervisor as a process: the control server, supervisor.json, signals and the exit when
 * everything is stopped. Used by the background process (supervisor-main.ts) and by
 * `start --foreground`.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startControlServer } from './control.js';
import { ManagerError } from './errors.js';
import { ensureStateDir, stateFiles, writeJsonAtomic, type SupervisorInfo } from './state.js';
import { Supervisor, type BackoffPolicy, type ServiceSpec, type SupervisorOptions } from './supervisor.js';

/** What the CLI hands to a supervisor it launches. */
export interface SuperviseRequest {
  root: string;
  stateDir: string;
  services: ServiceSpec[];
  workers: number;
  production: boolean;
  portOffset: number;
  /** Default stop timeout on signals (ms). */
  stopTimeoutMs: number;
  /** Restart backoff and crash-loop bound (start's --restart-delay, --crash-loop-count, …). */
  backoff?: Partial<BackoffPolicy>;
}

export interface ServeHandle {
  supervisor: Supervisor;
  info: SupervisorInfo;
  /** Resolves with the exit code once the supervisor has shut down. */
  done: Promise<number>;
  /** Stops everything, removes the state files, closes the control server. */
  shutdown: (timeoutMs: number, options?: { signal?: boolean }) => Promise<void>;
}

function isServiceSpec(value: unknown): value is ServiceSpec {
  const v = value as Partial<ServiceSpec> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.port === 'number' && typeof v.entry === 'string';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The backoff fields of a request that are positive integers (it crosses a process boundary as JSON). */
function backoffFrom(value: unknown): Partial<BackoffPolicy> {
  const result: Partial<BackoffPolicy> = {};
  if (value === null || typeof value !== 'object') return result;
  const v = value as Record<string, unknown>;
  for (const key of ['initialMs', 'maxMs', 'crashLoopCount', 'windowMs'] as const) {
    const n = v[key];
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) result[key] = n;
  }
  return result;
}

/** Starts the supervisor, its control server and the requested services. */
export async function serve(
  request: SuperviseRequest,
  options: Pick<SupervisorOptions, 'echo' | 'log' | 'backoff'> & { foreground: boolean },
): Promise<ServeHandle> {
  ensureStateDir(request.stateDir);
  const files = stateFiles(request.stateDir);
  const { backoff, ...rest } = options;
  const supervisor = new Supervisor({
    root: request.root,
    stateDir: request.stateDir,
    production: request.production,
    portOffset: request.portOffset,
    ...rest,
    backoff: { ...backoffFrom(request.backoff), ...backoff },
  });
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  let shuttingDown: Promise<void> | undefined;
  const token = randomBytes(32).toString('base64url');

  const shutdown = (timeoutMs: number, shutdownOptions: { signal?: boolean } = {}) =>
    (shuttingDown ??= (async () => {
      options.log('supervisor shutting down', { timeoutMs });
      await supervisor.shutdown(timeoutMs, shutdownOptions);
      control.server.close();
      control.server.closeIdleConnections();
      rmSync(files.supervisor, { force: true });
      rmSync(files.state, { force: true });
      options.log('supervisor stopped');
      resolveDone(0);
    })());

  const control = await startControlServer(token, {
    'GET /status': () => Promise.resolve(supervisor.snapshot()),
    'POST /start': async (body) => {
      const services = Array.isArray(body.services) ? body.services.filter(isServiceSpec) : [];
      if (services.length === 0) throw new ManagerError('usage', 'no services to start');
      await supervisor.start(services, Math.max(1, Math.floor(numberOr(body.workers, 1))));
      return supervisor.snapshot();
    },
    'POST /stop': async (body, after) => {
      const names = Array.isArray(body.names) ? body.names.filter((n): n is string => typeof n === 'string') : [];
      const timeoutMs = numberOr(body.timeoutMs, request.stopTimeoutMs);
      // Stopping everything (or the last running service) ends the supervisor too, once it has
      // answered: the CLI then waits for its pid to go.
      const stopped = await supervisor.stop(names.length === 0 ? undefined : names, timeoutMs);
      const exiting = names.length === 0 || supervisor.idle();
      if (exiting) after(() => void shutdown(timeoutMs));
      return { stopped, supervisorExiting: exiting };
    },
    'POST /restart': async (body) => {
      const names = Array.isArray(body.names) ? body.names.filter((n): n is string => typeof n === 'string') : [];
      const restarted = await supervisor.restart(names, { rolling: body.rolling === true, timeoutMs: numberOr(body.timeoutMs, 30_000) });
      return { ...supervisor.snapshot(), restarted };
    },
  });

  const info: SupervisorInfo = {
    pid: process.pid,
    controlPort: control.port,
    token,
    startedAt: new Date().toISOString(),
    root: request.root,
    production: request.production,
    portOffset: request.portOffset,
    foreground: options.foreground,
  };
  writeJsonAtomic(files.supervisor, info);
  options.log('supervisor listening for control requests', { pid: process.pid, controlPort: control.port });

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      options.log(`second ${signal}: killing every worker`);
      supervisor.killAll();
      rmSync(files.supervisor, { force: true });
      rmSync(files.state, { force: true });
      resolveDone(130);
      return;
    }
    options.log(`received ${signal}: stopping every service`);
    // A terminal's Ctrl-C reaches the workers too (same process group); signalling them again
    // would make them skip draining, so then the supervisor only waits for them.
    void shutdown(request.stopTimeoutMs, { signal: !(signal === 'SIGINT' && options.foreground && process.stdin.isTTY) });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    if (request.services.length > 0) await supervisor.start(request.services, request.workers);
  } catch (error) {
    await shutdown(5_000);
    throw error;
  }
  return { supervisor, info, done, shutdown };
}
