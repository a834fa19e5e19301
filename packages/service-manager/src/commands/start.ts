/**
 * `start`: checks builds and ports, launches the supervisor (detached, or in this process with
 * --foreground) and returns when every started service is ready or has failed. A failed start is
 * rolled back: nothing is left half-started.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { controlRequest } from '../control.js';
import { loadContext, requireBuilt, selectServices, type ManagerContext } from '../context.js';
import { ManagerError, messageOf } from '../errors.js';
import { paint, print, printError, printJson } from '../output.js';
import { isPortFree } from '../ports.js';
import { serve, type SuperviseRequest } from '../serve.js';
import { ensureStateDir, isAlive, readJson, stateFiles, type SupervisorInfo, type SupervisorSnapshot } from '../state.js';
import type { BackoffPolicy, ServiceSpec } from '../supervisor.js';
import { findSupervisor, getSnapshot, pollUntil, serviceUrl, sleep, tailFile, type GlobalOptions } from './common.js';

export interface StartOptions extends GlobalOptions {
  production?: boolean;
  foreground?: boolean;
  json?: boolean;
  workers?: number;
  portOffset?: number;
  /** How long to wait for readiness (ms); default 60 000. */
  timeout?: number;
  /** First restart delay after a crash (ms); default 500, doubling per crash in the window. */
  restartDelay?: number;
  /** Longest restart delay (ms); default 30 000. */
  restartDelayMax?: number;
  /** Crashes within --crash-loop-window that make a crash loop; default 5. */
  crashLoopCount?: number;
  /** default 60 000 ms. */
  crashLoopWindow?: number;
}

/** The backoff policy given on the command line (the rest stays the supervisor's default). */
function backoffOptions(options: StartOptions): Partial<BackoffPolicy> {
  const backoff: Partial<BackoffPolicy> = {};
  if (options.restartDelay !== undefined) backoff.initialMs = options.restartDelay;
  if (options.restartDelayMax !== undefined) backoff.maxMs = options.restartDelayMax;
  if (options.crashLoopCount !== undefined) backoff.crashLoopCount = options.crashLoopCount;
  if (options.crashLoopWindow !== undefined) backoff.windowMs = options.crashLoopWindow;
  return backoff;
}

const SUPERVISOR_MAIN = fileURLToPath(new URL('../supervisor-main.js', import.meta.url));

