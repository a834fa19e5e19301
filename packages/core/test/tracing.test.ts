/**
 * OTEL_EXPORTER_OTLP_ENDPOINT: tool calls as spans in the OpenTelemetry MCP conventions
 * (semantic-conventions-genai v0.1.0) and the mcp.server.operation.duration histogram, exported
 * over OTLP/HTTP (JSON) to a loopback receiver. Parent: the `_meta` trace context, else the HTTP
 * `traceparent`; with both, the HTTP context is a link. Both eras, both lanes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attributesOf, metricsIn, spansIn, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './helpers/otlp.js';
import { callToolRaw, KEYS, startCoreTestService } from './helpers/service.js';

let receiver: OtlpReceiver;
let exports: OtlpReceiver['exports'];
let endpoint: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ({ exports, endpoint } = receiver);
});
afterAll(async () => {
  await receiver.close();
});

const attributes = attributesOf;
const exportedSpans = (from = 0) => spansIn(exports, from);
const exportedMetrics = (from = 0) => metricsIn(exports, from);
const byCorrelation = (spans: OtlpSpan[]) => new Map(spans.map((s) => [attributes(s)['a2a.correlation_id'] as string, s]));

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'trace-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const META_PARENT = { trace: '4bf92f3577b34da6a3ce929d0e0e4736', span: '00f067aa0ba902b7' };
const HTTP_PARENT = { trace: '0af7651916cd43dd8448eb211c80319c', span: 'b7ad6b7169203331' };
const traceparent = (p: { trace: string; span: string }, flags = '01') => `00-${p.trace}-${p.span}-${flags}`;

async function post(
  mcpUrl: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** A 2026-07-28 tools/call (fast lane) with extra `_meta`. */
function modernCall(
  mcpUrl: string,
  id: number | string,
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

/** A 2025-era session: initialize, then the session id every later request sends. */
async function legacySession(mcpUrl: string, headers: Record<string, string>): Promise<string> {
  const init = await post(
    mcpUrl,
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'trace-test', version: '1.0.0' } },
    },
    headers,
  );
  expect(init.status).toBe(200);
  const session = init.headers.get('mcp-session-id');
  expect(session).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  const initialized = await post(
    mcpUrl,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { ...headers, 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': session! },
  );
  expect(initialized.status).toBe(202);
  return session!;
}

