/** Pieces several commands share: finding the supervisor, waiting on it, printing a service table. */
import { readFileSync } from 'node:fs';
import { controlRequest } from '../control.js';
import type { ManagerContext } from '../context.js';
import { ManagerError } from '../errors.js';
import { formatDuration, formatTable, paintState, print, printError } from '../output.js';
import { probeHost } from '../ports.js';
import { readLiveSupervisor, type ServiceSnapshot, type SupervisorInfo, type SupervisorSnapshot } from '../state.js';

/** Options every command accepts. */
export interface GlobalOptions {
  stateDir?: string;
  verbose?: boolean;
}

/** The live supervisor, cleaning (and telling about) stale state first. */
export function findSupervisor(context: ManagerContext, verbose = false): SupervisorInfo | undefined {
  return readLiveSupervisor(context.stateDir, ({ supervisorPid, killed }) => {
    const extra = killed.length > 0 ? `; killed ${killed.length} leftover worker(s): ${killed.join(', ')}` : '';
    if (verbose || killed.length > 0)
      printError(`note: cleaned stale state of a supervisor (pid ${supervisorPid}) that is no longer running${extra}`);
  });
}

/** The live supervisor or a `notRunning` error. */
export function requireSupervisor(context: ManagerContext, verbose = false): SupervisorInfo {
  const info = findSupervisor(context, verbose);
  if (!info)
    throw new ManagerError(
      'notRunning',
      `no supervisor is running (state directory ${context.stateDir}). Start one with: service-manager start`,
    );
  return info;
}

export function getSnapshot(info: SupervisorInfo): Promise<SupervisorSnapshot> {
  return controlRequest<SupervisorSnapshot>(info, 'GET', '/status');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** SIGINT / SIGTERM turned into a promise, for commands that run until interrupted (--watch, -f). */
export interface Interruption {
  /** Resolves with the signal's name when one arrives. */
  signalled: Promise<NodeJS.Signals>;
  /** Whether a signal has arrived. */
  readonly received: NodeJS.Signals | undefined;
  /** Sleeps `ms`, or less when a signal arrives meanwhile. */
  sleep: (ms: number) => Promise<void>;
  /** Removes the handlers. */
  dispose: () => void;
}

export function onInterrupt(): Interruption {
  let received: NodeJS.Signals | undefined;
  let resolveSignal!: (signal: NodeJS.Signals) => void;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (resolveSignal = resolve));
  const handler = (signal: NodeJS.Signals) => {
    received ??= signal;
    resolveSignal(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signalled,
    get received() {
      return received;
    },
    sleep: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signalled.then(() => undefined)]).finally(
        () => clearTimeout(timer),
      );
    },
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Polls until `done` returns true or `timeoutMs` passes; resolves with whether it finished. */
export async function pollUntil(done: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** Base URL of a service for people: `http://127.0.0.1:8108`. */
export function serviceUrl(port: number): string {
  return `http://${probeHost()}:${port}`;
}

/** `exit code 1`, `SIGKILL`, or `-`. */
export function formatExit(exit: ServiceSnapshot['lastExit']): string {
  if (!exit) return '-';
  return exit.signal ? exit.signal : `code ${exit.code ?? '?'}`;
}

export interface StatusRow extends ServiceSnapshot {
  /** Live /ready answer (undefined when not probed). */
  ready?: boolean;
}

/** Prints the status table and, below it, the reasons of failed or crash-looping services. */
export function printServiceTable(rows: StatusRow[], now = Date.now()): void {
  print(
    formatTable(
      ['SERVICE', 'STATE', 'READY', 'PIDS', 'PORT', 'UPTIME', 'RESTARTS', 'LAST EXIT'],
      rows.map((r) => [
        r.name,
        paintState(r.state),
        r.ready === undefined ? '-' : paintState(r.ready ? 'yes' : 'no'),
        r.workers.length > 0 ? r.workers.map((w) => w.pid).join(',') : '-',
        String(r.port),
        r.startedAt && r.workers.length > 0 ? formatDuration(now - Date.parse(r.startedAt)) : '-',
        String(r.restarts),
        formatExit(r.lastExit),
      ]),
    ),
  );
  for (const r of rows) {
    if (r.reason && ['failed', 'crash-loop', 'backoff', 'degraded'].includes(r.state)) {
      print(`\n${r.name}: ${r.reason}`);
      if (r.state === 'failed' || r.state === 'crash-loop') for (const line of r.lastLines.slice(-10)) print(`  | ${line}`);
    }
  }
}

/** The last `count` lines of a file ('' when missing). */
export function tailFile(file: string, count: number): string[] {
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return count <= 0 ? [] : lines.slice(-count);
  } catch {
    return [];
  }
}
