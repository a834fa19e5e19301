/**
 * OTEL_EXPORTER_OTLP_ENDPOINT beyond tools/call (docs/tracing.md): a SERVER span for every other
 * MCP method that reaches the MCP layer (fast lane and SDK lane, both eras), for notifications and
 * unknown methods, for /mcp requests the HTTP pipeline refuses, and over --stdio, against a
 * loopback OTLP receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMcpEndpoint } from '../src/mcp/endpoint.js';
import type { CallToolDeps } from '../src/mcp/call-tool.js';
import { startService } from '../src/runtime.js';
import { attributesOf, metricsIn, spansIn, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './helpers/otlp.js';
import { coreTestConfig, KEYS, memoTestService, rawCall } from './helpers/service.js';

let otlp: OtlpReceiver;
beforeAll(async () => {
  otlp = await startOtlpReceiver();
});
afterAll(async () => {
  await otlp.close();
});

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'trace-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const HTTP_PARENT = { trace: '0af7651916cd43dd8448eb211c80319c', span: 'b7ad6b7169203331' };
const HTTP_TRACEPARENT = `00-${HTTP_PARENT.trace}-${HTTP_PARENT.span}-01`;

/** A service with the test tools and one resource. */
function startTraced(env: Record<string, string> = {}) {
  const definition = memoTestService('trace-ops-test');
  return startService(definition, { config: coreTestConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, ...env }), port: 0 });
}

