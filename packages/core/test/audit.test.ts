/**
 * The audit trail (issue #20) against the real PostgreSQL: every usage record carries the request
 * id, the trace id (the span's when tracing is on), the protocol era and revision, the outcome and
 * error type, the duration, bytes in and out and the cost; the usage_logs schema migrates forward
 * with its rows; the export reads them back in order. Each test works in its own schema.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { resultJsonBytes } from '../src/usage/record.js';
import { startService } from '../src/index.js';
import {
  migrateUsageSchema,
  readUsageFromFiles,
  readUsageFromPostgres,
  USAGE_MIGRATIONS,
  type ExportedUsageRecord,
} from '../src/usage/index.js';
import { KEYS, coreTestConfig, securityTestService } from './helpers/service.js';
import { requireExternalService } from './support/external.js';

const databaseUrl = requireExternalService('DATABASE_URL');
const schemaName = (name: string) => `audit_${name}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
/** DATABASE_URL with `search_path` set to `schema`: the sink's unqualified tables land there. */
const inSchema = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'audit-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function post(
  mcpUrl: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; sent: number }> {
  const text = JSON.stringify(body);
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: text,
  });
  return { status: response.status, text: await response.text(), sent: Buffer.byteLength(text) };
}

function modernCall(
  mcpUrl: string,
  id: number,
  tool: string,
  args: Record<string, unknown>,
  meta: Record<string, unknown>,
  headers: Record<string, string>,
) {
  return post(
    mcpUrl,
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args, _meta: { ...ENVELOPE, ...meta } } },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': tool, ...headers },
  );
}

/** The size the record states for a fast-lane answer: the result as the tool returned it (no envelope, no serverInfo). */
function resultBytes(responseText: string): number {
  const { result } = JSON.parse(responseText) as { result: Record<string, unknown> };
  const { _meta, resultType: _type, ...own } = result;
  const { 'io.modelcontextprotocol/serverInfo': _server, ...ownMeta } = (_meta ?? {}) as Record<string, unknown>;
  return Buffer.byteLength(JSON.stringify(Object.keys(ownMeta).length > 0 ? { ...own, _meta: ownMeta } : own));
}

describe('outputBytes', () => {
  it('is the byte length of the result as JSON, without serialising structured content twice', () => {
    const structured = { vector: [0.1, 1e-7, -3], label: 'naïve "quoted" ✓', nested: { a: null, b: [true] } };
    const text = JSON.stringify(structured);
    const results = [
      { content: [{ type: 'text' as const, text }], structuredContent: structured },
      {
        content: [
          { type: 'text' as const, text },
          { type: 'text' as const, text: 'Rendered:\n\t"line" — ✓' },
        ],
        structuredContent: structured,
      },
      {
        content: [{ type: 'text' as const, text: 'Invalid arguments' }],
        isError: true,
        _meta: { 'a2a-mcp/error': { code: 'invalid_arguments', retryable: false } },
      },
    ];
    for (const result of results) expect(resultJsonBytes(result)).toBe(Buffer.byteLength(JSON.stringify(result)));
  });
});