describe('tool-call spans in the MCP conventions', () => {
  it('2026-07-28 (fast lane): name, kind, attributes; parent from _meta, the HTTP traceparent as a link', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const ok = await modernCall(
      service.mcpUrl,
      41,
      'echo_text',
      { text: 'traced' },
      { traceparent: traceparent(META_PARENT), tracestate: 'meta=1' },
      {
        'x-api-key': KEYS.read,
        'x-request-id': 'modern-ok',
        traceparent: traceparent(HTTP_PARENT),
        tracestate: 'http=1',
      },
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ id: 41, result: { structuredContent: { echo: 'traced' } } });
    // Only the HTTP traceparent: it is the parent, no link.
    const httpOnly = await modernCall(
      service.mcpUrl,
      'req-7',
      'echo_text',
      { text: 'x' },
      {},
      { 'x-api-key': KEYS.read, 'x-request-id': 'modern-http', traceparent: traceparent(HTTP_PARENT) },
    );
    expect(httpOnly.status).toBe(200);
    // An isError result: error.type tool_error, status ERROR, no rpc.response.status_code.
    const bad = await modernCall(
      service.mcpUrl,
      42,
      'echo_text',
      { text: 42 },
      {},
      { 'x-api-key': KEYS.write, 'x-request-id': 'modern-bad' },
    );
    expect(JSON.parse(bad.text)).toMatchObject({ result: { isError: true } });
    // A JSON-RPC error: error.type and rpc.response.status_code are the code; the name has no target.
    const unknown = await modernCall(
      service.mcpUrl,
      43,
      'no_such_tool',
      {},
      {},
      { 'x-api-key': KEYS.read, 'x-request-id': 'modern-unknown' },
    );
    const rpcCode = (JSON.parse(unknown.text) as { error: { code: number } }).error.code;
    expect(rpcCode).toBe(-32602);
    await service.close();

    const spans = byCorrelation(exportedSpans(before));
    expect([...spans.keys()].sort()).toEqual(['modern-bad', 'modern-http', 'modern-ok', 'modern-unknown']);
    const okSpan = spans.get('modern-ok')!;
    const port = attributes(okSpan)['client.port'];
    expect(typeof port).toBe('number');
    expect({ name: okSpan.name, kind: okSpan.kind, status: okSpan.status?.code ?? 0, attributes: attributes(okSpan) }).toEqual({
      name: 'tools/call echo_text',
      kind: 2, // SERVER
      status: 0, // unset on success
      attributes: {
        'mcp.method.name': 'tools/call',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'echo_text',
        'jsonrpc.request.id': '41',
        'mcp.protocol.version': '2026-07-28',
        'client.address': '127.0.0.1',
        'client.port': port,
        'network.transport': 'tcp',
        'network.protocol.name': 'http',
        'network.protocol.version': '1.1',
        'a2a.client.id': 'reader',
        'a2a.correlation_id': 'modern-ok',
        'a2a.tool.outcome': 'success',
      },
    });
    expect({
      traceId: okSpan.traceId,
      parent: okSpan.parentSpanId,
      traceState: okSpan.traceState,
      links: okSpan.links?.map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
    }).toEqual({
      traceId: META_PARENT.trace,
      parent: META_PARENT.span,
      traceState: 'meta=1',
      links: [{ traceId: HTTP_PARENT.trace, spanId: HTTP_PARENT.span }],
    });
    const httpSpan = spans.get('modern-http')!;
    expect({
      traceId: httpSpan.traceId,
      parent: httpSpan.parentSpanId,
      links: httpSpan.links ?? [],
      requestId: attributes(httpSpan)['jsonrpc.request.id'],
    }).toEqual({
      traceId: HTTP_PARENT.trace,
      parent: HTTP_PARENT.span,
      links: [],
      requestId: 'req-7',
    });
    const badSpan = spans.get('modern-bad')!;
    expect({
      name: badSpan.name,
      status: badSpan.status,
      errorType: attributes(badSpan)['error.type'],
      rpc: attributes(badSpan)['rpc.response.status_code'],
      code: attributes(badSpan)['a2a.error.code'],
    }).toEqual({
      name: 'tools/call echo_text',
      status: { code: 2, message: 'invalid_arguments' },
      errorType: 'tool_error',
      rpc: undefined,
      code: 'invalid_arguments',
    });
    const unknownSpan = spans.get('modern-unknown')!;
    expect({
      name: unknownSpan.name,
      status: unknownSpan.status?.code,
      tool: attributes(unknownSpan)['gen_ai.tool.name'],
      errorType: attributes(unknownSpan)['error.type'],
      rpc: attributes(unknownSpan)['rpc.response.status_code'],
    }).toEqual({
      name: 'tools/call',
      status: 2,
      tool: undefined,
      errorType: '-32602',
      rpc: '-32602',
    });
  });

  it('2025 era in a session (SDK lane): mcp.session.id and the negotiated revision; _meta parent, HTTP link', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, LEGACY_SESSIONS: 'on' });
    const headers = { 'x-api-key': KEYS.read };
    const session = await legacySession(service.mcpUrl, headers);
    const call = await post(
      service.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'echo_text', arguments: { text: 'legacy' }, _meta: { traceparent: traceparent(META_PARENT) } },
      },
      {
        ...headers,
        'mcp-protocol-version': '2025-11-25',
        'mcp-session-id': session,
        'x-request-id': 'legacy-session',
        traceparent: traceparent(HTTP_PARENT),
      },
    );
    expect(call.status).toBe(200);
    expect(call.text).toContain('"echo":"legacy"');
    await service.close();

    const span = byCorrelation(exportedSpans(before)).get('legacy-session')!;
    const attrs = attributes(span);
    expect({
      name: span.name,
      kind: span.kind,
      session: attrs['mcp.session.id'],
      version: attrs['mcp.protocol.version'],
      id: attrs['jsonrpc.request.id'],
      op: attrs['gen_ai.operation.name'],
      transport: attrs['network.transport'],
    }).toEqual({
      name: 'tools/call echo_text',
      kind: 2,
      session,
      version: '2025-11-25',
      id: '5',
      op: 'execute_tool',
      transport: 'tcp',
    });
    expect({ traceId: span.traceId, parent: span.parentSpanId, links: span.links?.map((l) => l.spanId) }).toEqual({
      traceId: META_PARENT.trace,
      parent: META_PARENT.span,
      links: [HTTP_PARENT.span],
    });
  });

  it('2025 era without a session (fast lane): no mcp.session.id; the HTTP traceparent is the parent', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const call = await post(
      service.mcpUrl,
      { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'echo_text', arguments: { text: 'stateless' } } },
      {
        'x-api-key': KEYS.read,
        'mcp-protocol-version': '2025-06-18',
        'x-request-id': 'legacy-stateless',
        traceparent: traceparent(HTTP_PARENT),
      },
    );
    expect(call.status).toBe(200);
    await service.close();
    const span = byCorrelation(exportedSpans(before)).get('legacy-stateless')!;
    expect({
      session: attributes(span)['mcp.session.id'],
      version: attributes(span)['mcp.protocol.version'],
      traceId: span.traceId,
      parent: span.parentSpanId,
      links: span.links ?? [],
    }).toEqual({
      session: undefined,
      version: '2025-06-18',
      traceId: HTTP_PARENT.trace,
      parent: HTTP_PARENT.span,
      links: [],
    });
  });

  it("exports mcp.server.operation.duration (seconds, the convention's buckets, the span's low-cardinality attributes)", async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    for (const text of ['a', 'b'])
      expect((await callToolRaw(service.mcpUrl, 'echo_text', { text }, { 'x-api-key': KEYS.read })).status).toBe(200);
    await callToolRaw(service.mcpUrl, 'echo_text', { text: 1 }, { 'x-api-key': KEYS.read });
    await service.close();
    expect(
      exports
        .slice(before)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/v1/metrics', '/v1/traces']);
    const metrics = exportedMetrics(before).filter((m) => m.name === 'mcp.server.operation.duration');
    expect(metrics).toHaveLength(1);
    const histogram = metrics[0]!;
    expect(histogram.unit).toBe('s');
    const points = histogram.histogram!.dataPoints.map((p) => ({
      attributes: attributes(p),
      count: Number(p.count),
      bounds: p.explicitBounds,
    }));
    const common = {
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'echo_text',
      'mcp.protocol.version': '2026-07-28',
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'network.protocol.version': '1.1',
    };
    const bounds = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
    expect(points.sort((a, b) => b.count - a.count)).toEqual([
      { attributes: common, count: 2, bounds },
      { attributes: { ...common, 'error.type': 'tool_error' }, count: 1, bounds },
    ]);
  });

  it('puts tool arguments (redacted) and results on spans only with TRACE_TOOL_CONTENT=true', async () => {
    const before = exports.length;
    const plain = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    await callToolRaw(plain.mcpUrl, 'echo_text', { text: 'private' }, { 'x-api-key': KEYS.read, 'x-request-id': 'content-off' });
    await plain.close();
    const optedIn = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, TRACE_TOOL_CONTENT: 'true' });
    await callToolRaw(optedIn.mcpUrl, 'echo_text', { text: 'shown' }, { 'x-api-key': KEYS.read, 'x-request-id': 'content-on' });
    await optedIn.close();
    const spans = byCorrelation(exportedSpans(before));
    const off = attributes(spans.get('content-off')!);
    expect([off['gen_ai.tool.call.arguments'], off['gen_ai.tool.call.result']]).toEqual([undefined, undefined]);
    const on = attributes(spans.get('content-on')!);
    expect([on['gen_ai.tool.call.arguments'], on['gen_ai.tool.call.result']]).toEqual([
      '{"text":"shown"}',
      '{"echo":"shown","client":"reader"}',
    ]);
  });

  it('honours a not-sampled parent and ignores malformed trace context', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const unsampled = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'quiet' },
      { 'x-api-key': KEYS.read, 'x-request-id': 'trace-unsampled', traceparent: '00-11111111111111111111111111111111-2222222222222222-00' },
    );
    expect(unsampled.status).toBe(200);
    const malformed = await modernCall(
      service.mcpUrl,
      1,
      'echo_text',
      { text: 'bad' },
      { traceparent: 'zz-not-a-traceparent' },
      { 'x-api-key': KEYS.read, 'x-request-id': 'trace-malformed', traceparent: 'also-bad' },
    );
    expect(malformed.status).toBe(200);
    // An invalid _meta context falls back to a valid HTTP one.
    const fallback = await modernCall(
      service.mcpUrl,
      2,
      'echo_text',
      { text: 'fb' },
      { traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` },
      { 'x-api-key': KEYS.read, 'x-request-id': 'trace-fallback', traceparent: traceparent(HTTP_PARENT) },
    );
    expect(fallback.status).toBe(200);
    await service.close();
    const spans = byCorrelation(exportedSpans(before));
    expect([...spans.keys()].sort()).toEqual(['trace-fallback', 'trace-malformed']);
    const root = spans.get('trace-malformed')!;
    expect([root.parentSpanId ?? '', root.links ?? []]).toEqual(['', []]);
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    const fb = spans.get('trace-fallback')!;
    expect([fb.traceId, fb.parentSpanId, fb.links ?? []]).toEqual([HTTP_PARENT.trace, HTTP_PARENT.span, []]);
  });

  it('exports nothing when the variable is unset', async () => {
    const before = exports.length;
    const service = await startCoreTestService();
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      { 'x-api-key': KEYS.read, traceparent: traceparent(HTTP_PARENT) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('traceparent')).toBeNull();
    await service.close();
    expect(exports.length).toBe(before);
  });
});