/** Takes `start.lock` (O_EXCL) so two `start`s cannot race; a lock of a dead pid is taken over. */
function acquireStartLock(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new ManagerError('alreadyRunning', `another start (pid ${holder}) is in progress for ${file.replace(/\/start\.lock$/, '')}`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new ManagerError('failure', `cannot take the start lock ${file}`);
}

function portOffsetFrom(value: number | undefined, info: SupervisorInfo | undefined): number {
  if (info) return info.portOffset;
  if (value !== undefined) return value;
  const env = process.env.A2A_PORT_OFFSET;
  if (env === undefined || env === '') return 0;
  const parsed = Number(env);
  if (!Number.isInteger(parsed)) throw new ManagerError('usage', `A2A_PORT_OFFSET must be an integer, got "${env}"`);
  return parsed;
}

/** Waits until each named service is running, or one failed, or the time is up. */
async function waitForServices(
  names: string[],
  read: () => Promise<SupervisorSnapshot | undefined>,
  timeoutMs: number,
  verbose: boolean,
): Promise<SupervisorSnapshot> {
  let last: SupervisorSnapshot | undefined;
  let lastLine = '';
  const finished = await pollUntil(
    async () => {
      last = await read();
      if (!last) throw new ManagerError('failure', 'the supervisor exited during start-up');
      const mine = last.services.filter((s) => names.includes(s.name));
      if (verbose) {
        const line = mine.map((s) => `${s.name}=${s.state}`).join(' ');
        if (line !== lastLine) printError(paint('dim', `  ${line}`, process.stderr));
        lastLine = line;
      }
      return mine.length === names.length && mine.every((s) => ['running', 'failed', 'crash-loop', 'stopped'].includes(s.state));
    },
    timeoutMs,
    150,
  );
  if (!last) throw new ManagerError('failure', 'the supervisor did not answer');
  const mine = last.services.filter((s) => names.includes(s.name));
  const failed = mine.filter((s) => s.state !== 'running');
  if (failed.length === 0 && finished) return last;
  const details: string[] = [];
  let kind: ManagerError['kind'] = finished ? 'failure' : 'notReady';
  for (const s of failed) {
    details.push(
      `${s.name}: ${s.state === 'failed' || s.state === 'crash-loop' ? (s.reason ?? s.state) : `not ready after ${timeoutMs} ms (state ${s.state})`}`,
    );
    for (const line of s.lastLines.slice(-10)) details.push(`  | ${line}`);
    if (s.lastExit?.code === 69) kind = 'portInUse';
    else if (s.lastExit?.code === 78 && kind !== 'portInUse') kind = 'config';
  }
  throw new ManagerError(kind, `${failed.map((s) => s.name).join(', ')} did not start; nothing was left running`, { details });
}

/** Launches the detached supervisor and waits until it has written supervisor.json. */
async function launchSupervisor(context: ManagerContext, request: SuperviseRequest, verbose: boolean): Promise<SupervisorInfo> {
  const files = stateFiles(context.stateDir);
  const logFd = openSync(files.supervisorLog, 'a', 0o600);
  const child = spawn(process.execPath, [SUPERVISOR_MAIN, JSON.stringify(request)], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    cwd: context.root,
    env: process.env,
  });
  closeSync(logFd);
  let exit: { code: number | null; signal: string | null } | undefined;
  child.on('exit', (code, signal) => (exit = { code, signal }));
  child.unref();
  if (verbose)
    printError(paint('dim', `launched the supervisor (pid ${child.pid ?? '?'}); its log: ${files.supervisorLog}`, process.stderr));
  let info: SupervisorInfo | undefined;
  const started = await pollUntil(
    () => {
      if (exit) return true;
      const candidate = readJson<SupervisorInfo>(files.supervisor);
      if (candidate?.pid === child.pid) info = candidate;
      return info !== undefined;
    },
    15_000,
    50,
  );
  if (info) return info;
  const lines = tailFile(files.supervisorLog, 10);
  if (exit) {
    const code = exit.code ?? 1;
    const kind = code === 6 ? 'portInUse' : code === 5 ? 'alreadyRunning' : code === 2 ? 'usage' : 'failure';
    throw new ManagerError(
      kind,
      `the supervisor exited during start-up (${exit.signal ?? `exit code ${code}`}); see ${files.supervisorLog}`,
      { details: lines },
    );
  }
  if (!started && child.pid) process.kill(child.pid, 'SIGKILL');
  throw new ManagerError('failure', `the supervisor did not come up within 15 s; see ${files.supervisorLog}`, { details: lines });
}

function defaultStateDir(context: ManagerContext): boolean {
  return context.stateDir === `${context.root}/.state`;
}

/** The lines printed after a successful start: where each service is, the key, how to stop. */
function printStarted(
  context: ManagerContext,
  snapshot: SupervisorSnapshot,
  names: string[],
  write: (line?: string) => void,
  production: boolean,
): void {
  const files = stateFiles(context.stateDir);
  const rows = snapshot.services.filter((s) => names.includes(s.name));
  write(
    `${paint('green', '✓')} started ${rows.map((s) => s.name).join(', ')} (${production ? 'production' : 'development'} profile, supervisor pid ${snapshot.pid})`,
  );
  write();
  for (const s of rows)
    write(`  ${s.name.padEnd(24)} ${serviceUrl(s.port)}/mcp   port ${s.port}   pid ${s.workers.map((w) => w.pid).join(',')}`);
  write();
  const flag = defaultStateDir(context) ? '' : ` --state-dir ${context.stateDir}`;
  const cli = 'node packages/service-manager/dist/cli.js';
  if (existsSync(files.keys)) write(`API keys:  ${files.keys} (manage with: ${cli} keys list${flag})`);
  if (!production && existsSync(files.devKey))
    write(`Dev key:   ${files.devKey}  (send as "Authorization: Bearer <key>"; cat the file to see it)`);
  else if (production) write('API keys:  from MCP_API_KEYS / API_KEY_<N> / API_KEYS_FILE');
  write(`Logs:      ${files.logs}/<service>.log  (${cli} logs <service> -f${flag})`);
  write(`Status:    ${cli} status${flag}`);
  write(`Stop:      ${cli} stop${flag}`);
}

