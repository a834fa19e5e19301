/**
 * Usage records: one per tool call, no secrets, inputs only on request; batched, bounded, flushed on
 * shutdown; the PostgreSQL sink writes every record and survives an outage by spooling to disk.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createLogger, defineService, startService } from '../src/index.js';
import { createMetrics } from '../src/observability.js';
import { FileSink, PostgresSink, UsageRecorder, type PgQueryable, type UsageRecord } from '../src/usage/index.js';
import { callToolRaw, captureLogger, coreTestConfig, KEYS, securityTestService } from './helpers/service.js';
import { requireExternalService } from './support/external.js';

const databaseUrl = requireExternalService('DATABASE_URL');
const silent = createLogger({ service: 'usage-test', level: 'silent' });
const unique = (name: string) => `${name}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function record(n: number, service = 'svc'): UsageRecord {
  return {
    time: new Date(1_700_000_000_000 + n).toISOString(),
    correlationId: `c-${n}`,
    clientId: 'reader',
    service,
    tool: 'echo_text',
    outcome: 'success',
    errorCode: null,
    durationMs: 1.5,
    clientIp: '127.0.0.1',
    userAgent: 'test',
    inputBytes: 10,
    requestId: String(n),
    traceId: null,
    protocolEra: 'modern',
    protocolVersion: '2026-07-28',
    errorType: null,
    outputBytes: 50,
    cost: 1,
  };
}

describe('usage records to a file', () => {
  it('writes one record per call with the documented fields, no secrets, flushed by close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const file = join(dir, 'usage.jsonl');
    // A long interval: only the shutdown flush can write these records.
    const service = await startService(securityTestService(), {
      config: coreTestConfig({ USAGE_SINKS: 'file', USAGE_FILE: file, USAGE_FLUSH_INTERVAL_MS: '600000' }),
      port: 0,
    });
    const headers = { 'x-api-key': KEYS.write, 'user-agent': 'usage-test/1.0', 'x-request-id': 'req-usage-1' };
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'hello' }, headers)).status).toBe(200);
    await callToolRaw(service.mcpUrl, 'echo_text', { text: 42 }, headers);
    await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' }, headers);
    await service.close();
    const lines = readLines(file);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      correlationId: 'req-usage-1',
      clientId: 'writer',
      service: 'security-test',
      tool: 'echo_text',
      outcome: 'success',
      errorCode: null,
      durationMs: expect.any(Number),
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'usage-test/1.0',
      inputBytes: expect.any(Number),
      requestId: '1',
      traceId: null,
      protocolEra: 'modern',
      protocolVersion: '2026-07-28',
      errorType: null,
      outputBytes: expect.any(Number),
      cost: 1,
    });
    expect(lines[1]).toMatchObject({ outcome: 'invalid_arguments', errorCode: 'invalid_arguments', errorType: 'tool_error', cost: 0 });
    expect(lines[2]).toMatchObject({ tool: 'save_note', outcome: 'success' });
    expect(readFileSync(file, 'utf8')).not.toContain(KEYS.write);
  });

  it('includes inputs, redacted, only with USAGE_LOG_INPUTS=true', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const file = join(dir, 'usage.jsonl');
    const service = await startService(securityTestService(), {
      config: coreTestConfig({ USAGE_FILE: file, USAGE_LOG_INPUTS: 'true' }),
      port: 0,
    });
    await callToolRaw(service.mcpUrl, 'echo_text', { text: 'Bearer abcdefghijklmnop' }, { 'x-api-key': KEYS.read });
    await service.close();
    const [line] = readLines(file);
    expect(line!.input).toEqual({ text: 'Bearer [REDACTED]' });
  });

  it('rotates the file past USAGE_FILE_MAX_BYTES', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const sink = new FileSink({ file: join(dir, 'u.jsonl'), maxBytes: 1024, maxFiles: 2 });
    for (let i = 0; i < 30; i++) await sink.write([record(i)]);
    await sink.close();
    expect(readdirSync(dir).sort()).toEqual(['u.jsonl', 'u.jsonl.1', 'u.jsonl.2']);
    const newest = readLines(join(dir, 'u.jsonl'));
    expect(newest.at(-1)).toMatchObject({ correlationId: 'c-29' });
  });
});

describe('the usage queue', () => {
  it('drops past USAGE_QUEUE_MAX, counting and logging it', async () => {
    const metrics = createMetrics({ service: 'usage-test', defaults: false });
    const { logger, lines } = captureLogger();
    const written: UsageRecord[] = [];
    const recorder = new UsageRecorder({
      sinks: [{ name: 'memory', write: (b) => (written.push(...b), Promise.resolve()), close: () => Promise.resolve() }],
      batchSize: 100,
      queueMax: 3,
      logger,
      metrics,
    });
    for (let i = 0; i < 5; i++) recorder.record(record(i));
    await recorder.close();
    expect(written.map((r) => r.correlationId)).toEqual(['c-0', 'c-1', 'c-2']);
    expect(await metrics.registry.getSingleMetricAsString('mcp_usage_records_dropped_total')).toMatch(
      /mcp_usage_records_dropped_total\{sink="queue",service="usage-test"\} 2/,
    );
    expect(lines().some((l) => l.level === 'error' && String(l.message).includes('queue is full'))).toBe(true);
  });
});

(databaseUrl ? describe : describe.skip)('usage records in PostgreSQL', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  afterAll(async () => {
    await pool.end();
  });

  it('N calls produce N rows (migration applied, batched inserts)', async () => {
    const name = unique('usage-pg');
    const definition = defineService({ ...securityTestService(), name });
    const stateDir = mkdtempSync(join(tmpdir(), 'usage-state-'));
    const service = await startService(definition, {
      config: coreTestConfig({ USAGE_SINKS: 'postgres,file', DATABASE_URL: databaseUrl, STATE_DIR: stateDir, USAGE_BATCH_SIZE: '4' }),
      port: 0,
    });
    const n = 11;
    for (let i = 0; i < n; i++)
      await callToolRaw(service.mcpUrl, 'echo_text', { text: `t${i}` }, { 'x-api-key': KEYS.read, 'x-request-id': `${name}-${i}` });
    await service.close();
    const { rows } = await pool.query<{ correlation_id: string; client_id: string; outcome: string }>(
      'SELECT correlation_id, client_id, outcome FROM usage_logs WHERE service = $1 ORDER BY id',
      [name],
    );
    expect(rows.map((r) => r.correlation_id)).toEqual(Array.from({ length: n }, (_, i) => `${name}-${i}`));
    expect(rows.every((r) => r.client_id === 'reader' && r.outcome === 'success')).toBe(true);
    const migrations = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(migrations.rows.map((r) => r.version)).toContain(1);
    // The file sink, also configured, got the same records.
    expect(readLines(join(stateDir, 'usage', `${name}.jsonl`))).toHaveLength(n);
  });

  it('spools batches while PostgreSQL is down and replays them in order when it is back', async () => {
    const service = unique('usage-outage');
    let down = true;
    const outage = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const real = new pg.Pool({ connectionString: databaseUrl });
    const flaky: PgQueryable = {
      query: (text, values) => (down ? outage() : real.query(text, values)),
      connect: () => (down ? outage() : real.connect()),
      end: () => real.end(),
    };
    const spoolDir = mkdtempSync(join(tmpdir(), 'usage-spool-'));
    const sink = new PostgresSink({ pool: flaky, spoolDir, retryMs: 50, logger: silent });
    for (let batch = 0; batch < 3; batch++) await sink.write([0, 1, 2].map((i) => record(batch * 3 + i, service)));
    expect(await sink.spoolSize()).toBe(3);
    const none = await pool.query('SELECT 1 FROM usage_logs WHERE service = $1', [service]);
    expect(none.rowCount).toBe(0);
    down = false;
    // A write after recovery lands after the replayed batches.
    await sink.write([record(9, service)]);
    expect(await sink.spoolSize()).toBe(0);
    await sink.close();
    const { rows } = await pool.query<{ correlation_id: string }>('SELECT correlation_id FROM usage_logs WHERE service = $1 ORDER BY id', [
      service,
    ]);
    expect(rows.map((r) => r.correlation_id)).toEqual(Array.from({ length: 10 }, (_, i) => `c-${i}`));
  });

  it('replays on its own, without a new write, once PostgreSQL answers', async () => {
    const service = unique('usage-replay');
    let down = true;
    const real = new pg.Pool({ connectionString: databaseUrl });
    const flaky: PgQueryable = {
      query: (text, values) => (down ? Promise.reject(new Error('down')) : real.query(text, values)),
      connect: () => (down ? Promise.reject(new Error('down')) : real.connect()),
      end: () => real.end(),
    };
    const sink = new PostgresSink({ pool: flaky, spoolDir: mkdtempSync(join(tmpdir(), 'usage-spool-')), retryMs: 30, logger: silent });
    await sink.write([record(0, service), record(1, service)]);
    down = false;
    for (let i = 0; i < 100 && (await sink.spoolSize()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await sink.spoolSize()).toBe(0);
    await sink.close();
    const { rows } = await pool.query<{ correlation_id: string }>('SELECT correlation_id FROM usage_logs WHERE service = $1 ORDER BY id', [
      service,
    ]);
    expect(rows.map((r) => r.correlation_id)).toEqual(['c-0', 'c-1']);
  });
});
