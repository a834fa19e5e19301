/** `stop`, `restart`, `status` and `health`: everything that talks to a running supervisor. */
import { controlRequest } from '../control.js';
import { loadContext, selectServices } from '../context.js';
import { ManagerError } from '../errors.js';
import { formatTable, paint, paintState, print, printError, printJson } from '../output.js';
import { probeReady } from '../ports.js';
import { isAlive, type SupervisorSnapshot } from '../state.js';
import {
  findSupervisor,
  getSnapshot,
  onInterrupt,
  pollUntil,
  printServiceTable,
  requireSupervisor,
  type GlobalOptions,
  type StatusRow,
} from './common.js';

export interface StopOptions extends GlobalOptions {
  /** Drain time before SIGKILL (ms); default 15 000. */
  timeout?: number;
  json?: boolean;
}

/** Stops services (default all, and then the supervisor) and checks that no process is left. */
export async function stopCommand(names: string[], options: StopOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  if (names.length > 0) selectServices(context, names);
  const info = requireSupervisor(context, options.verbose);
  const timeoutMs = options.timeout ?? 15_000;
  const before = await getSnapshot(info);
  const targets = before.services.filter((s) => names.length === 0 || names.includes(s.name));
  const notRunning = names.filter((n) => !before.services.some((s) => s.name === n && s.state !== 'stopped'));
  const pids = targets.flatMap((s) => s.workers.map((w) => w.pid));
  const result = await controlRequest<{ stopped: string[]; supervisorExiting: boolean }>(info, 'POST', '/stop', { names, timeoutMs });
  if (result.supervisorExiting) pids.push(info.pid);
  // Trust, then verify: every pid must be gone.
  const gone = await pollUntil(() => pids.every((pid) => !isAlive(pid)), 5_000, 50);
  const killed: number[] = [];
  if (!gone) {
    for (const pid of pids.filter(isAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // exited meanwhile
      }
    }
  }
  const stopped = targets.filter((s) => s.state !== 'stopped').map((s) => s.name);
  if (options.json) printJson({ ok: true, stopped, notRunning, supervisorExited: result.supervisorExiting, killed });
  else {
    print(stopped.length > 0 ? `${paint('green', '✓')} stopped ${stopped.join(', ')}` : 'nothing was running');
    if (notRunning.length > 0) print(`not running: ${notRunning.join(', ')}`);
    if (result.supervisorExiting) print(`supervisor (pid ${info.pid}) exited`);
    if (killed.length > 0) printError(`warning: ${killed.length} process(es) ignored SIGTERM and were killed: ${killed.join(', ')}`);
  }
  return 0;
}

export interface RestartOptions extends GlobalOptions {
  rolling?: boolean;
  timeout?: number;
  json?: boolean;
}

/** Restarts services: stop + start, or one worker at a time with --rolling. */
export async function restartCommand(names: string[], options: RestartOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  if (names.length > 0) selectServices(context, names);
  const info = requireSupervisor(context, options.verbose);
  const snapshot = await controlRequest<SupervisorSnapshot & { restarted?: string[] }>(info, 'POST', '/restart', {
    names,
    rolling: options.rolling === true,
    timeoutMs: options.timeout ?? 30_000,
  });
  // Exactly what the supervisor restarted (with no names: the services that were not stopped).
  const restarted = snapshot.restarted ?? names;
  const rows = await withReadiness(snapshot.services.filter((s) => restarted.includes(s.name)));
  const bad = rows.filter((s) => s.state !== 'running' || !s.ready);
  if (options.json) printJson({ ok: bad.length === 0, rolling: options.rolling === true, restarted, services: rows });
  else {
    print(`${paint('green', '✓')} restarted ${restarted.join(', ')}${options.rolling ? ' (rolling)' : ''}`);
    printServiceTable(rows);
  }
  return bad.length > 0 ? 4 : 0;
}

/** Rows with a live `/ready` probe of each service that has a worker (`ready: false` otherwise). */
function withReadiness(services: SupervisorSnapshot['services']): Promise<StatusRow[]> {
  return Promise.all(
    services.map(async (s) => (s.workers.length > 0 ? { ...s, ready: (await probeReady(s.port)).ready } : { ...s, ready: false })),
  );
}

export interface StatusOptions extends GlobalOptions {
  json?: boolean;
}