async function post(mcpUrl: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** A 2025-era (stateless) request: no envelope, the revision in MCP-Protocol-Version. */
const legacy = (mcpUrl: string, body: Record<string, unknown>, headers: Record<string, string>) =>
  post(mcpUrl, { jsonrpc: '2.0', ...body }, { 'mcp-protocol-version': '2025-11-25', ...headers });

/** name, kind, status and attributes of a span, with the per-connection client.port checked and left out. */
function summary(span: OtlpSpan | undefined) {
  if (!span) return undefined;
  const { 'client.port': port, ...attributes } = attributesOf(span);
  if (attributes['client.address'] !== undefined) expect(typeof port).toBe('number');
  return { name: span.name, kind: span.kind, status: span.status?.code ?? 0, attributes };
}
const byCorrelation = (spans: OtlpSpan[]) => new Map(spans.map((s) => [attributesOf(s)['a2a.correlation_id'] as string, s]));

const TCP = {
  'network.transport': 'tcp',
  'network.protocol.name': 'http',
  'network.protocol.version': '1.1',
  'client.address': '127.0.0.1',
};

describe('spans for the other MCP methods (HTTP)', () => {
  it('initialize, notifications, tools/list (both lanes, both eras), ping, resources/read, unknown methods', async () => {
    const before = otlp.exports.length;
    const service = await startTraced();
    const url = service.mcpUrl;
    const auth = { 'x-api-key': KEYS.read };
    const results: Record<string, number> = {};
    const run = async (id: string, call: Promise<{ status: number }>) => (results[id] = (await call).status);
    await run(
      'init',
      post(
        url,
        {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'trace-test', version: '1.0.0' } },
        },
        { ...auth, 'x-request-id': 'init', traceparent: HTTP_TRACEPARENT },
      ),
    );
    await run('initialized', legacy(url, { method: 'notifications/initialized' }, { ...auth, 'x-request-id': 'initialized' }));
    await run('list-fast-legacy', legacy(url, { id: 1, method: 'tools/list' }, { ...auth, 'x-request-id': 'list-fast-legacy' }));
    await run('list-fast-modern', rawCall(url, 'tools/list', {}, { ...auth, 'x-request-id': 'list-fast-modern' }));
    // A progress token sends a request to the SDK lane.
    await run(
      'list-sdk-legacy',
      legacy(
        url,
        { id: 2, method: 'tools/list', params: { _meta: { progressToken: 'p' } } },
        { ...auth, 'x-request-id': 'list-sdk-legacy' },
      ),
    );
    await run(
      'list-sdk-modern',
      post(
        url,
        { jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: { ...ENVELOPE, progressToken: 'p' } } },
        { ...auth, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list', 'x-request-id': 'list-sdk-modern' },
      ),
    );
    await run('ping-legacy', legacy(url, { id: 4, method: 'ping' }, { ...auth, 'x-request-id': 'ping-legacy' }));
    // 2026-07-28 has no ping: the SDK's HTTP entry answers 404 / -32601 before any server instance.
    await run('ping-modern', rawCall(url, 'ping', {}, { ...auth, 'x-request-id': 'ping-modern' }));
    await run(
      'read',
      rawCall(url, 'resources/read', { uri: 'memo://today' }, { ...auth, 'mcp-name': 'memo://today', 'x-request-id': 'read' }),
    );
    await run('unknown-legacy', legacy(url, { id: 5, method: 'no/such-method' }, { ...auth, 'x-request-id': 'unknown-legacy' }));
    await run('unknown-modern', rawCall(url, 'no/such-method', {}, { ...auth, 'x-request-id': 'unknown-modern' })).finally(() =>
      service.close(),
    );

    expect(results).toEqual({
      init: 200,
      initialized: 202,
      'list-fast-legacy': 200,
      'list-fast-modern': 200,
      'list-sdk-legacy': 200,
      'list-sdk-modern': 200,
      'ping-legacy': 200,
      'ping-modern': 404,
      read: 200,
      'unknown-legacy': 200,
      'unknown-modern': 404,
    });

    const spans = byCorrelation(spansIn(otlp.exports, before));
    const span = (
      id: string,
      name: string,
      method: string,
      version: string,
      requestId: string | undefined,
      extra: Record<string, unknown> = {},
    ) => ({
      name,
      kind: 2, // SERVER
      status: extra['error.type'] === undefined ? 0 : 2,
      attributes: {
        'mcp.method.name': method,
        'mcp.protocol.version': version,
        ...TCP,
        ...(requestId === undefined ? {} : { 'jsonrpc.request.id': requestId }),
        'a2a.client.id': 'reader',
        'a2a.correlation_id': id,
        ...extra,
      },
    });
    const notFound = { 'error.type': '-32601', 'rpc.response.status_code': '-32601' };
    expect(Object.fromEntries([...spans.keys()].sort().map((k) => [k, summary(spans.get(k))]))).toEqual({
      // The 2025-era revision of an initialize is the one it negotiated.
      init: span('init', 'initialize', 'initialize', '2025-11-25', '0'),
      // A notification has no id.
      initialized: span('initialized', 'notifications/initialized', 'notifications/initialized', '2025-11-25', undefined),
      'list-fast-legacy': span('list-fast-legacy', 'tools/list', 'tools/list', '2025-11-25', '1'),
      'list-fast-modern': span('list-fast-modern', 'tools/list', 'tools/list', '2026-07-28', '1'),
      'list-sdk-legacy': span('list-sdk-legacy', 'tools/list', 'tools/list', '2025-11-25', '2'),
      'list-sdk-modern': span('list-sdk-modern', 'tools/list', 'tools/list', '2026-07-28', '3'),
      'ping-legacy': span('ping-legacy', 'ping', 'ping', '2025-11-25', '4'),
      'ping-modern': span('ping-modern', 'ping', 'ping', '2026-07-28', '1', notFound),
      // The URI is an attribute, not part of the name (it is not of low cardinality).
      read: span('read', 'resources/read', 'resources/read', '2026-07-28', '1', { 'mcp.resource.uri': 'memo://today' }),
      // A method outside MCP is the caller's text: `_OTHER`, as the HTTP conventions name unknown methods.
      'unknown-legacy': span('unknown-legacy', '_OTHER', '_OTHER', '2025-11-25', '5', notFound),
      'unknown-modern': span('unknown-modern', '_OTHER', '_OTHER', '2026-07-28', '1', notFound),
    });
    const init = spans.get('init')!;
    expect([init.traceId, init.parentSpanId, init.links ?? []]).toEqual([HTTP_PARENT.trace, HTTP_PARENT.span, []]);

    // The histogram: one measurement per operation, with the span's low-cardinality attributes.
    const points = metricsIn(otlp.exports, before)
      .filter((m) => m.name === 'mcp.server.operation.duration')
      .flatMap((m) => m.histogram!.dataPoints)
      .map((p) => ({ attributes: attributesOf(p), count: Number(p.count) }));
    const { 'client.address': _address, ...network } = TCP;
    expect(
      points.find((p) => p.attributes['mcp.method.name'] === 'tools/list' && p.attributes['mcp.protocol.version'] === '2025-11-25'),
    ).toEqual({
      attributes: { 'mcp.method.name': 'tools/list', 'mcp.protocol.version': '2025-11-25', ...network },
      count: 2,
    });
    expect(
      points.find((p) => p.attributes['mcp.method.name'] === '_OTHER' && p.attributes['mcp.protocol.version'] === '2026-07-28'),
    ).toEqual({
      attributes: { 'mcp.method.name': '_OTHER', 'mcp.protocol.version': '2026-07-28', ...notFound, ...network },
      count: 1,
    });
  });
});

