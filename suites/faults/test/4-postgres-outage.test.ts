/**
 * Scenario 4: PostgreSQL unavailable while calls come in. confidence-calculator runs as a child
 * process with usage records going to a private PostgreSQL only (testkit `startPostgresServer`,
 * `USAGE_SINKS=postgres`). M calls with it up, then it is SIGKILLed (postmaster and backends), N
 * calls during the outage, then it is started again on the same data directory. Every call
 * succeeds for its client; the records of the outage are spooled to
 * `<STATE_DIR>/usage/spool/confidence-calculator/` and replayed: in the end `usage_logs` holds
 * exactly the M + N correlation ids, each once, and the spool directory is empty.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgresServer, TEST_KEYS, type PostgresServer } from '@a2a-mcp/testkit';
import pg from 'pg';
import { callTool, recordFigures, sleep, startServiceProcess, tempDir, waitFor, type ServiceProcess } from '../src/index.js';

const BEFORE = 5;
const DURING = 20;
const run = `${process.pid}-${Date.now()}`;

async function query<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL killed while tools are called (usage records spooled and replayed)', () => {
  let postgres: PostgresServer | undefined;
  let service: ServiceProcess | undefined;
  const stateDir = tempDir('pg');
  const spoolDir = join(stateDir, 'usage', 'spool', 'confidence-calculator');

  beforeAll(async () => {
    postgres = await startPostgresServer();
    service = await startServiceProcess('confidence-calculator', {
      NODE_ENV: 'test',
      STATE_DIR: stateDir,
      MCP_API_KEYS: `${TEST_KEYS.read}:reader:read`,
      USAGE_SINKS: 'postgres',
      DATABASE_URL: postgres.url,
      USAGE_BATCH_SIZE: '5',
      USAGE_FLUSH_INTERVAL_MS: '100',
      // Replay is retried every min(CIRCUIT_BREAKER_RESET_TIMEOUT, 5 s): 1 s here.
      CIRCUIT_BREAKER_RESET_TIMEOUT: '1000',
      RATE_LIMIT_MAX_REQUESTS: '100000',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop(5_000);
    await postgres?.stop();
  }, 30_000);

  const callWithId = async (id: string) => {
    const answer = await callTool(
      service!.url,
      TEST_KEYS.read,
      'calculate_fallback_confidence',
      { scenario: 'no_historical_data' },
      { requestId: id },
    );
    return {
      id,
      status: answer.status,
      echoed: answer.headers.get('x-request-id'),
      ok: answer.json?.result?.isError !== true && answer.json?.result?.structuredContent?.scenario === 'no_historical_data',
    };
  };
  // usage_logs is created by the sink's migration on its first batch: no table yet is no rows yet.
  const rowsFor = async (ids: string[]) => {
    try {
      return await query<{ correlation_id: string; n: number }>(
        postgres!.url,
        'SELECT correlation_id, count(*)::int AS n FROM usage_logs WHERE correlation_id = ANY($1) GROUP BY correlation_id',
        [ids],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return [];
      throw error;
    }
  };
  const spoolFiles = () => {
    try {
      return readdirSync(spoolDir);
    } catch {
      return [];
    }
  };

  it('N calls during the outage all succeed, and afterwards N + M rows, each once, spool empty', async () => {
    const beforeIds = Array.from({ length: BEFORE }, (_, i) => `faults-pg-${run}-before-${i}`);
    const duringIds = Array.from({ length: DURING }, (_, i) => `faults-pg-${run}-during-${i}`);
    for (const id of beforeIds) expect(await callWithId(id)).toEqual({ id, status: 200, echoed: id, ok: true });
    expect(await waitFor(async () => (await rowsFor(beforeIds)).length === BEFORE, 20_000, 200)).toBe(true);

    await postgres!.kill();
    const killedAt = Date.now();
    const during = [];
    // Spaced out, so the outage lasts a few seconds and the sink's replay retries fail meanwhile.
    for (const id of duringIds) {
      during.push(await callWithId(id));
      await sleep(150);
    }
    expect(during).toEqual(duringIds.map((id) => ({ id, status: 200, echoed: id, ok: true })));
    // The records are on disk, not only in memory: every outage call is in a spooled batch.
    const spooledIds = () =>
      spoolFiles()
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => {
          try {
            return (JSON.parse(readFileSync(join(spoolDir, f), 'utf8')) as { correlationId: string }[]).map((r) => r.correlationId);
          } catch {
            return [];
          }
        });
    expect(await waitFor(() => duringIds.every((id) => spooledIds().includes(id)), 20_000, 100)).toBe(true);
    const spooledBatches = spoolFiles().length;
    const outageMs = Date.now() - killedAt;

    await postgres!.restart();
    const restartedAt = Date.now();
    const all = [...beforeIds, ...duringIds];
    const delivered = await waitFor(async () => (await rowsFor(all)).length === all.length && spoolFiles().length === 0, 30_000, 200);
    const replayMs = Date.now() - restartedAt;
    const rows = await rowsFor(all);
    const total = await query<{ n: number }>(postgres!.url, 'SELECT count(*)::int AS n FROM usage_logs');

    recordFigures('postgres-outage', {
      callsBefore: BEFORE,
      callsDuring: DURING,
      clientFailures: during.filter((d) => !d.ok || d.status !== 200).length,
      spooledBatches,
      outageMs,
      replayMs,
      rows: total[0]!.n,
      duplicates: rows.filter((r) => r.n !== 1).length,
      spoolLeft: spoolFiles().length,
    });
    expect(delivered).toBe(true);
    expect(Object.fromEntries(rows.map((r) => [r.correlation_id, r.n]))).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
    expect(total).toEqual([{ n: BEFORE + DURING }]);
    expect(spoolFiles()).toEqual([]);
    expect(service!.child.exitCode).toBeNull();
    // A few quiet seconds later, still exactly once each (no late second replay).
    await sleep(2_000);
    expect(await query<{ n: number }>(postgres!.url, 'SELECT count(*)::int AS n FROM usage_logs')).toEqual([{ n: BEFORE + DURING }]);
  }, 120_000);
});