/** Per service: state, pids, port, uptime, restarts, last exit, and a live /ready probe. */
export async function statusCommand(options: StatusOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  const info = findSupervisor(context, options.verbose);
  if (!info) {
    if (options.json) printJson({ running: false, stateDir: context.stateDir, supervisor: null, services: [] });
    else print(`not running: no supervisor for ${context.stateDir}. Start with: service-manager start`);
    return 3;
  }
  const snapshot = await getSnapshot(info);
  const rows = await withReadiness(snapshot.services);
  for (const s of context.services) {
    if (s.implemented && !rows.some((r) => r.name === s.name)) {
      rows.push({
        name: s.name,
        port: s.port + info.portOffset,
        state: 'stopped',
        desiredWorkers: 0,
        workers: [],
        startedAt: null,
        restarts: 0,
        lastExit: null,
        reason: null,
        lastLines: [],
        nextRestartAt: null,
      });
    }
  }
  if (options.json) {
    printJson({
      running: true,
      stateDir: context.stateDir,
      supervisor: {
        pid: info.pid,
        controlPort: info.controlPort,
        startedAt: snapshot.startedAt,
        production: snapshot.production,
        portOffset: snapshot.portOffset,
        foreground: snapshot.foreground,
      },
      services: rows,
    });
  } else {
    print(
      `supervisor pid ${info.pid} (${snapshot.production ? 'production' : 'development'}, since ${snapshot.startedAt}); state ${context.stateDir}\n`,
    );
    printServiceTable(rows);
  }
  // Stopped on purpose is fine; a service meant to run that is not running and ready is not.
  return rows.some((r) => r.state !== 'stopped' && (r.state !== 'running' || !r.ready)) ? 4 : 0;
}

export interface HealthOptions extends GlobalOptions {
  json?: boolean;
  watch?: boolean;
  interval?: number;
  portOffset?: number;
}

interface HealthRow {
  name: string;
  port: number;
  ready: boolean;
  status: number | null;
  detail: string;
}

/**
 * GET /ready on each service; non-zero (4) when any is not ready. With --watch: a round every
 * --interval until SIGINT/SIGTERM, which ends it with the last round's code (0 all ready, 4 not);
 * --json then prints one JSON object per line and round.
 */
export async function healthCommand(names: string[], options: HealthOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  const selected = selectServices(context, names);
  const info = findSupervisor(context, options.verbose);
  const snapshot = info ? await getSnapshot(info) : undefined;
  const offset = info?.portOffset ?? options.portOffset ?? Number(process.env.A2A_PORT_OFFSET || 0);
  // With no names: what the supervisor runs, else every implemented service.
  const targets =
    names.length === 0 && snapshot
      ? selected.filter((s) => snapshot.services.some((r) => r.name === s.name && r.state !== 'stopped'))
      : selected;
  if (targets.length === 0) throw new ManagerError('notRunning', 'no service is running');
  const interrupt = options.watch ? onInterrupt() : undefined;
  try {
    for (let round = 1; ; round++) {
      const rows: HealthRow[] = await Promise.all(
        targets.map(async (s) => {
          const port = snapshot?.services.find((r) => r.name === s.name)?.port ?? s.port + offset;
          const probe = await probeReady(port);
          const detail = probe.ready
            ? 'ready'
            : probe.status !== null
              ? `/ready answered ${probe.status}`
              : `unreachable (${probe.error ?? 'no answer'})`;
          return { name: s.name, port, ready: probe.ready, status: probe.status, detail };
        }),
      );
      const ok = rows.every((r) => r.ready);
      const code = ok ? 0 : 4;
      const checkedAt = new Date().toISOString();
      if (!interrupt) {
        if (options.json) printJson({ ok, checkedAt, services: rows });
        else
          print(
            formatTable(
              ['SERVICE', 'PORT', 'READY', 'DETAIL'],
              rows.map((r) => [r.name, String(r.port), paintState(r.ready ? 'ready' : 'not ready'), r.detail]),
            ),
          );
        return code;
      }
      if (options.json) print(JSON.stringify({ ok, round, checkedAt, services: rows }));
      else {
        if (round > 1) print();
        print(paint('dim', `round ${round} at ${checkedAt}`));
        print(
          formatTable(
            ['SERVICE', 'PORT', 'READY', 'DETAIL'],
            rows.map((r) => [r.name, String(r.port), paintState(r.ready ? 'ready' : 'not ready'), r.detail]),
          ),
        );
      }
      await interrupt.sleep(options.interval ?? 2_000);
      if (interrupt.received) {
        if (!options.json) printError(`${interrupt.received}: stopped watching after ${round} round${round === 1 ? '' : 's'}`);
        return code;
      }
    }
  } finally {
    interrupt?.dispose();
  }
}