describe('batches', () => {
  it('a 2025-era batch: one span per message; a batch the 2026-07-28 entry refuses as a whole: an HTTP span', async () => {
    const before = otlp.exports.length;
    const service = await startTraced();
    const auth = { 'x-api-key': KEYS.read };
    let statuses: number[];
    try {
      statuses = [
        // 2025-03-26 is the revision with JSON-RPC batches.
        (
          await post(
            service.mcpUrl,
            [
              { jsonrpc: '2.0', id: 1, method: 'tools/list' },
              { jsonrpc: '2.0', id: 2, method: 'ping' },
            ],
            { ...auth, 'mcp-protocol-version': '2025-03-26', 'x-request-id': 'batch-legacy' },
          )
        ).status,
        (
          await post(service.mcpUrl, [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], {
            ...auth,
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'tools/list',
            'x-request-id': 'batch-modern',
          })
        ).status,
      ];
    } finally {
      await service.close();
    }
    expect(statuses).toEqual([200, 400]);
    const spans = spansIn(otlp.exports, before).map((s) => {
      const { 'client.port': _port, ...attributes } = attributesOf(s);
      return { name: s.name, id: attributes['jsonrpc.request.id'], correlation: attributes['a2a.correlation_id'], attributes };
    });
    expect(
      spans
        .filter((s) => s.correlation === 'batch-legacy')
        .map((s) => [s.name, s.id])
        .sort(),
    ).toEqual([
      ['ping', '2'],
      ['tools/list', '1'],
    ]);
    expect(spans.filter((s) => s.correlation === 'batch-modern').map((s) => [s.name, s.attributes])).toEqual([
      [
        'POST /mcp',
        {
          'http.request.method': 'POST',
          'http.route': '/mcp',
          'url.path': '/mcp',
          'url.scheme': 'http',
          'http.response.status_code': 400,
          ...TCP,
          'a2a.correlation_id': 'batch-modern',
        },
      ],
    ]);
  });
});

