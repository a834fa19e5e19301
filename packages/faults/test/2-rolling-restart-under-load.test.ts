/**
 * Scenario 2: `service-manager restart --rolling` under load. confidence-calculator under the real
 * supervisor with 2 workers; C keep-alive clients call a real tool without pause while every
 * worker is replaced, one at a time. Zero failed requests, both workers new, the service ready.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callTool, driveLoad, freeOffset, recordFigures, runCli, sleep, tempDir, type StatusService } from '../src/index.js';

const SERVICE = 'confidence-calculator';
const CLIENTS = 4;

describe('restart --rolling under tools/call load (service-manager, 2 workers)', () => {
  const stateDir = tempDir('rolling');
  let port = 0;
  let key = '';
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args], { RATE_LIMIT_MAX_REQUESTS: '100000000', USAGE_SINKS: 'none' });
  const service = async (): Promise<StatusService | undefined> => (JSON.parse((await sm('status', '--json')).stdout) as { services: StatusService[] }).services.find((s) => s.name === SERVICE);

  beforeAll(async () => {
    const offset = await freeOffset(8108);
    port = 8108 + offset;
    const started = await sm('start', SERVICE, '--workers', '2', '--port-offset', String(offset));
    expect(started.code).toBe(0);
    key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
  }, 90_000);

  afterAll(async () => {
    await sm('stop', '--timeout', '5000');
  }, 60_000);

  it('loses zero requests while every worker is replaced', async () => {
    const before = await service();
    expect(before).toMatchObject({ state: 'running', ready: true });
    const beforePids = before!.workers.map((w) => w.pid);
    expect(beforePids).toHaveLength(2);

    const load = driveLoad(async () => {
      const answer = await callTool(`http://127.0.0.1:${port}`, key, 'calculate_fallback_confidence', { scenario: 'no_historical_data' });
      return answer.status === 200 && answer.json?.result?.isError !== true && answer.json?.result?.structuredContent?.scenario === 'no_historical_data';
    }, CLIENTS);
    await sleep(1_000);
    const restartStarted = Date.now();
    const restart = await sm('restart', SERVICE, '--rolling', '--json');
    const restartMs = Date.now() - restartStarted;
    await sleep(1_000);
    const result = await load.stop();
    const after = await service();
    const duringRestart = result.okTimes.filter((t) => t >= restartStarted && t <= restartStarted + restartMs).length;

    recordFigures('rolling-restart-under-load', { clients: CLIENTS, workers: 2, ok: result.ok, failed: result.failed, errors: result.errors, okDuringRestart: duringRestart, restartMs });
    expect(restart.code).toBe(0);
    expect(result.errors).toEqual({});
    expect(result.failed).toBe(0);
    expect(duringRestart).toBeGreaterThan(0);
    expect(after).toMatchObject({ state: 'running', ready: true, restarts: 0 });
    expect(after!.workers).toHaveLength(2);
    for (const worker of after!.workers) {
      expect(beforePids).not.toContain(worker.pid);
      expect(worker.state).toBe('ready');
    }
  }, 60_000);
});
