/**
 * The supervisor: the node:cluster primary that owns every service's workers. Workers of one
 * service share its port (the primary holds the listening socket and hands out connections), so a
 * rolling restart can add a new worker before the old one leaves. Crashed workers come back after
 * an exponential backoff; too many crashes in a window stop the retries (`crash-loop`).
 */
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ManagerError } from './errors.js';
import { LineTail, RotatingLog } from './log-file.js';
import { isPortFree, probeReady } from './ports.js';
import {
  stateFiles,
  writeJsonAtomic,
  type ServiceSnapshot,
  type ServiceState,
  type SupervisorSnapshot,
  type WorkerSnapshot,
} from './state.js';

/** What the supervisor needs to run one service. */
export interface ServiceSpec {
  name: string;
  /** The port it listens on (registry port + offset). */
  port: number;
  /** Absolute path of `services/<name>/dist/index.js`. */
  entry: string;
}

export interface BackoffPolicy {
  /** First restart delay; default 500 ms, doubling per recent crash. */
  initialMs: number;
  /** Longest restart delay; default 30 s. */
  maxMs: number;
  /** Crashes within `windowMs` that make a crash loop; default 5. */
  crashLoopCount: number;
  /** Default 60 s. */
  windowMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, crashLoopCount: 5, windowMs: 60_000 };

export interface SupervisorOptions {
  root: string;
  stateDir: string;
  production: boolean;
  portOffset: number;
  foreground: boolean;
  backoff?: Partial<BackoffPolicy>;
  /** Environment given to every worker (on top of the supervisor's own). */
  env?: Record<string, string>;
  /** Called with each chunk of service output (foreground mode mirrors it to stdout). */
  echo?: (chunk: Buffer) => void;
  /** The supervisor's own event log. */
  log: (message: string, fields?: Record<string, unknown>) => void;
}

interface ManagedWorker {
  worker: Worker;
  id: number;
  pid: number;
  state: WorkerSnapshot['state'];
  startedAt: Date;
  retiring: boolean;
  exited: Promise<void>;
}

interface ManagedService {
  spec: ServiceSpec;
  state: ServiceState;
  desiredWorkers: number;
  workers: Map<number, ManagedWorker>;
  startedAt: Date | null;
  everReady: boolean;
  restarts: number;
  crashTimes: number[];
  lastExit: ServiceSnapshot['lastExit'];
  reason: string | null;
  lastLines: string[];
  tail: LineTail;
  log: RotatingLog;
  timer: NodeJS.Timeout | undefined;
  nextRestartAt: Date | null;
}

/** Credentials other than the keys file in the workers' environment (as core counts them). */
export function hasOtherCredentials(...envs: (Record<string, string | undefined> | undefined)[]): boolean {
  return envs.some((env) =>
    Object.entries(env ?? {}).some(
      ([name, value]) =>
        value !== undefined &&
        value.trim() !== '' &&
        (['MCP_API_KEYS', 'JWT_SECRET', 'OAUTH_ISSUER'].includes(name) || /^API_KEY_\d+$/.test(name)),
    ),
  );
}