(databaseUrl ? describe : describe.skip)('usage records as an audit trail (PostgreSQL)', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl });
  const schemas: string[] = [];
  const traces: { traceId: string; attributes: { key: string; value: { stringValue?: string } }[] }[] = [];
  let receiver: Server;
  let endpoint: string;

  const newSchema = async (name: string) => {
    const schema = schemaName(name);
    await admin.query(`CREATE SCHEMA "${schema}"`);
    schemas.push(schema);
    return schema;
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans: { scopeSpans: { spans: (typeof traces)[number][] }[] }[];
          };
          traces.push(...body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('fills every audit field, in both eras, for results, tool errors and JSON-RPC errors', async () => {
    const schema = await newSchema('fields');
    const stateDir = mkdtempSync(join(tmpdir(), 'audit-state-'));
    const service = await startService(securityTestService(), {
      config: coreTestConfig({
        USAGE_SINKS: 'postgres',
        DATABASE_URL: inSchema(databaseUrl!, schema),
        STATE_DIR: stateDir,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        USAGE_TOOL_COSTS: 'echo_text=2.5',
      }),
      port: 0,
    });
    const parent = '4bf92f3577b34da6a3ce929d0e0e4736';
    const ok = await modernCall(
      service.mcpUrl,
      11,
      'echo_text',
      { text: 'billed' },
      { traceparent: `00-${parent}-00f067aa0ba902b7-01` },
      { 'x-api-key': KEYS.read, 'x-request-id': 'audit-ok' },
    );
    expect(ok.status).toBe(200);
    // 2025 era through the SDK lane (a progress token): no traceparent, so the span's new trace.
    const legacy = await post(
      service.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 'L-1',
        method: 'tools/call',
        params: { name: 'save_note', arguments: { note: 'n' }, _meta: { progressToken: 'p' } },
      },
      { 'x-api-key': KEYS.write, 'mcp-protocol-version': '2025-11-25', 'x-request-id': 'audit-legacy' },
    );
    expect(legacy.status).toBe(200);
    const bad = await modernCall(service.mcpUrl, 12, 'echo_text', { text: 7 }, {}, { 'x-api-key': KEYS.read, 'x-request-id': 'audit-bad' });
    const unknown = await modernCall(
      service.mcpUrl,
      13,
      'no_such_tool',
      {},
      {},
      { 'x-api-key': KEYS.read, 'x-request-id': 'audit-unknown' },
    );
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: -32602 } });
    await service.close();

    const db = new pg.Pool({ connectionString: inSchema(databaseUrl!, schema) });
    const records = [];
    for await (const record of readUsageFromPostgres(db, { since: new Date(Date.now() - 3_600_000), until: new Date(Date.now() + 60_000) }))
      records.push(record);
    await db.end();
    const byId = new Map(records.map((r) => [r.correlationId, r]));
    expect(records.map((r) => r.correlationId)).toEqual(['audit-ok', 'audit-legacy', 'audit-bad', 'audit-unknown']);
    const spanTrace = (correlationId: string) =>
      traces.find((s) => s.attributes.some((a) => a.key === 'a2a.correlation_id' && a.value.stringValue === correlationId))?.traceId;

    const common = {
      service: 'security-test',
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: expect.any(String),
      input: null,
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      id: expect.any(Number),
    };
    expect(byId.get('audit-ok')).toEqual({
      ...common,
      correlationId: 'audit-ok',
      clientId: 'reader',
      tool: 'echo_text',
      outcome: 'success',
      errorCode: null,
      errorType: null,
      requestId: '11',
      traceId: parent,
      protocolEra: 'modern',
      protocolVersion: '2026-07-28',
      inputBytes: ok.sent,
      outputBytes: resultBytes(ok.text),
      cost: 2.5,
    });
    const legacyTrace = spanTrace('audit-legacy');
    expect(legacyTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(byId.get('audit-legacy')).toEqual({
      ...common,
      correlationId: 'audit-legacy',
      clientId: 'writer',
      tool: 'save_note',
      outcome: 'success',
      errorCode: null,
      errorType: null,
      requestId: 'L-1',
      traceId: legacyTrace,
      protocolEra: 'legacy',
      protocolVersion: '2025-11-25',
      inputBytes: legacy.sent,
      outputBytes: Buffer.byteLength(
        JSON.stringify({ content: [{ type: 'text', text: '{"saved":true}' }], structuredContent: { saved: true } }),
      ),
      cost: 1,
    });
    expect(byId.get('audit-bad')).toMatchObject({
      outcome: 'invalid_arguments',
      errorCode: 'invalid_arguments',
      errorType: 'tool_error',
      requestId: '12',
      protocolEra: 'modern',
      cost: 0,
      traceId: spanTrace('audit-bad'),
    });
    expect(byId.get('audit-bad')!.outputBytes).toBe(resultBytes(bad.text));
    expect(byId.get('audit-unknown')).toMatchObject({
      tool: 'no_such_tool',
      outcome: 'error',
      errorCode: 'unknown_tool',
      errorType: '-32602',
      requestId: '13',
      outputBytes: 0,
      cost: 0,
      traceId: spanTrace('audit-unknown'),
    });
    for (const record of records) expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("records the caller's trace id without tracing (HTTP traceparent), in the file sink too", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-file-')), 'usage.jsonl');
    const service = await startService(securityTestService(), {
      config: coreTestConfig({ USAGE_SINKS: 'file', USAGE_FILE: file }),
      port: 0,
    });
    const call = await modernCall(
      service.mcpUrl,
      3,
      'echo_text',
      { text: 'x' },
      {},
      { 'x-api-key': KEYS.read, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    );
    expect(call.status).toBe(200);
    // A caller-chosen id is kept to 128 characters.
    const long = await post(
      service.mcpUrl,
      { jsonrpc: '2.0', id: 'x'.repeat(5000), method: 'tools/call', params: { name: 'echo_text', arguments: { text: 'y' } } },
      { 'x-api-key': KEYS.read },
    );
    expect(long.status).toBe(200);
    await service.close();
    const [line, longLine] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(longLine).toMatchObject({ requestId: 'x'.repeat(128), protocolEra: 'legacy', protocolVersion: null, traceId: null });
    expect(line).toMatchObject({
      requestId: '3',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      protocolEra: 'modern',
      protocolVersion: '2026-07-28',
      errorType: null,
      cost: 1,
    });
    const exported: ExportedUsageRecord[] = [];
    for await (const record of readUsageFromFiles([file], {
      since: new Date(Date.now() - 60_000),
      until: new Date(Date.now() + 60_000),
      clientId: 'reader',
    }))
      if (record.requestId === '3') exported.push(record);
    // Fields a line lacks (input without USAGE_LOG_INPUTS) come out as null.
    expect(exported).toEqual([{ ...line, input: null }]);
  });

  it('migrates a version-1 table with rows forward: rows kept, new fields null, new rows complete', async () => {
    const schema = await newSchema('migrate');
    const db = new pg.Pool({ connectionString: inSchema(databaseUrl!, schema) });
    try {
      // The state a release before issue #20 left: migration 1 only, three rows.
      await db.query(USAGE_MIGRATIONS[0]!.sql);
      await db.query(
        'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await db.query("INSERT INTO schema_migrations (version, name) VALUES (1, 'create usage_logs')");
      for (let i = 0; i < 3; i++) {
        await db.query(
          "INSERT INTO usage_logs (occurred_at, correlation_id, client_id, service, tool, outcome, error_code, duration_ms, client_ip, user_agent, input_bytes) VALUES ($1, $2, 'old-client', 'svc', 'echo_text', 'success', NULL, 1.5, '10.0.0.1', 'ua', 20)",
          [new Date(Date.UTC(2026, 0, 1, 0, 0, i)), `old-${i}`],
        );
      }
      expect(await migrateUsageSchema(db)).toEqual([2]);
      // Idempotent: a second process finds nothing to do.
      expect(await migrateUsageSchema(db)).toEqual([]);
      const columns = await db.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
        [schema, 'usage_logs'],
      );
      expect(columns.rows.map((c) => c.column_name)).toEqual(
        expect.arrayContaining(['request_id', 'trace_id', 'protocol_era', 'protocol_version', 'error_type', 'output_bytes', 'cost']),
      );
      await db.query(
        "INSERT INTO usage_logs (occurred_at, correlation_id, client_id, service, tool, outcome, duration_ms, input_bytes, request_id, trace_id, protocol_era, protocol_version, error_type, output_bytes, cost) VALUES ($1, 'new-0', 'new-client', 'svc', 'echo_text', 'success', 2, 30, '5', $2, 'modern', '2026-07-28', NULL, 99, 1)",
        [new Date(Date.UTC(2026, 0, 1, 0, 0, 3)), 'a'.repeat(32)],
      );
      const all: ExportedUsageRecord[] = [];
      // Page size 2: the keyset pagination crosses pages.
      for await (const record of readUsageFromPostgres(
        db,
        { since: new Date(Date.UTC(2026, 0, 1)), until: new Date(Date.UTC(2026, 0, 2)) },
        2,
      ))
        all.push(record);
      expect(
        all.map((r) => [r.correlationId, r.clientId, r.inputBytes, r.requestId, r.traceId, r.protocolEra, r.outputBytes, r.cost]),
      ).toEqual([
        ['old-0', 'old-client', 20, null, null, null, null, null],
        ['old-1', 'old-client', 20, null, null, null, null, null],
        ['old-2', 'old-client', 20, null, null, null, null, null],
        ['new-0', 'new-client', 30, '5', 'a'.repeat(32), 'modern', 99, 1],
      ]);
      expect(all[0]).toMatchObject({
        time: '2026-01-01T00:00:00.000Z',
        durationMs: 1.5,
        clientIp: '10.0.0.1',
        userAgent: 'ua',
        outcome: 'success',
        errorCode: null,
      });
      const filtered: string[] = [];
      for await (const record of readUsageFromPostgres(db, {
        since: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)),
        until: new Date(Date.UTC(2026, 0, 1, 0, 0, 3)),
        clientId: 'old-client',
      }))
        filtered.push(record.correlationId);
      expect(filtered).toEqual(['old-1', 'old-2']);
    } finally {
      await db.end();
    }
  });
});