describe('spans for /mcp requests the HTTP pipeline refuses', () => {
  it('401, 413, 429, 400: an HTTP server span before the body is parsed; 403: the MCP method span after', async () => {
    const before = otlp.exports.length;
    const service = await startTraced({ MAX_BODY_BYTES: '1024', RATE_LIMIT_MAX_REQUESTS: '1' });
    const url = service.mcpUrl;
    const list = { jsonrpc: '2.0', id: 7, method: 'tools/list' };
    let statuses: number[];
    try {
      statuses = [
        // No credentials: refused on the headers, the body never read.
        (await legacy(url, list, { 'x-request-id': 'no-key', traceparent: HTTP_TRACEPARENT })).status,
        (
          await legacy(
            url,
            { ...list, params: { _meta: { pad: 'x'.repeat(2048) } } },
            { 'x-api-key': KEYS.write, 'x-request-id': 'too-large' },
          )
        ).status,
        (await post(url, '{"jsonrpc":', { 'x-api-key': KEYS.write, 'x-request-id': 'not-json' })).status,
        // A read key calling a write tool: refused after parsing, so the span is the MCP method's.
        (
          await legacy(
            url,
            { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'save_note', arguments: { note: 'n' } } },
            { 'x-api-key': KEYS.read, 'x-request-id': 'forbidden' },
          )
        ).status,
        // The read key's one request of the window was the 403.
        (await legacy(url, list, { 'x-api-key': KEYS.read, 'x-request-id': 'limited' })).status,
      ];
    } finally {
      await service.close();
    }
    expect(statuses).toEqual([401, 413, 400, 403, 429]);
    const spans = byCorrelation(spansIn(otlp.exports, before));
    const http = (id: string, status: number, code: string) => ({
      name: 'POST /mcp',
      kind: 2,
      // A 4xx is the client's error: status unset and no error.type (HTTP conventions, server spans).
      status: 0,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/mcp',
        'url.path': '/mcp',
        'url.scheme': 'http',
        'http.response.status_code': status,
        ...TCP,
        'a2a.correlation_id': id,
        'a2a.error.code': code,
      },
    });
    expect(Object.fromEntries([...spans.keys()].sort().map((k) => [k, summary(spans.get(k))]))).toEqual({
      'no-key': http('no-key', 401, 'unauthenticated'),
      'too-large': http('too-large', 413, 'payload_too_large'),
      'not-json': http('not-json', 400, 'parse_error'),
      forbidden: {
        name: 'tools/call save_note',
        kind: 2,
        status: 2,
        attributes: {
          'mcp.method.name': 'tools/call',
          'gen_ai.tool.name': 'save_note',
          'gen_ai.operation.name': 'execute_tool',
          'mcp.protocol.version': '2025-11-25',
          'error.type': '-32003',
          'rpc.response.status_code': '-32003',
          ...TCP,
          'jsonrpc.request.id': '8',
          'http.response.status_code': 403,
          // Refused after authentication: the caller is known.
          'a2a.client.id': 'reader',
          'a2a.correlation_id': 'forbidden',
          'a2a.error.code': 'forbidden',
        },
      },
      limited: http('limited', 429, 'rate_limited'),
    });
    const noKey = spans.get('no-key')!;
    expect([noKey.traceId, noKey.parentSpanId]).toEqual([HTTP_PARENT.trace, HTTP_PARENT.span]);
    // Refusals before parsing are no MCP operation: the histogram has the 403 only.
    const methods = metricsIn(otlp.exports, before)
      .filter((m) => m.name === 'mcp.server.operation.duration')
      .flatMap((m) => m.histogram!.dataPoints.map((p) => attributesOf(p)['mcp.method.name']));
    expect(methods).toEqual(['tools/call']);
  });
});

