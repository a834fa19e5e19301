/**
 * Supervision end to end with fixture services (fixtures/flag-service.mjs copied into a throwaway
 * checkout): start --foreground and its SIGTERM, crash-loop detection with a short backoff,
 * health --watch across a readiness change. Real processes throughout; the CLI is spawned afresh
 * for every command.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureRoot, freeOffset, isAlive, runCli, spawnCli, tempDir, waitFor, type RunningCli } from './helpers.js';

interface ServiceJson {
  name: string;
  state: string;
  port: number;
  restarts: number;
  ready?: boolean;
  reason: string | null;
  lastLines: string[];
  workers: { pid: number }[];
  lastExit: { code: number | null; signal: string | null } | null;
}

interface StatusJson {
  running: boolean;
  supervisor: { pid: number; foreground: boolean } | null;
  services: ServiceJson[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The supervisor's JSON log lines (a file in the background, stdout in the foreground). */
function events(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function get(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('start --foreground: the supervisor is the CLI process; SIGTERM drains and exits 0', () => {
  let port = 0;
  let root = '';
  const stateDir = tempDir('fg');
  let cli: RunningCli | undefined;

  beforeAll(async () => {
    port = 8108 + (await freeOffset());
    root = fixtureRoot([{ name: 'steady', port, fixture: true }]);
  });

  afterAll(async () => {
    if (cli && cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  });

  it('becomes ready, answers, and on SIGTERM finishes the in-flight request, leaving no process', async () => {
    cli = spawnCli(['--state-dir', stateDir, 'start', '--foreground', '--json'], { cwd: root });
    const running = cli;
    // --json in the foreground: one JSON result line on stdout among the JSON log lines.
    const started = await waitFor(() => events(running.stdout).some((e) => e.ok === true), 60_000);
    expect(started).toBe(true);
    const result = events(running.stdout).find((e) => e.ok === true) as {
      supervisor: { pid: number; foreground: boolean };
      services: ServiceJson[];
    };
    expect(result.supervisor).toMatchObject({ pid: running.child.pid, foreground: true });
    expect(result.services).toHaveLength(1);
    expect(result.services[0]).toMatchObject({ name: 'steady', state: 'running', port });
    const workerPid = result.services[0]!.workers[0]!.pid;
    expect(isAlive(workerPid)).toBe(true);
    expect(workerPid).not.toBe(running.child.pid);

    // Another shell sees it through the state directory.
    const status = await runCli(['--state-dir', stateDir, 'status', '--json'], { cwd: root });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as StatusJson;
    expect(parsed.supervisor).toMatchObject({ pid: running.child.pid, foreground: true });
    expect(parsed.services).toEqual([
      expect.objectContaining({ name: 'steady', state: 'running', ready: true, workers: [expect.objectContaining({ pid: workerPid })] }),
    ]);
    expect(await get(port, '/ready')).toEqual({ status: 200, body: { ready: true, pid: workerPid } });

    // A slow request in flight when SIGTERM arrives still gets its answer.
    const slow = get(port, '/slow?ms=1500');
    expect(await waitFor(() => running.stdout.includes(`fixture steady pid ${workerPid}: GET /slow`), 20_000, 20)).toBe(true);
    running.child.kill('SIGTERM');
    expect(await slow).toEqual({ status: 200, body: { slow: 1500, pid: workerPid } });
    expect(await running.exited).toEqual({ code: 0, signal: null });

    expect(running.stdout).toContain(`fixture steady pid ${workerPid}: SIGTERM, draining`);
    expect(running.stdout).toContain(`fixture steady pid ${workerPid}: drained, exiting 0`);
    const exit = events(running.stdout).find((e) => e.message === 'worker exited');
    expect(exit).toMatchObject({ service: 'steady', pid: workerPid, code: 0, signal: null, expected: true });
    expect(events(running.stdout).some((e) => e.message === 'worker did not stop in time; SIGKILL')).toBe(false);
    expect(isAlive(workerPid)).toBe(false);
    expect(isAlive(running.child.pid!)).toBe(false);
    expect(existsSync(join(stateDir, 'supervisor.json'))).toBe(false);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
    expect((await runCli(['--state-dir', stateDir, 'status'], { cwd: root })).code).toBe(3);
  });
});

describe('crash loop: restarts with exponential backoff, then gives up and says so', () => {
  let crasherPort = 0;
  let steadyPort = 0;
  let root = '';
  const stateDir = tempDir('crash');
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args], { cwd: root });
  const status = async () => JSON.parse((await sm('status', '--json')).stdout) as StatusJson;
  const crasher = async () => (await status()).services.find((s) => s.name === 'crasher')!;
  const supervisorEvents = () => events(readFileSync(join(stateDir, 'logs', 'supervisor.log'), 'utf8'));

  beforeAll(async () => {
    const offset = await freeOffset();
    crasherPort = 8108 + offset;
    steadyPort = 8109 + offset;
    root = fixtureRoot([
      { name: 'crasher', port: crasherPort, fixture: true },
      { name: 'steady', port: steadyPort, fixture: true },
    ]);
  });

  afterAll(async () => {
    await sm('stop', '--timeout', '3000');
  });

  it('start --json with a short backoff: both running', async () => {
    const started = await sm('start', '--json', '--restart-delay', '200', '--restart-delay-max', '500', '--crash-loop-count', '4');
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const result = JSON.parse(started.stdout) as { ok: boolean; services: (ServiceJson & { url: string })[] };
    expect(result.ok).toBe(true);
    expect(result.services.map((s) => [s.name, s.state, s.port, s.url])).toEqual([
      ['crasher', 'running', crasherPort, `http://127.0.0.1:${crasherPort}`],
      ['steady', 'running', steadyPort, `http://127.0.0.1:${steadyPort}`],
    ]);
  });

  it('a service that now exits on every start: 3 restarts after 200, 400, 500 ms (capped), then crash-loop', async () => {
    const firstPid = (await crasher()).workers[0]!.pid;
    writeFileSync(join(stateDir, 'fixture-crasher.crash'), '');
    let latest: ServiceJson | undefined;
    expect(await waitFor(async () => (latest = await crasher()).state === 'crash-loop', 60_000, 200)).toBe(true);
    expect(isAlive(firstPid)).toBe(false);
    expect(latest).toMatchObject({ state: 'crash-loop', restarts: 3, workers: [], ready: false, lastExit: { code: 3, signal: null } });
    expect(latest!.reason).toBe(
      'crashed 4 times within 60 s (last: exit code 3); not restarting it. Fix it, then: service-manager restart crasher',
    );
    expect(latest!.lastLines).toContain('fixture crasher: crash flag present, exiting 3');
    expect(latest!.lastLines).toContain('fixture crasher: crash flag appeared, exiting 3');

    const mine = supervisorEvents().filter((e) => e.service === 'crasher');
    expect(mine.filter((e) => e.message === 'restart scheduled').map((e) => [e.crashes, e.delayMs])).toEqual([
      [1, 200],
      [2, 400],
      [3, 500],
    ]);
    expect(mine.filter((e) => e.message === 'crash loop: giving up')).toHaveLength(1);
    expect(mine.filter((e) => e.message === 'forked worker')).toHaveLength(4);
    expect(mine.filter((e) => e.message === 'worker exited').map((e) => [e.code, e.expected])).toEqual([
      [3, false],
      [3, false],
      [3, false],
      [3, false],
    ]);
  });

  it('stops retrying: well past the longest delay nothing new is forked', async () => {
    await sleep(2_000);
    expect(await crasher()).toMatchObject({ state: 'crash-loop', restarts: 3, workers: [] });
    expect(supervisorEvents().filter((e) => e.service === 'crasher' && e.message === 'forked worker')).toHaveLength(4);
  });

  it('status shows it in text and JSON; the other service is untouched; health exits 4', async () => {
    // A crash-looping service is not ready: status says so in its exit code too (4).
    const text = await sm('status');
    expect(text.code).toBe(4);
    expect((await sm('status', '--json')).code).toBe(4);
    expect(text.stdout).not.toContain('\u001b[');
    expect(text.stdout).toMatch(new RegExp(`crasher\\s+crash-loop\\s+no\\s+-\\s+${crasherPort}\\s+-\\s+3\\s+code 3\\n`));
    expect(text.stdout).toMatch(new RegExp(`steady\\s+running\\s+yes\\s+\\d+\\s+${steadyPort}\\s+\\S+\\s+0\\s+-`));
    expect(text.stdout).toContain(
      'crasher: crashed 4 times within 60 s (last: exit code 3); not restarting it. Fix it, then: service-manager restart crasher',
    );
    expect(text.stdout).toContain('  | fixture crasher: crash flag present, exiting 3');
    const s = await status();
    expect(s.services.map((x) => [x.name, x.state, x.restarts])).toEqual([
      ['crasher', 'crash-loop', 3],
      ['steady', 'running', 0],
    ]);
    const health = await sm('health', '--json');
    expect(health.code).toBe(4);
    expect(JSON.parse(health.stdout)).toMatchObject({
      ok: false,
      services: [
        { name: 'crasher', port: crasherPort, ready: false, status: null, detail: 'unreachable (ECONNREFUSED)' },
        { name: 'steady', port: steadyPort, ready: true, status: 200, detail: 'ready' },
      ],
    });
  });

  it('once fixed, restart <name> brings it back with its counters reset', async () => {
    rmSync(join(stateDir, 'fixture-crasher.crash'));
    const restart = await sm('restart', 'crasher', '--json');
    expect(restart.code).toBe(0);
    expect(await crasher()).toMatchObject({ state: 'running', restarts: 0, ready: true, reason: null });
  });
});

describe('health --watch: a round every --interval until SIGINT/SIGTERM', () => {
  let port = 0;
  let root = '';
  const stateDir = tempDir('watch');
  const notReady = () => join(stateDir, 'fixture-steady.not-ready');
  const watchers: RunningCli[] = [];
  const rounds = (cli: RunningCli) => cli.stdout.split(/\n(?=round \d+ at )/).filter((chunk) => chunk.startsWith('round '));

  beforeAll(async () => {
    port = 8108 + (await freeOffset());
    root = fixtureRoot([{ name: 'steady', port, fixture: true }]);
    const started = await runCli(['--state-dir', stateDir, 'start'], { cwd: root });
    expect(started.code).toBe(0);
  });

  afterAll(async () => {
    for (const w of watchers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await runCli(['--state-dir', stateDir, 'stop', '--timeout', '3000'], { cwd: root });
  });

  it('text: shows ready, then not ready (503), then ready again; SIGINT ends it with the last code (0)', async () => {
    const cli = spawnCli(['--state-dir', stateDir, 'health', '--watch', '--interval', '150'], { cwd: root });
    watchers.push(cli);
    const readyRow = new RegExp(`steady\\s+${port}\\s+ready\\s+ready`);
    const notReadyRow = new RegExp(`steady\\s+${port}\\s+not ready\\s+/ready answered 503`);
    expect(await waitFor(() => rounds(cli).length >= 2, 30_000, 50)).toBe(true);
    expect(
      rounds(cli)
        .slice(0, 2)
        .every((r) => readyRow.test(r)),
    ).toBe(true);
    writeFileSync(notReady(), '');
    expect(await waitFor(() => rounds(cli).some((r) => notReadyRow.test(r)), 30_000, 50)).toBe(true);
    rmSync(notReady());
    const firstNotReady = rounds(cli).findIndex((r) => notReadyRow.test(r));
    expect(
      await waitFor(
        () =>
          rounds(cli)
            .slice(firstNotReady)
            .some((r) => readyRow.test(r)),
        30_000,
        50,
      ),
    ).toBe(true);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const all = rounds(cli);
    expect(all.map((r) => Number(/^round (\d+)/.exec(r)![1]))).toEqual(all.map((_r, i) => i + 1));
    expect(cli.stdout).not.toContain('\u001b[');
    expect(cli.stderr).toBe(`SIGINT: stopped watching after ${all.length} rounds\n`);
  });

  it('--json: one JSON object per line and round; SIGTERM while not ready exits 4', async () => {
    writeFileSync(notReady(), '');
    const cli = spawnCli(['--state-dir', stateDir, 'health', 'steady', '--watch', '--json', '--interval', '150'], { cwd: root });
    watchers.push(cli);
    expect(await waitFor(() => cli.stdout.split('\n').filter(Boolean).length >= 3, 30_000, 50)).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 4, signal: null });
    rmSync(notReady());
    const lines = cli.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { ok: boolean; round: number; services: unknown[] });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    lines.forEach((line, i) => {
      expect(line).toMatchObject({
        ok: false,
        round: i + 1,
        services: [{ name: 'steady', port, ready: false, status: 503, detail: '/ready answered 503' }],
      });
    });
    expect(cli.stderr).toBe('');
  });
});