/** What `start --json` prints once the services are ready. */
function startedJson(
  context: ManagerContext,
  info: Pick<SupervisorInfo, 'pid' | 'controlPort' | 'foreground'>,
  snapshot: SupervisorSnapshot,
  names: string[],
) {
  const files = stateFiles(context.stateDir);
  return {
    ok: true,
    stateDir: context.stateDir,
    supervisor: { pid: info.pid, controlPort: info.controlPort, foreground: info.foreground },
    devKeyFile: existsSync(files.devKey) ? files.devKey : null,
    keysFile: files.keys,
    services: snapshot.services.filter((s) => names.includes(s.name)).map((s) => ({ ...s, url: serviceUrl(s.port) })),
  };
}

/**
 * With OAuth on, every service the supervisor starts gets the same PUBLIC_URL and so the same token
 * audience: a token for one service is accepted by all. Worth a warning, not a refusal (a lab or a
 * single-service start is fine).
 */
export function sharedAudienceWarning(serviceCount: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (serviceCount < 2 || !env.OAUTH_ISSUER) return undefined;
  const audience = env.OAUTH_AUDIENCE ?? (env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, '')}/mcp` : undefined);
  if (audience === undefined) return undefined;
  return `all ${serviceCount} services get the OAuth audience ${audience}, so they accept each other's tokens; give each service its own PUBLIC_URL (run them separately, or under Kubernetes/compose as docs/deployment.md shows)`;
}

/**
 * Workers of one service share nothing but the store: without REDIS_URL each keeps its own
 * sessions, mailboxes, streams and rate-limit counts, and a client sees whichever worker it lands
 * on. The production profile refuses that (exit 8, naming the fix); development warns.
 */
function checkSharedStore(workers: number, production: boolean, chosen: boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (workers <= 1 || env.REDIS_URL || env.REDIS_URL_FILE) return;
  const what = chosen ? `--workers ${workers} runs ${workers} workers per service` : `--production runs ${workers} workers per service`;
  if (production) {
    throw new ManagerError('config', `${what}, which need a shared store: set REDIS_URL (or REDIS_URL_FILE), or pass --workers 1`);
  }
  printError(
    `warning: ${what} without REDIS_URL: each worker keeps its own sessions, mailboxes, streams and rate-limit counts; set REDIS_URL to share them`,
  );
}

