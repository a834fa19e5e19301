/**
 * OTEL_EXPORTER_OTLP_ENDPOINT: one span per tool call, exported over OTLP/HTTP (JSON) to a loopback
 * receiver, with the tool, client id, correlation id and outcome, parented on the caller's W3C
 * `traceparent` in both MCP lanes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callToolRaw, KEYS, startCoreTestService } from './helpers/service.js';

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  status?: { code?: number };
  attributes: { key: string; value: { stringValue?: string } }[];
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const exports: { path: string; body: OtlpExport }[] = [];
let receiver: Server;
let endpoint: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const attributes = (span: OtlpSpan) => Object.fromEntries(span.attributes.map((a) => [a.key, a.value.stringValue]));
const exportedSpans = (from = 0) => exports.slice(from).flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));

/** A tools/call with a progress token: the fast lane declines it, so the SDK lane answers. */
async function callThroughSdkLane(mcpUrl: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo_text', arguments: { text: 'sdk' }, _meta: { progressToken: 'p-1' } } }),
  });
  await response.text();
  return response;
}

describe('tool call tracing', () => {
  it('exports one span per tool call with tool, client, correlation id and outcome', async () => {
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const ok = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'traced' }, { 'x-api-key': KEYS.read, 'x-request-id': 'trace-test-1' });
    expect(ok.status).toBe(200);
    const bad = await callToolRaw(service.mcpUrl, 'echo_text', { text: 42 }, { 'x-api-key': KEYS.write, 'x-request-id': 'trace-test-2' });
    expect(bad.status).toBe(200);
    await service.close();

    expect(exports.map((e) => e.path)).toEqual(['/v1/traces']);
    const resource = Object.fromEntries(exports[0]!.body.resourceSpans[0]!.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    expect(resource['service.name']).toBe('security-test');
    const spans = exports.flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    expect(spans.map((s) => ({ name: s.name, status: s.status?.code, ...attributes(s) }))).toEqual([
      { name: 'tools/call echo_text', status: 1, 'mcp.tool.name': 'echo_text', 'mcp.client.id': 'reader', 'mcp.correlation_id': 'trace-test-1', 'mcp.tool.outcome': 'success' },
      { name: 'tools/call echo_text', status: 2, 'mcp.tool.name': 'echo_text', 'mcp.client.id': 'writer', 'mcp.correlation_id': 'trace-test-2', 'mcp.tool.outcome': 'invalid_arguments', 'error.type': 'invalid_arguments' },
    ]);
  });

  it('parents the span on the caller\'s traceparent in both lanes and honours its sampling flag', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const fast = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'child' }, {
      'x-api-key': KEYS.read,
      'x-request-id': 'trace-parent-fast',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=abc,other=1',
    });
    expect(fast.status).toBe(200);
    // W3C defines traceparent as a request header: the response carries the correlation id instead.
    expect(fast.headers.get('traceparent')).toBeNull();
    expect(fast.headers.get('x-request-id')).toBe('trace-parent-fast');
    const sdk = await callThroughSdkLane(service.mcpUrl, { 'x-api-key': KEYS.write, 'x-request-id': 'trace-parent-sdk', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(sdk.status).toBe(200);
    expect(sdk.headers.get('traceparent')).toBeNull();
    // Not sampled by the caller: no span.
    const unsampled = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'quiet' }, { 'x-api-key': KEYS.read, 'x-request-id': 'trace-unsampled', traceparent: '00-11111111111111111111111111111111-2222222222222222-00' });
    expect(unsampled.status).toBe(200);
    // Malformed (and the all-zero trace id W3C forbids): ignored, a new root span.
    const malformed = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'bad' }, { 'x-api-key': KEYS.read, 'x-request-id': 'trace-malformed', traceparent: 'zz-not-a-traceparent' });
    expect(malformed.status).toBe(200);
    const zero = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'zero' }, { 'x-api-key': KEYS.read, 'x-request-id': 'trace-zero', traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' });
    expect(zero.status).toBe(200);
    await service.close();

    const spans = exportedSpans(before);
    const byCorrelation = new Map(spans.map((s) => [attributes(s)['mcp.correlation_id'], s]));
    expect([...byCorrelation.keys()].sort()).toEqual(['trace-malformed', 'trace-parent-fast', 'trace-parent-sdk', 'trace-zero']);
    const fastSpan = byCorrelation.get('trace-parent-fast')!;
    expect({ name: fastSpan.name, traceId: fastSpan.traceId, parentSpanId: fastSpan.parentSpanId, traceState: fastSpan.traceState, client: attributes(fastSpan)['mcp.client.id'] }).toEqual({
      name: 'tools/call echo_text',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentSpanId: 'b7ad6b7169203331',
      traceState: 'vendor=abc,other=1',
      client: 'reader',
    });
    expect(fastSpan.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(fastSpan.spanId).not.toBe('b7ad6b7169203331');
    const sdkSpan = byCorrelation.get('trace-parent-sdk')!;
    expect({ name: sdkSpan.name, traceId: sdkSpan.traceId, parentSpanId: sdkSpan.parentSpanId, client: attributes(sdkSpan)['mcp.client.id'] }).toEqual({
      name: 'tools/call echo_text',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      client: 'writer',
    });
    for (const id of ['trace-malformed', 'trace-zero']) {
      const root = byCorrelation.get(id)!;
      expect(root.parentSpanId ?? '').toBe('');
      expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(['0af7651916cd43dd8448eb211c80319c', '00000000000000000000000000000000']).not.toContain(root.traceId);
    }
  });

  it('makes root spans when the caller sends no traceparent', async () => {
    const before = exports.length;
    const service = await startCoreTestService({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'a' }, { 'x-api-key': KEYS.read, 'x-request-id': 'root-1' })).status).toBe(200);
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'b' }, { 'x-api-key': KEYS.read, 'x-request-id': 'root-2' })).status).toBe(200);
    await service.close();
    const spans = exportedSpans(before);
    expect(spans.map((s) => [attributes(s)['mcp.correlation_id'], s.parentSpanId ?? ''])).toEqual([
      ['root-1', ''],
      ['root-2', ''],
    ]);
    expect(spans[0]!.traceId).not.toBe(spans[1]!.traceId);
  });

  it('exports nothing when the variable is unset', async () => {
    const before = exports.length;
    const service = await startCoreTestService();
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': KEYS.read, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(res.status).toBe(200);
    expect(res.headers.get('traceparent')).toBeNull();
    await service.close();
    expect(exports.length).toBe(before);
  });
});
