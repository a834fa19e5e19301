/**
 * Issue 10's load test, CI-sized: bench/load.mjs (the one implementation) with a short maximum-rate
 * measurement and 15 s at 80 % of it, every layer on (PostgreSQL, Redis and an OTLP receiver when
 * reachable; REQUIRE_SERVICES=1 makes their absence a failure). Asserted: no error, timeout,
 * non-2xx or bad body in any phase, and one usage record (file and PostgreSQL) per successful
 * call. Recorded, not asserted: the achieved rate and the p99 at load against the p99 at low
 * load — the maximum measured on a shared 2-core CI machine is noise-bound, and timings are not
 * assertions here. The full 60 s run is `node bench/load.mjs` (bench/README.md).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../bench/load.mjs', import.meta.url));

interface Phase {
  target: number;
  rate: number;
  ok: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  p50: number;
  p99: number;
}
interface LoadResult {
  layers: Record<string, boolean>;
  max: { rate: number };
  low: Phase;
  loaded: Phase;
  p99Ratio: number | null;
  usage: { file: Record<string, number>; postgres: Record<string, number> | null };
  spans: { spans: number; exports: number };
  failures: string[];
}

/** Runs the bench with the CI-sized knobs (a planted fault such as LOAD_EXTRA_ENV passes through). */
function runLoad(): Promise<{ code: number | null; result: LoadResult | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, LOAD_JSON: '1', LOAD_DURATION: '15', LOAD_MAX_DURATION: '3', LOAD_MAX_ROUNDS: '1', LOAD_LOW_DURATION: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('LOAD_RESULT '));
      resolve({ code, result: line ? (JSON.parse(line.slice('LOAD_RESULT '.length)) as LoadResult) : undefined, stderr });
    });
  });
}

describe('load: 80 % of the measured maximum, every layer on', () => {
  it('answers every call with a 2xx and records each one, file and PostgreSQL', async () => {
    const { code, result, stderr } = await runLoad();
    if (!result) throw new Error(`bench/load.mjs gave no result (exit ${code}):\n${stderr}`);
    // Recorded for the reader of the CI log (and, under the root `pnpm test`, in its log directory), not asserted.
    const logDir = process.env.A2A_TEST_LOG_DIR;
    if (logDir) {
      mkdirSync(join(logDir, 'faults'), { recursive: true });
      writeFileSync(join(logDir, 'faults', 'load-result.json'), `${JSON.stringify(result, null, 2)}\n`);
    }
    process.stdout.write(
      `load: max ${result.max.rate} req/s; loaded target ${result.loaded.target}, achieved ${result.loaded.rate} req/s; ` +
        `p50/p99 low ${result.low.p50}/${result.low.p99} ms, loaded ${result.loaded.p50}/${result.loaded.p99} ms (p99 ratio ${result.p99Ratio}); ` +
        `layers ${JSON.stringify(result.layers)}; spans ${result.spans.spans}${result.failures.length ? `; bench says: ${result.failures.join('; ')}` : ''}\n`,
    );

    expect(result.max.rate).toBeGreaterThan(0);
    for (const phase of [result.low, result.loaded]) {
      expect(phase.ok).toBeGreaterThan(0);
      expect({ errors: phase.errors, timeouts: phase.timeouts, non2xx: phase.non2xx, badBodies: phase.mismatches }).toEqual({
        errors: 0,
        timeouts: 0,
        non2xx: 0,
        badBodies: 0,
      });
    }
    // No data lost under load: one usage record per successful call in each phase that has an exact count.
    expect({ low: result.usage.file.low, loaded: result.usage.file.loaded }).toEqual({ low: result.low.ok, loaded: result.loaded.ok });
    if (result.layers.postgres)
      expect({ low: result.usage.postgres?.low, loaded: result.usage.postgres?.loaded }).toEqual({
        low: result.low.ok,
        loaded: result.loaded.ok,
      });
    // Whatever else the bench counts as failed, except a rate shortfall (noise-bound here, recorded above).
    expect(result.failures.filter((f) => !f.includes('short of the target'))).toEqual([]);
  }, 240_000);
});