/** Runs `start`; resolves with the exit code (foreground: when the supervisor ends). */
export async function startCommand(names: string[], options: StartOptions): Promise<number> {
  const verbose = options.verbose === true;
  const context = loadContext({ stateDir: options.stateDir });
  let services = selectServices(context, names);
  requireBuilt(services);
  ensureStateDir(context.stateDir);
  const files = stateFiles(context.stateDir);
  if (verbose) printError(paint('dim', `registry ${context.servicesFile}; state directory ${context.stateDir}`, process.stderr));
  const shared = sharedAudienceWarning(services.length);
  if (shared) printError(`warning: ${shared}`);

  let info = findSupervisor(context, verbose);
  if (info && options.foreground)
    throw new ManagerError('alreadyRunning', `a supervisor is already running (pid ${info.pid}); stop it first: service-manager stop`);
  if (info) {
    const snapshot = await getSnapshot(info);
    const running = services.filter((s) =>
      snapshot.services.some((r) => r.name === s.name && !['stopped', 'failed', 'crash-loop'].includes(r.state)),
    );
    // With no names, `start` completes the fleet: it starts what is not running and leaves the rest.
    if (names.length === 0 && running.length < services.length) services = services.filter((s) => !running.includes(s));
    else if (running.length > 0) {
      throw new ManagerError(
        'alreadyRunning',
        `already running: ${running.map((s) => s.name).join(', ')} (supervisor pid ${info.pid}). Use restart, or stop first`,
      );
    }
    if (Object.keys(backoffOptions(options)).length > 0) {
      printError(
        'note: the running supervisor keeps the restart backoff it was started with; --restart-delay, --restart-delay-max and --crash-loop-* apply when start launches the supervisor',
      );
    }
    if (options.production !== undefined && options.production !== info.production) {
      printError(
        `note: the running supervisor uses the ${info.production ? 'production' : 'development'} profile; new services join it with that profile`,
      );
    }
  }
  const production = info ? info.production : options.production === true;
  const workers = options.workers ?? (production ? 2 : 1);
  checkSharedStore(workers, production, options.workers !== undefined);
  const release = acquireStartLock(files.startLock);
  try {
    const offset = portOffsetFrom(options.portOffset, info);
    const specs: ServiceSpec[] = services.map((s) => ({ name: s.name, port: s.port + offset, entry: s.entry }));
    const bad = specs.filter((s) => s.port < 1 || s.port > 65535);
    if (bad.length > 0)
      throw new ManagerError(
        'usage',
        `port offset ${offset} gives ports outside 1-65535: ${bad.map((s) => `${s.name} ${s.port}`).join(', ')}`,
      );
    for (const spec of specs) {
      if (!(await isPortFree(spec.port))) {
        throw new ManagerError(
          'portInUse',
          `port ${spec.port} (${spec.name}) is already in use by another process; nothing was started. See who holds it: ss -ltnp 'sport = :${spec.port}'`,
        );
      }
    }
    const request: SuperviseRequest = {
      root: context.root,
      stateDir: context.stateDir,
      services: specs,
      workers,
      production,
      portOffset: offset,
      stopTimeoutMs: 15_000,
      backoff: backoffOptions(options),
    };
    const names = specs.map((s) => s.name);
    const timeoutMs = options.timeout ?? 60_000;

    if (options.foreground) return await runForeground(context, request, names, timeoutMs, options, release);

    const launched = !info;
    if (info) await controlRequest(info, 'POST', '/start', { services: specs, workers });
    else info = await launchSupervisor(context, request, verbose);
    const live = info;
    let snapshot: SupervisorSnapshot;
    try {
      snapshot = await waitForServices(names, async () => (isAlive(live.pid) ? await getSnapshot(live) : undefined), timeoutMs, verbose);
    } catch (error) {
      await rollBack(live, launched ? [] : names);
      throw error;
    }
    if (options.json) printJson(startedJson(context, live, snapshot, names));
    else printStarted(context, snapshot, names, print, production);
    return 0;
  } finally {
    release();
  }
}

/** Undoes a failed start: stops what it started (all, and the supervisor, when it launched it). */
async function rollBack(info: SupervisorInfo, names: string[]): Promise<void> {
  try {
    const result = await controlRequest<{ supervisorExiting: boolean }>(info, 'POST', '/stop', { names, timeoutMs: 5_000 });
    if (result.supervisorExiting) await pollUntil(() => !isAlive(info.pid), 10_000);
  } catch (error) {
    printError(`warning: could not roll back the failed start: ${messageOf(error)}`);
  }
}

async function runForeground(
  context: ManagerContext,
  request: SuperviseRequest,
  names: string[],
  timeoutMs: number,
  options: StartOptions,
  release: () => void,
): Promise<number> {
  const log = (message: string, fields: Record<string, unknown> = {}) =>
    process.stdout.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service: 'supervisor', message, ...fields })}\n`,
    );
  const handle = await serve(request, { foreground: true, log, echo: (chunk) => process.stdout.write(chunk) });
  release();
  try {
    const snapshot = await waitForServices(names, () => Promise.resolve(handle.supervisor.snapshot()), timeoutMs, options.verbose === true);
    // stdout carries the JSON log lines (the supervisor's and the services'); with --json the
    // result is one more JSON line there, the human summary goes to stderr otherwise.
    if (options.json) process.stdout.write(`${JSON.stringify(startedJson(context, handle.info, snapshot, names))}\n`);
    else {
      printStarted(context, snapshot, names, (line = '') => printError(line), request.production);
      printError('\nRunning in the foreground: Ctrl-C or SIGTERM stops every service.');
    }
  } catch (error) {
    await handle.shutdown(5_000);
    throw error;
  }
  const code = await handle.done;
  await sleep(10);
  return code;
}
