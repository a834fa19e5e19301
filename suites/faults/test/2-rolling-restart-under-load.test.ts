/**
 * Scenario 2: `service-manager restart --rolling` under load. confidence-calculator under the real
 * supervisor with 2 workers; C keep-alive clients call a real tool without pause while every
 * worker is replaced, one at a time. Zero failed requests, both workers new, the service ready.
 */
import { describe, expect, it } from '@jest/globals';
import { callTool, driveLoad, recordFigures, sleep } from '../src/index.js';
import { SERVICE, superviseTwoWorkers } from './supervised.js';

const CLIENTS = 4;

describe('restart --rolling under tools/call load (service-manager, 2 workers)', () => {
  const supervised = superviseTwoWorkers('rolling');
  const { sm, service } = supervised;

  it('loses zero requests while every worker is replaced', async () => {
    const before = await service();
    expect(before).toMatchObject({ state: 'running', ready: true });
    const beforePids = before!.workers.map((w) => w.pid);
    expect(beforePids).toHaveLength(2);

    const load = driveLoad(async () => {
      const answer = await callTool(`http://127.0.0.1:${supervised.port}`, supervised.key, 'calculate_fallback_confidence', {
        scenario: 'no_historical_data',
      });
      return (
        answer.status === 200 &&
        answer.json?.result?.isError !== true &&
        answer.json?.result?.structuredContent?.scenario === 'no_historical_data'
      );
    }, CLIENTS);
    await sleep(1_000);
    const restartStarted = Date.now();
    const restart = await sm('restart', SERVICE, '--rolling', '--json');
    const restartMs = Date.now() - restartStarted;
    await sleep(1_000);
    const result = await load.stop();
    const after = await service();
    const duringRestart = result.okTimes.filter((t) => t >= restartStarted && t <= restartStarted + restartMs).length;

    recordFigures('rolling-restart-under-load', {
      clients: CLIENTS,
      workers: 2,
      ok: result.ok,
      failed: result.failed,
      errors: result.errors,
      okDuringRestart: duringRestart,
      restartMs,
    });
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
