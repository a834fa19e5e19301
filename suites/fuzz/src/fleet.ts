/**
 * The nine services as real child processes (`node services/<name>/dist/index.js`), so "the
 * process stays up" is literal: a crash is an exit the fuzzer sees. Each child runs with
 * `--expose-gc` and a tiny preload that, on SIGUSR2, collects garbage and reports its memory on
 * stderr; that is how the memory invariant reads a settled heap from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@a2a-mcp/testkit';

/** Marker of the memory report line the preload writes on stderr. */
const MEMORY_MARKER = 'FUZZ_MEMORY ';

/**
 * Loaded with `--import` as a data: URL (nothing to build or install): SIGUSR2 runs two full
 * collections (the second reclaims what finalisers of the first released) and writes
 * `FUZZ_MEMORY {json}` on stderr.
 */
const GC_PRELOAD = `process.on('SIGUSR2', () => { globalThis.gc(); globalThis.gc(); const m = process.memoryUsage(); process.stderr.write('${MEMORY_MARKER}' + JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }) + '\\n'); });`;

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface ServiceEntry {
  name: string;
  package: string;
  port: number;
}

/** A log line at `error` level (or anything unparseable on stderr), kept for the report. */
export interface ChildLogLine {
  service: string;
  text: string;
}

export interface FleetService {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: URL;
  pid: number;
  /** Exit code or signal once the process has ended; undefined while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Forces two garbage collections in the child and returns its memory afterwards. */
  memory(timeoutMs?: number): Promise<MemorySample>;
}

export interface Fleet {
  services: FleetService[];
  /** Error-level log lines and stray stderr output of every child so far. */
  errorLogs(): ChildLogLine[];
  /** SIGTERM to every child; resolves when all have exited (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartFleetOptions {
  /** The repository root (services.json and services/<name>/dist live there). */
  root: string;
  /** Environment of every child, on top of PATH. */
  env: Record<string, string>;
  /** Only these services; default all of services.json. */
  names?: readonly string[];
  /** Longest wait for a child to listen, in ms. Default 60 000 (a loaded machine is slow). */
  startTimeoutMs?: number;
}

/** The services of services.json. */
export function loadServiceEntries(root: string): ServiceEntry[] {
  return (JSON.parse(readFileSync(join(root, 'services.json'), 'utf8')) as { services: ServiceEntry[] }).services;
}

const MAX_KEPT_LOG_LINES = 500;

interface Child {
  service: FleetService;
  process: ChildProcess;
}

async function startChild(
  root: string,
  name: string,
  env: Record<string, string>,
  logs: ChildLogLine[],
  startTimeoutMs: number,
): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', `data:text/javascript,${encodeURIComponent(GC_PRELOAD)}`, join(root, 'services', name, 'dist', 'index.js')],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let port: number | undefined;
  const memoryWaiters: ((sample: MemorySample) => void)[] = [];
  const keep = (text: string) => {
    if (logs.length < MAX_KEPT_LOG_LINES) logs.push({ service: name, text: text.slice(0, 2000) });
  };
  let stdoutRest = '';
  child.stdout?.setEncoding('utf8').on('data', (data: string) => {
    const lines = (stdoutRest + data).split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      if (port === undefined) {
        const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(line);
        if (listening) port = Number(listening[1]);
      }
      let level: unknown;
      try {
        level = (JSON.parse(line) as { level?: unknown }).level;
      } catch {
        level = 'unparsed';
      }
      if (level === 'error' || level === 'unparsed') keep(line);
    }
  });
  let stderrRest = '';
  child.stderr?.setEncoding('utf8').on('data', (data: string) => {
    const lines = (stderrRest + data).split('\n');
    stderrRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(MEMORY_MARKER)) {
        const sample = JSON.parse(line.slice(MEMORY_MARKER.length)) as MemorySample;
        for (const resolve of memoryWaiters.splice(0)) resolve(sample);
      } else if (line.trim()) keep(line);
    }
  });
  const deadline = Date.now() + startTimeoutMs;
  while (port === undefined) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name} exited while starting (code ${child.exitCode}, signal ${child.signalCode}): ${logs
          .filter((l) => l.service === name)
          .map((l) => l.text)
          .join('\n')}`,
      );
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen within ${startTimeoutMs} ms`);
    }
    await sleep(25);
  }
  const service: FleetService = {
    name,
    url: new URL(`http://127.0.0.1:${port}`),
    pid: child.pid ?? 0,
    exit: () => (child.exitCode === null && child.signalCode === null ? undefined : { code: child.exitCode, signal: child.signalCode }),
    memory: (timeoutMs = 30_000) =>
      new Promise<MemorySample>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not report its memory within ${timeoutMs} ms`)), timeoutMs);
        memoryWaiters.push((sample) => {
          clearTimeout(timer);
          resolve(sample);
        });
        child.kill('SIGUSR2');
      }),
  };
  return { service, process: child };
}

/** Starts every service (or `names`) as a child process on a free port; resolves when all listen. */
export async function startFleet({ root, env, names, startTimeoutMs = 60_000 }: StartFleetOptions): Promise<Fleet> {
  const logs: ChildLogLine[] = [];
  const wanted = names ?? loadServiceEntries(root).map((s) => s.name);
  const children: Child[] = [];
  const stop = async (timeoutMs = 15_000) => {
    await Promise.all(
      children.map(async ({ process: child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  };
  try {
    // Two at a time: starting nine Node processes at once on a loaded two-core machine only slows each.
    for (let i = 0; i < wanted.length; i += 2) {
      const started = await Promise.allSettled(wanted.slice(i, i + 2).map((name) => startChild(root, name, env, logs, startTimeoutMs)));
      for (const outcome of started) if (outcome.status === 'fulfilled') children.push(outcome.value);
      const failed = started.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { services: children.map((c) => c.service), errorLogs: () => [...logs], stop };
}
