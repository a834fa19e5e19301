/**
 * Rolling restarts under continuous load. Two layers:
 * - the supervisor's part, exact: with a worker that drains correctly (fixtures/draining-worker.mjs),
 *   replacing every worker twice under keep-alive load loses zero requests;
 * - the real confidence-calculator over the CLI with MCP tools/call: the port never refuses a
 *   connection, no request hangs and none fails, because core's drain marks in-flight responses
 *   `Connection: close` and leaves idle keep-alive sockets to their clients (README, "Rolling
 *   restarts").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStateDir } from '../src/state.js';
import { Supervisor } from '../src/supervisor.js';
import { callFallbackTool, driveLoad, freeOffset, packageDir, repoRoot, runCli, tempDir, waitFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rolling restart with a correctly draining worker', () => {
  const stateDir = tempDir('fixture');
  let supervisor: Supervisor;
  let port = 0;

  beforeAll(async () => {
    ensureStateDir(stateDir);
    port = 8108 + (await freeOffset());
    supervisor = new Supervisor({ root: repoRoot, stateDir, production: false, portOffset: 0, foreground: true, log: () => undefined });
    await supervisor.start([{ name: 'fixture', port, entry: join(packageDir, 'test', 'fixtures', 'draining-worker.mjs') }], 2);
    const up = await waitFor(() => supervisor.snapshot().services[0]?.state === 'running', 30_000);
    expect(up).toBe(true);
  });

  afterAll(async () => {
    await supervisor.shutdown(5_000);
  });

  it('loses no request while every worker is replaced, twice', async () => {
    const before = supervisor.snapshot().services[0]!.workers.map((w) => w.pid);
    const load = driveLoad(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/work`, {
        method: 'POST',
        body: '{"n":1}',
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json()) as { ok?: boolean };
      return response.status === 200 && body.ok === true;
    }, 6);
    await sleep(300);
    await supervisor.restart(['fixture'], { rolling: true, timeoutMs: 20_000 });
    await sleep(200);
    await supervisor.restart(['fixture'], { rolling: true, timeoutMs: 20_000 });
    await sleep(300);
    const result = await load.stop();
    expect(result.errors).toEqual({});
    expect(result.failed).toBe(0);
    expect(result.ok).toBeGreaterThan(50);
    const after = supervisor.snapshot().services[0]!;
    expect(after.state).toBe('running');
    expect(after.workers).toHaveLength(2);
    for (const pid of after.workers.map((w) => w.pid)) expect(before).not.toContain(pid);
  });
});

describe('restart --rolling of confidence-calculator under tools/call load (CLI)', () => {
  const stateDir = tempDir('rolling');
  let port = 0;
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args]);

  beforeAll(async () => {
    const offset = await freeOffset();
    port = 8108 + offset;
    const started = await sm('start', 'confidence-calculator', '--workers', '2', '--port-offset', String(offset));
    expect(started.code).toBe(0);
  });

  afterAll(async () => {
    await sm('stop', '--timeout', '3000');
  });

  it('keeps the port answering: no refused connection, no hung request, new workers ready', async () => {
    const key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
    const pids = async () =>
      (JSON.parse((await sm('status', '--json')).stdout) as { services: { name: string; workers: { pid: number }[] }[] }).services
        .find((s) => s.name === 'confidence-calculator')!
        .workers.map((w) => w.pid);
    const before = await pids();
    expect(before).toHaveLength(2);
    const load = driveLoad(() => callFallbackTool(port, key), 6);
    await sleep(500);
    const restart = await sm('restart', 'confidence-calculator', '--rolling');
    await sleep(500);
    const result = await load.stop();
    expect(restart.code).toBe(0);
    expect(result.ok).toBeGreaterThan(50);
    // Core's drain marks in-flight responses `Connection: close` and keeps idle keep-alive sockets
    // open until they close, so a rolling restart of the real service loses nothing.
    expect(result.errors).toEqual({});
    expect(result.failed).toBe(0);
    const after = await pids();
    expect(after).toHaveLength(2);
    for (const pid of after) expect(before).not.toContain(pid);
  });
});