/** Words for an exit: `exit code 78 (configuration error)`, `signal SIGKILL`. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  const meaning: Record<number, string> = {
    0: 'exited normally',
    1: 'error',
    69: 'port already in use',
    78: 'configuration error',
    130: 'interrupted',
  };
  return `exit code ${code ?? '?'}${code !== null && meaning[code] ? ` (${meaning[code]})` : ''}`;
}

export class Supervisor extends EventEmitter {
  private readonly services = new Map<string, ManagedService>();
  private readonly backoff: BackoffPolicy;
  private readonly startedAt = new Date();
  private persistQueued = false;
  private stopped = false;

  constructor(private readonly options: SupervisorOptions) {
    super();
    this.setMaxListeners(0);
    // Workers accept on the shared socket themselves. With round-robin the primary queues accepted
    // connections for a worker; when that worker leaves during a rolling restart, Node 20 can leave
    // them stuck in the queue (measured: requests hung forever). Must be set before the first fork.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Starts services (each with `workers` workers); the named ones must not be running already. */
  async start(specs: readonly ServiceSpec[], workers: number): Promise<void> {
    const running = specs.filter((spec) => {
      const existing = this.services.get(spec.name);
      return existing && !['stopped', 'failed', 'crash-loop'].includes(existing.state);
    });
    if (running.length > 0) throw new ManagerError('alreadyRunning', `already running: ${running.map((s) => s.name).join(', ')}`);
    // Leftover workers of a crash-looping service go first, so the new ones start clean (an empty
    // list stops nothing: `stop` treats only `undefined` as "all").
    const leftovers = specs.map((s) => s.name).filter((n) => (this.services.get(n)?.workers.size ?? 0) > 0);
    if (leftovers.length > 0) await this.stop(leftovers, 10_000);
    for (const spec of specs) {
      if (!(await isPortFree(spec.port))) {
        throw new ManagerError('portInUse', `port ${spec.port} (${spec.name}) is already in use by another process`);
      }
    }
    for (const spec of specs) {
      const service = this.services.get(spec.name) ?? this.create(spec);
      service.spec = spec;
      service.desiredWorkers = workers;
      this.reset(service);
      service.state = 'starting';
      service.startedAt = new Date();
      this.options.log('starting service', { service: spec.name, port: spec.port, workers });
      for (let i = 0; i < workers; i++) this.fork(service);
    }
    this.changed();
  }

  /**
   * Stops services gracefully: SIGTERM, drain, SIGKILL after `timeoutMs`. `undefined` means every
   * service; a list means exactly those (an empty list stops nothing).
   */
  async stop(names: readonly string[] | undefined, timeoutMs: number, { signal = true }: { signal?: boolean } = {}): Promise<string[]> {
    const targets =
      names === undefined
        ? [...this.services.values()]
        : names.map((n) => this.services.get(n)).filter((s): s is ManagedService => s !== undefined);
    await Promise.all(
      targets.map(async (service) => {
        this.clearTimer(service);
        if (service.state === 'stopped') return;
        service.state = 'stopping';
        this.changed();
        await Promise.all([...service.workers.values()].map((w) => this.retire(service, w, timeoutMs, signal)));
        service.state = 'stopped';
        this.options.log('stopped service', { service: service.spec.name });
        this.changed();
      }),
    );
    return targets.map((s) => s.spec.name);
  }

  /**
   * Restarts services (the named ones, or every one not stopped) and resolves with their names.
   * Rolling: for each worker, fork a new one, wait until it listens and the port answers /ready,
   * then retire the old one (it drains). Otherwise: stop, then start. Other services are not touched.
   */
  async restart(names: readonly string[] | undefined, { rolling, timeoutMs }: { rolling: boolean; timeoutMs: number }): Promise<string[]> {
    const targets =
      names && names.length > 0 ? names.map((n) => this.require(n)) : [...this.services.values()].filter((s) => s.state !== 'stopped');
    if (targets.length === 0)
      throw new ManagerError('notRunning', 'no service is running: nothing to restart (start them with: service-manager start)');
    for (const service of targets) {
      const live = [...service.workers.values()].filter((w) => !w.retiring);
      if (!rolling || live.length === 0) {
        await this.stop([service.spec.name], timeoutMs);
        await this.start([service.spec], service.desiredWorkers);
        await this.waitRunning(service, timeoutMs);
        continue;
      }
      this.clearTimer(service);
      service.state = 'restarting';
      service.crashTimes = [];
      this.changed();
      this.options.log('rolling restart', { service: service.spec.name, workers: live.length });
      for (const old of live) {
        const fresh = this.fork(service);
        try {
          await this.waitReady(service, fresh, timeoutMs);
        } catch (error) {
          service.state = 'running';
          this.refresh(service);
          throw error;
        }
        await this.retire(service, old, timeoutMs);
      }
      while (this.liveCount(service) < service.desiredWorkers) await this.waitReady(service, this.fork(service), timeoutMs);
      service.state = 'running';
      this.refresh(service);
    }
    return targets.map((s) => s.spec.name);
  }

  /** The supervisor's view of every service. */
  snapshot(): SupervisorSnapshot {
    return {
      pid: process.pid,
      startedAt: this.startedAt.toISOString(),
      production: this.options.production,
      portOffset: this.options.portOffset,
      foreground: this.options.foreground,
      services: [...this.services.values()].map((s) => ({
        name: s.spec.name,
        port: s.spec.port,
        state: s.state,
        desiredWorkers: s.desiredWorkers,
        workers: [...s.workers.values()].map((w) => ({ id: w.id, pid: w.pid, state: w.state, startedAt: w.startedAt.toISOString() })),
        startedAt: s.startedAt?.toISOString() ?? null,
        restarts: s.restarts,
        lastExit: s.lastExit,
        reason: s.reason,
        lastLines: s.lastLines,
        nextRestartAt: s.nextRestartAt?.toISOString() ?? null,
      })),
    };
  }

  /** True when no service has a worker or a pending restart. */
  idle(): boolean {
    return [...this.services.values()].every((s) => s.workers.size === 0 && s.timer === undefined);
  }

  /** Stops everything and closes the logs; the state files are left to the caller. */
  async shutdown(timeoutMs: number, { signal = true }: { signal?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    await this.stop(undefined, timeoutMs, { signal });
    this.stopped = true;
    for (const service of this.services.values()) service.log.close();
  }

  /** SIGKILLs every worker at once (second signal). */
  killAll(): void {
    for (const service of this.services.values()) {
      this.clearTimer(service);
      for (const w of service.workers.values()) w.worker.process.kill('SIGKILL');
    }
  }

  private require(name: string): ManagedService {
    const service = this.services.get(name);
    if (!service) throw new ManagerError('notRunning', `${name} is not running under this supervisor`);
    return service;
  }

  private create(spec: ServiceSpec): ManagedService {
    const service: ManagedService = {
      spec,
      state: 'stopped',
      desiredWorkers: 1,
      workers: new Map(),
      startedAt: null,
      everReady: false,
      restarts: 0,
      crashTimes: [],
      lastExit: null,
      reason: null,
      lastLines: [],
      tail: new LineTail(20),
      log: new RotatingLog(stateFiles(this.options.stateDir).serviceLog(spec.name)),
      timer: undefined,
      nextRestartAt: null,
    };
    this.services.set(spec.name, service);
    return service;
  }

  private reset(service: ManagedService): void {
    this.clearTimer(service);
    service.everReady = false;
    service.restarts = 0;
    service.crashTimes = [];
    service.reason = null;
    service.lastLines = [];
    service.tail.clear();
  }

  private clearTimer(service: ManagedService): void {
    if (service.timer) clearTimeout(service.timer);
    service.timer = undefined;
    service.nextRestartAt = null;
  }

  private liveCount(service: ManagedService): number {
    return [...service.workers.values()].filter((w) => !w.retiring).length;
  }

  private workerEnv(service: ManagedService): Record<string, string> {
    const files = stateFiles(this.options.stateDir);
    const env: Record<string, string> = {
      PORT: String(service.spec.port),
      STATE_DIR: this.options.stateDir,
      SERVICES_FILE: join(this.options.root, 'services.json'),
      // The manager's two profiles; an inherited NODE_ENV=test (jest) would leave a service without keys.
      NODE_ENV: this.options.production ? 'production' : 'development',
      ...this.options.env,
    };
    // The keys file is passed even before it exists (core reads an absent file as no keys and
    // reloads it once `service-manager keys create` writes it), except in production when nothing
    // else gives credentials: there a service must refuse to start without any (exit 78).
    if (
      !process.env.API_KEYS_FILE &&
      (existsSync(files.keys) || !this.options.production || hasOtherCredentials(process.env, this.options.env))
    )
      env.API_KEYS_FILE = files.keys;
    // The MCP_PORT alias would conflict with the PORT we set (core rejects two different values).
    if (process.env.MCP_PORT) env.MCP_PORT = env.PORT ?? '';
    return env;
  }

  private fork(service: ManagedService): ManagedWorker {
    cluster.setupPrimary({
      exec: service.spec.entry,
      args: this.options.production ? ['--production'] : [],
      execArgv: [],
      silent: true,
      cwd: this.options.root,
    });
    const worker = cluster.fork(this.workerEnv(service));
    let onExit!: () => void;
    const managed: ManagedWorker = {
      worker,
      id: worker.id,
      pid: worker.process.pid ?? -1,
      state: 'starting',
      startedAt: new Date(),
      retiring: false,
      exited: new Promise<void>((resolve) => (onExit = resolve)),
    };
    service.workers.set(worker.id, managed);
    const capture = (chunk: Buffer) => {
      service.log.write(chunk);
      service.tail.push(chunk);
      this.options.echo?.(chunk);
    };
    worker.process.stdout?.on('data', capture);
    worker.process.stderr?.on('data', capture);
    worker.on('error', (error) => this.options.log('worker error', { service: service.spec.name, pid: managed.pid, error: error.message }));
    worker.on('listening', () => void this.markReady(service, managed));
    worker.on('exit', (code: number | null, signal: string | null) => {
      onExit();
      this.onExit(service, managed, code, signal);
    });
    this.options.log('forked worker', { service: service.spec.name, pid: managed.pid, worker: worker.id });
    this.changed();
    return managed;
  }

  private async markReady(service: ManagedService, managed: ManagedWorker): Promise<void> {
    // The worker listens; /ready on the shared port confirms the service answers (a new worker's
    // readiness cannot be asked of it alone: the primary spreads connections across workers).
    for (let attempt = 0; attempt < 100 && service.workers.has(managed.id) && !managed.retiring; attempt++) {
      const probe = await probeReady(service.spec.port, 1000);
      if (probe.ready) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!service.workers.has(managed.id) || managed.retiring) return;
    managed.state = 'ready';
    service.everReady = true;
    this.refresh(service);
  }

  /** Resolves once the new worker is ready; rejects when it exits first or the time is up. */
  private waitReady(service: ManagedService, managed: ManagedWorker, timeoutMs: number): Promise<void> {
    return this.waitFor(
      timeoutMs,
      () => {
        if (managed.state === 'ready') return true;
        if (!service.workers.has(managed.id)) {
          return new ManagerError(
            'failure',
            `${service.spec.name}: the new worker (pid ${managed.pid}) ${describeExit(service.lastExit?.code ?? null, service.lastExit?.signal ?? null)} before it was ready; the old workers keep serving`,
            { details: service.tail.get().slice(-10) },
          );
        }
        return false;
      },
      () => new ManagerError('notReady', `${service.spec.name}: the new worker (pid ${managed.pid}) was not ready within ${timeoutMs} ms`),
    );
  }

  /** Resolves once the service is running (every worker ready); rejects when it fails or the time is up. */
  private waitRunning(service: ManagedService, timeoutMs: number): Promise<void> {
    return this.waitFor(
      timeoutMs,
      () => {
        if (service.state === 'running') return true;
        if (service.state === 'failed' || service.state === 'crash-loop' || service.state === 'stopped') {
          return new ManagerError(
            service.lastExit?.code === 78 ? 'config' : 'failure',
            `${service.spec.name}: ${service.reason ?? service.state}`,
            { details: service.lastLines.slice(-10) },
          );
        }
        return false;
      },
      () => new ManagerError('notReady', `${service.spec.name} was not ready within ${timeoutMs} ms (state ${service.state})`),
    );
  }

  /**
   * Re-evaluates `outcome` now and on every change: true resolves, an error rejects, false waits.
   * After `timeoutMs` it rejects with `timedOut()`.
   */
  private waitFor(timeoutMs: number, outcome: () => boolean | Error, timedOut: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const result = outcome();
        if (result === true) done(undefined);
        else if (result instanceof Error) done(result);
      };
      const timer = setTimeout(() => done(timedOut()), timeoutMs);
      const done = (error: Error | undefined) => {
        clearTimeout(timer);
        this.off('change', check);
        if (error) reject(error);
        else resolve();
      };
      this.on('change', check);
      check();
    });
  }

  private async retire(service: ManagedService, managed: ManagedWorker, timeoutMs: number, signal = true): Promise<void> {
    if (!service.workers.has(managed.id)) return;
    managed.retiring = true;
    managed.state = 'draining';
    this.changed();
    // signal=false: the worker already got the terminal's SIGINT; a second signal would make it skip draining.
    if (signal) managed.worker.process.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      managed.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.options.log('worker did not stop in time; SIGKILL', { service: service.spec.name, pid: managed.pid, timeoutMs });
      managed.worker.process.kill('SIGKILL');
      await managed.exited;
    }
  }

  private onExit(service: ManagedService, managed: ManagedWorker, code: number | null, signal: string | null): void {
    service.workers.delete(managed.id);
    // Keep the exit that made the service fail, not that of the workers retired after it.
    if (!(managed.retiring && service.state === 'failed'))
      service.lastExit = { pid: managed.pid, code, signal, at: new Date().toISOString() };
    this.options.log('worker exited', { service: service.spec.name, pid: managed.pid, code, signal, expected: managed.retiring });
    if (managed.retiring || service.state === 'stopping' || service.state === 'stopped' || this.stopped) return this.changed();
    if (!service.everReady) {
      // Died during start-up: restarting would only repeat it. Report why and stop the rest.
      service.state = 'failed';
      service.reason = `exited during start-up: ${describeExit(code, signal)}`;
      service.lastLines = service.tail.get();
      for (const other of service.workers.values()) void this.retire(service, other, 5_000);
      return this.changed();
    }
    const now = Date.now();
    service.crashTimes = [...service.crashTimes.filter((t) => now - t < this.backoff.windowMs), now];
    if (service.crashTimes.length >= this.backoff.crashLoopCount) {
      this.clearTimer(service);
      service.state = 'crash-loop';
      service.reason = `crashed ${service.crashTimes.length} times within ${Math.round(this.backoff.windowMs / 1000)} s (last: ${describeExit(code, signal)}); not restarting it. Fix it, then: service-manager restart ${service.spec.name}`;
      service.lastLines = service.tail.get();
      this.options.log('crash loop: giving up', { service: service.spec.name });
      return this.changed();
    }
    if (service.timer) return this.changed();
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (service.crashTimes.length - 1));
    service.reason = `crashed: ${describeExit(code, signal)}; restarting in ${delay} ms`;
    this.options.log('restart scheduled', { service: service.spec.name, crashes: service.crashTimes.length, delayMs: delay });
    service.lastLines = service.tail.get();
    service.nextRestartAt = new Date(now + delay);
    service.timer = setTimeout(() => {
      service.timer = undefined;
      service.nextRestartAt = null;
      if (this.stopped || !['running', 'degraded', 'backoff', 'starting'].includes(service.state)) return;
      while (this.liveCount(service) < service.desiredWorkers) {
        service.restarts++;
        this.fork(service);
      }
      this.refresh(service);
    }, delay);
    this.refresh(service);
  }

  /** Recomputes a service's state from its workers (unless a command owns the state). */
  private refresh(service: ManagedService): void {
    if (!['stopping', 'stopped', 'failed', 'crash-loop', 'restarting'].includes(service.state)) {
      const ready = [...service.workers.values()].filter((w) => w.state === 'ready').length;
      if (ready >= service.desiredWorkers) {
        service.state = 'running';
        if (service.timer === undefined) service.reason = null;
      } else if (ready > 0) service.state = 'degraded';
      else if (service.timer) service.state = 'backoff';
      else service.state = service.everReady ? 'degraded' : 'starting';
    }
    this.changed();
  }

  /** Emits `change` and persists state.json (coalesced per tick). */
  private changed(): void {
    this.emit('change');
    if (this.persistQueued || this.stopped) return;
    this.persistQueued = true;
    setImmediate(() => {
      this.persistQueued = false;
      if (this.stopped) return;
      try {
        writeJsonAtomic(stateFiles(this.options.stateDir).state, this.snapshot());
      } catch (error) {
        this.options.log('cannot write state.json', { error: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}
