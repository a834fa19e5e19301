/**
 * Scenario 1: kill -9 of a worker under load. confidence-calculator runs under the real
 * service-manager supervisor with 2 workers on one port; C keep-alive clients call a real tool
 * (tools/call) without pause; one worker is SIGKILLed mid-load. The supervisor must fork a
 * replacement that becomes ready (new pid in `status --json`), and clients may lose at most the
 * requests that were in flight on the killed worker: at most one per client, C in all.
 */
import { describe, expect, it } from '@jest/globals';
import { callTool, driveLoad, isAlive, recordFigures, sleep, waitFor, type StatusService } from '../src/index.js';
import { superviseTwoWorkers } from './supervised.js';

const CLIENTS = 4;

describe('kill -9 of a worker under tools/call load (service-manager, 2 workers)', () => {
  const supervised = superviseTwoWorkers('kill9');
  const { service } = supervised;

  it('heals: a replacement worker becomes ready, clients lose at most their in-flight requests', async () => {
    const before = await service();
    expect(before).toMatchObject({ state: 'running', ready: true, restarts: 0 });
    expect(before!.workers).toHaveLength(2);
    const beforePids = before!.workers.map((w) => w.pid);
    const victim = beforePids[0]!;

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
    await sleep(1_500);
    const okBeforeKill = load.result.ok;
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');

    let healed: StatusService | undefined;
    const ready = await waitFor(
      async () => {
        healed = await service();
        const fresh = healed?.workers.filter((w) => !beforePids.includes(w.pid)) ?? [];
        return (
          healed?.state === 'running' &&
          healed.ready === true &&
          healed.workers.length === 2 &&
          fresh.length === 1 &&
          fresh[0]!.state === 'ready'
        );
      },
      30_000,
      100,
    );
    const healMs = Date.now() - killedAt;
    // Keep the load on a little longer: successes must go on after the kill, on both workers.
    await sleep(1_500);
    const result = await load.stop();

    const okAfterKill = result.okTimes.filter((t) => t > killedAt).length;
    const figures = recordFigures('kill9-under-load', {
      clients: CLIENTS,
      workers: 2,
      ok: result.ok,
      failed: result.failed,
      errors: result.errors,
      okBeforeKill,
      okAfterKill,
      healMs,
      restarts: healed?.restarts,
    });
    expect(ready).toBe(true);
    expect(healMs).toBeLessThan(30_000);
    expect(healed!.restarts).toBe(1);
    expect(healed!.lastExit?.signal).toBe('SIGKILL');
    expect(isAlive(victim)).toBe(false);
    expect(healed!.workers.map((w) => w.pid)).toContain(beforePids[1]);
    expect(okBeforeKill).toBeGreaterThan(0);
    expect(okAfterKill).toBeGreaterThan(0);
    expect(result.failed).toBeLessThanOrEqual(CLIENTS);
    // Every failure happened after the kill (none before: a clean baseline).
    for (const t of result.failureTimes) expect(t).toBeGreaterThanOrEqual(killedAt);
    expect(figures.failed).toBe(result.failed);
  }, 60_000);
});