describe('--stdio', () => {
  it('exports spans with network.transport pipe (no client address, no HTTP) and flushes them when stdin ends', async () => {
    const before = otlp.exports.length;
    const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
    // The test service, served by core's built entry exactly as a service's `--stdio` process is.
    const program = `
      import { defineService, defineTool, runService } from ${JSON.stringify(dist)};
      import { z } from 'zod';
      await runService(defineService({ name: 'stdio-trace-test', version: '1.0.0', tools: [defineTool({
        name: 'echo_text', description: 'Echoes.', permission: 'read', input: z.object({ text: z.string() }),
        output: z.object({ echo: z.string() }), handler: ({ text }) => ({ echo: text }) })] }), { argv: ['--stdio'] });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
      cwd: join(dirname(fileURLToPath(import.meta.url)), '..'),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        USAGE_SINKS: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const answers = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (out.split('\n').filter(Boolean).length >= n ? resolve() : undefined);
        child.stdout.on('data', check);
        child.once('exit', () => reject(new Error(`exited early: ${err}`)));
        check();
      });
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'trace-test', version: '1.0.0' } },
    });
    await answers(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'echo_text', arguments: { text: 'piped' }, _meta: { traceparent: `00-${HTTP_PARENT.trace}-${HTTP_PARENT.span}-01` } },
    });
    await answers(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: number }).id),
    ).toEqual([1, 2]);

    // Over a pipe: network.transport `pipe`, and no client.*, network.protocol.* or HTTP attributes.
    const spans = spansIn(otlp.exports, before).sort((a, b) => a.name.localeCompare(b.name));
    expect(spans.map((s) => ({ name: s.name, kind: s.kind, status: s.status?.code ?? 0, attributes: attributesOf(s) }))).toEqual([
      {
        name: 'initialize',
        kind: 2,
        status: 0,
        attributes: {
          'mcp.method.name': 'initialize',
          'mcp.protocol.version': '2025-11-25',
          'network.transport': 'pipe',
          'jsonrpc.request.id': '1',
        },
      },
      {
        name: 'notifications/initialized',
        kind: 2,
        status: 0,
        attributes: { 'mcp.method.name': 'notifications/initialized', 'mcp.protocol.version': '2025-11-25', 'network.transport': 'pipe' },
      },
      {
        name: 'tools/call echo_text',
        kind: 2,
        status: 0,
        attributes: {
          'mcp.method.name': 'tools/call',
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'echo_text',
          // The revision the connection's initialize negotiated.
          'mcp.protocol.version': '2025-11-25',
          'network.transport': 'pipe',
          'jsonrpc.request.id': '2',
          'a2a.client.id': 'local',
          'a2a.correlation_id': 'stdio-1',
          'a2a.tool.outcome': 'success',
        },
      },
    ]);
    const call = spans[2]!;
    expect([call.traceId, call.parentSpanId]).toEqual([HTTP_PARENT.trace, HTTP_PARENT.span]);
    const points = metricsIn(otlp.exports, before)
      .filter((m) => m.name === 'mcp.server.operation.duration')
      .flatMap((m) => m.histogram!.dataPoints.map((p) => attributesOf(p)))
      .sort((a, b) => String(a['mcp.method.name']).localeCompare(String(b['mcp.method.name'])));
    expect(points).toEqual([
      { 'mcp.method.name': 'initialize', 'mcp.protocol.version': '2025-11-25', 'network.transport': 'pipe' },
      { 'mcp.method.name': 'notifications/initialized', 'mcp.protocol.version': '2025-11-25', 'network.transport': 'pipe' },
      {
        'mcp.method.name': 'tools/call',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'echo_text',
        'mcp.protocol.version': '2025-11-25',
        'network.transport': 'pipe',
      },
    ]);
  });
});

describe('tracing off', () => {
  it('the endpoint has no refusal hook: the pipeline keeps no parsed body and takes no start time for it', () => {
    const deps = {
      service: { name: 'off', version: '1.0.0' },
      callDeps: { registry: { publicTools: new Set() } } as unknown as CallToolDeps,
      sdkHandler: () => Promise.resolve(),
    };
    expect(createMcpEndpoint(deps).refused).toBeUndefined();
    // A holder whose tracer has not started (the variable unset) is the same as none.
    expect(createMcpEndpoint({ ...deps, tracing: {} }).refused).toBeUndefined();
    const tracer = { recordOperation: () => undefined, recordHttpRefusal: () => undefined };
    expect(typeof createMcpEndpoint({ ...deps, tracing: { tracer } }).refused).toBe('function');
  });
});
