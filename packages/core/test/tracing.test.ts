/**
 * OTEL_EXPORTER_OTLP_ENDPOINT: one span per tool call, exported over OTLP/HTTP to a loopback
 * receiver, with the tool, client id, correlation id and outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callToolRaw, KEYS, startCoreTestService } from './helpers/service.js';

interface OtlpSpan {
  name: string;
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

  it('exports nothing when the variable is unset', async () => {
    const before = exports.length;
    const service = await startCoreTestService();
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': KEYS.read })).status).toBe(200);
    await service.close();
    expect(exports.length).toBe(before);
  });
});
