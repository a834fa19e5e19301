/**
 * `usage export`: the built CLI against the real PostgreSQL (its own schema) and against the file
 * sink's JSON lines: the records of [since, until) as JSON lines, oldest first, filtered by client,
 * to stdout or --out; bad arguments exit 2, an unreachable database 1.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createLogger } from '@a2a-mcp/core';
import { FileSink, PostgresSink, type UsageRecord } from '@a2a-mcp/core/usage';
import { requireExternalService } from '@a2a-mcp/testkit';
import { runCli, tempDir } from './helpers.js';

const databaseUrl = requireExternalService('DATABASE_URL');
const silent = createLogger({ service: 'usage-export-test', level: 'silent' });
const inSchema = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

function record(n: number, clientId: string, extra: Partial<UsageRecord> = {}): UsageRecord {
  return {
    time: new Date(Date.UTC(2026, 11, 1, 0, 0, n)).toISOString(),
    correlationId: `c-${n}`,
    clientId,
    service: 'confidence-calculator',
    tool: 'calculate_fallback_confidence',
    outcome: 'success',
    errorCode: null,
    durationMs: 1.25,
    clientIp: '10.0.0.1',
    userAgent: 'agent/1',
    inputBytes: 100 + n,
    requestId: String(n),
    traceId: `${String(n).padStart(2, '0')}${'a'.repeat(30)}`,
    protocolEra: 'modern',
    protocolVersion: '2026-07-28',
    errorType: null,
    outputBytes: 200 + n,
    cost: 1,
    ...extra,
  };
}

const RECORDS = [
  record(0, 'acme'),
  record(1, 'other'),
  record(2, 'acme', { outcome: 'invalid_arguments', errorCode: 'invalid_arguments', errorType: 'tool_error', cost: 0 }),
  record(3, 'acme', { protocolEra: 'legacy', protocolVersion: '2025-11-25' }),
  record(10, 'acme'),
];
const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const withoutId = ({ id: _id, ...rest }: Record<string, unknown>) => rest;

(databaseUrl ? describe : describe.skip)('usage export from PostgreSQL', () => {
  const schema = `usage_export_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Pool({ connectionString: databaseUrl });
  let url = '';

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    url = inSchema(databaseUrl!, schema);
    const sink = new PostgresSink({ connectionString: url, spoolDir: join(tempDir('usage-spool'), 'spool'), logger: silent });
    await sink.write(RECORDS);
    await sink.close();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it("writes the client's records of [since, until) as JSON lines, oldest first, every field", async () => {
    const result = await runCli(
      ['usage', 'export', '--since', '2026-12-01T00:00:00Z', '--until', '2026-12-01T00:00:10Z', '--client', 'acme'],
      { env: { DATABASE_URL: url } },
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const out = lines(result.stdout);
    expect(out.map(withoutId)).toEqual([0, 2, 3].map((n) => ({ ...RECORDS.find((r) => r.correlationId === `c-${n}`)!, input: null })));
    const ids = out.map((r) => r.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('--out writes a 0600 file; without --client every client', async () => {
    const out = join(tempDir('usage-out'), 'export.jsonl');
    const result = await runCli(['usage', 'export', '--since', '2026-12-01T00:00:00Z', '--until', '2026-12-02T00:00:00Z', '--out', out], {
      env: { DATABASE_URL: url },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`5 record(s) written to ${out}\n`);
    expect(lines(readFileSync(out, 'utf8')).map((r) => r.correlationId)).toEqual(['c-0', 'c-1', 'c-2', 'c-3', 'c-10']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('an unreachable database exits 1 with the reason', async () => {
    const result = await runCli(['usage', 'export', '--since', '1h', '--database-url', 'postgres://postgres@127.0.0.1:1/test']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot connect to PostgreSQL: .*ECONNREFUSED/);
  });
});

describe('usage export from the file sink and argument errors', () => {
  it('--file filters the JSON lines of the file sink the same way', async () => {
    const dir = tempDir('usage-file');
    const file = join(dir, 'confidence-calculator.jsonl');
    const sink = new FileSink({ file });
    await sink.write(RECORDS);
    await sink.close();
    writeFileSync(`${file}.1`, `not json\n${JSON.stringify(record(4, 'acme'))}\n`);
    const result = await runCli(
      [
        'usage',
        'export',
        '--since',
        '2026-12-01T00:00:01Z',
        '--until',
        '2026-12-01T00:00:05Z',
        '--client',
        'acme',
        '--file',
        file,
        `${file}.1`,
      ],
      { env: { DATABASE_URL: '' } },
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((r) => [r.correlationId, r.errorType, r.protocolEra])).toEqual([
      ['c-2', 'tool_error', 'modern'],
      ['c-3', null, 'legacy'],
      ['c-4', null, 'modern'],
    ]);
    expect(result.stderr).toBe('note: skipped 1 line(s) that are not usage records\n');
  });

  it.each([
    [['usage', 'export'], /--since is required/],
    [['usage', 'export', '--since', 'yesterday'], /--since: "yesterday" is neither an ISO date/],
    [['usage', 'export', '--since', '1h', '--until', '2h'], /must be before --until/],
    [['usage', 'export', '--since', '1h'], /set DATABASE_URL or --database-url/],
    [['usage', 'export', '--since', '1h', '--file', '/nonexistent/usage.jsonl'], /--file: \/nonexistent\/usage.jsonl does not exist/],
  ])('%j exits 2', async (args, message) => {
    const result = await runCli(args, { env: { DATABASE_URL: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
