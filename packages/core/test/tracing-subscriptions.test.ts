/**
 * OTEL_EXPORTER_OTLP_ENDPOINT and resource subscriptions (docs/tracing.md): resources/subscribe and
 * resources/unsubscribe inside a 2025-era session (LEGACY_SESSIONS), and the 2026-07-28
 * subscriptions/listen stream, whose span lasts as long as the stream.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startService, type RunningService } from '../src/runtime.js';
import { attributesOf, spansIn, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from './helpers/otlp.js';
import { coreTestConfig, KEYS, subscribableTestService } from './helpers/service.js';

// Spans leave in batches; a short delay lets a test see what was exported while the service runs.
const scheduleDelay = process.env.OTEL_BSP_SCHEDULE_DELAY;
let otlp: OtlpReceiver;
beforeAll(async () => {
  process.env.OTEL_BSP_SCHEDULE_DELAY = '50';
  otlp = await startOtlpReceiver();
});
afterAll(async () => {
  if (scheduleDelay === undefined) delete process.env.OTEL_BSP_SCHEDULE_DELAY;
  else process.env.OTEL_BSP_SCHEDULE_DELAY = scheduleDelay;
  await otlp.close();
});

function start(): Promise<RunningService> {
  const definition = subscribableTestService('trace-subscriptions-test');
  return startService(definition, {
    config: coreTestConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, LEGACY_SESSIONS: 'auto' }),
    port: 0,
  });
}

/** Polls until `check` passes (spans are exported in batches). */
async function eventually<T>(check: () => T): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return check();
    } catch (error) {
      if (i >= 400) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** name, kind, status and attributes of a span, with the per-connection client.port checked and left out. */
function summary(span: OtlpSpan) {
  const { 'client.port': port, ...attributes } = attributesOf(span);
  expect(typeof port).toBe('number');
  return { name: span.name, kind: span.kind, status: span.status?.code ?? 0, attributes };
}
const byCorrelation = (spans: OtlpSpan[]) => new Map(spans.map((s) => [attributesOf(s)['a2a.correlation_id'] as string, s]));
/** An OTLP time (epoch nanoseconds) as a number. */
const nanos = (time: string | number | undefined) => Number(time);

const TCP = {
  'network.transport': 'tcp',
  'network.protocol.name': 'http',
  'network.protocol.version': '1.1',
  'client.address': '127.0.0.1',
};

describe('resources/subscribe and resources/unsubscribe in a 2025-era session', () => {
  it('one span each, with the URI, the session and the revision; a refused subscribe carries its JSON-RPC code', async () => {
    const before = otlp.exports.length;
    const service = await start();
    const legacy = new LegacyClient({ name: 'legacy', version: '1.0.0' });
    const transport = new LegacyTransport(new URL(service.mcpUrl), { requestInit: { headers: { 'x-api-key': KEYS.read } } });
    const answers: Record<string, { status: number; body: unknown }> = {};
    let sessionId = '';
    try {
      await legacy.connect(transport);
      sessionId = transport.sessionId!;
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const send = async (id: string, rpcId: number, method: string, uri: string) => {
        const response = await fetch(service.mcpUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'x-api-key': KEYS.read,
            'mcp-protocol-version': '2025-11-25',
            'mcp-session-id': sessionId,
            'x-request-id': id,
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: rpcId, method, params: { uri } }),
        });
        const text = await response.text();
        // A JSON answer, or one SSE event holding it.
        const json = text.startsWith('{') ? text : /^data: (.*)$/m.exec(text)?.[1];
        answers[id] = { status: response.status, body: JSON.parse(json ?? 'null') as unknown };
      };
      await send('subscribe', 1, 'resources/subscribe', 'doc://a');
      await send('unsubscribe', 2, 'resources/unsubscribe', 'doc://a');
      await send('not-subscribable', 3, 'resources/subscribe', 'plain://status');
      await send('no-such-resource', 4, 'resources/subscribe', 'nope://x');
      await send('forbidden', 5, 'resources/subscribe', 'secret://x');
    } finally {
      await legacy.close();
      await service.close();
    }

    const invalid = (id: number, uri: string) => ({
      status: 200,
      body: {
        jsonrpc: '2.0',
        id,
        error: { code: -32602, message: `Invalid params: ${uri} is not a subscribable resource`, data: { code: 'invalid_params', uri } },
      },
    });
    expect(answers).toEqual({
      subscribe: { status: 200, body: { jsonrpc: '2.0', id: 1, result: {} } },
      unsubscribe: { status: 200, body: { jsonrpc: '2.0', id: 2, result: {} } },
      'not-subscribable': invalid(3, 'plain://status'),
      'no-such-resource': invalid(4, 'nope://x'),
      forbidden: {
        status: 403,
        body: {
          jsonrpc: '2.0',
          id: 5,
          error: {
            code: -32003,
            message: 'Subscribing to secret://x needs the "write" permission',
            data: { code: 'forbidden', required: 'write' },
          },
        },
      },
    });

    const all = spansIn(otlp.exports, before);
    const spans = byCorrelation(all.filter((s) => String(attributesOf(s)['mcp.method.name']).startsWith('resources/')));
    // One span per request: no second one from the HTTP endpoint.
    expect(all.filter((s) => s.name.startsWith('resources/')).length).toBe(5);
    const span = (id: string, method: string, requestId: string, uri: string, extra: Record<string, unknown> = {}) => ({
      name: method,
      kind: 2, // SERVER
      status: extra['error.type'] === undefined ? 0 : 2,
      attributes: {
        'mcp.method.name': method,
        'mcp.protocol.version': '2025-11-25',
        'mcp.session.id': sessionId,
        'mcp.resource.uri': uri,
        ...TCP,
        'jsonrpc.request.id': requestId,
        'a2a.client.id': 'reader',
        'a2a.correlation_id': id,
        ...extra,
      },
    });
    // The URI checks run in the session gate, before the SDK lane: refusals after parsing, recorded
    // as the MCP method's span with the HTTP status (200: a JSON-RPC error) and our error code.
    const invalidParams = {
      'error.type': '-32602',
      'rpc.response.status_code': '-32602',
      'http.response.status_code': 200,
      'a2a.error.code': 'invalid_params',
    };
    expect(Object.fromEntries([...spans.keys()].sort().map((k) => [k, summary(spans.get(k)!)]))).toEqual({
      subscribe: span('subscribe', 'resources/subscribe', '1', 'doc://a'),
      unsubscribe: span('unsubscribe', 'resources/unsubscribe', '2', 'doc://a'),
      'not-subscribable': span('not-subscribable', 'resources/subscribe', '3', 'plain://status', invalidParams),
      'no-such-resource': span('no-such-resource', 'resources/subscribe', '4', 'nope://x', invalidParams),
      // Refused by the pipeline after parsing: the MCP method's span, with the HTTP status.
      forbidden: span('forbidden', 'resources/subscribe', '5', 'secret://x', {
        'error.type': '-32003',
        'rpc.response.status_code': '-32003',
        'http.response.status_code': 403,
        'a2a.error.code': 'forbidden',
      }),
    });
  });
});

describe('subscriptions/listen (2026-07-28)', () => {
  it('one span for the whole stream: ended and exported once the client closes it', async () => {
    const before = otlp.exports.length;
    const service = await start();
    const client = new ModernClient({ name: 'trace-listen', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    const updates: string[] = [];
    let updated: () => void = () => undefined;
    const firstUpdate = new Promise<void>((resolve) => (updated = resolve));
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      updates.push(notification.params.uri);
      updated();
    });
    // performance.now(): the clock the server times operations with (one process).
    let opened = 0;
    let openedAt = 0;
    let closing = 0;
    try {
      await client.connect(
        new ModernTransport(new URL(service.mcpUrl), { requestInit: { headers: { 'x-api-key': KEYS.read, 'x-request-id': 'listen' } } }),
      );
      const subscription = await client.listen({ resourceSubscriptions: ['doc://a'] });
      openedAt = Date.now();
      opened = performance.now();
      const touched = await fetch(service.mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-api-key': KEYS.write,
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'touch',
          'x-request-id': 'touch',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: {
            name: 'touch',
            arguments: { uri: 'doc://a' },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientInfo': { name: 'trace-listen', version: '1.0.0' },
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      });
      expect(touched.status).toBe(200);
      await touched.text();
      await firstUpdate;
      expect(updates).toEqual(['doc://a']);
      // The tool call's span, which started after the stream, is exported while the stream is
      // open; the stream's is not: it ends with the stream.
      await eventually(() => expect(byCorrelation(spansIn(otlp.exports, before)).has('touch')).toBe(true));
      expect(spansIn(otlp.exports, before).filter((s) => s.name === 'subscriptions/listen')).toEqual([]);
      closing = performance.now();
      await subscription.close();
      expect(await subscription.closed).toBe('local');
      // Exported while the service runs (not only by the flush at shutdown).
      await eventually(() => expect(spansIn(otlp.exports, before).filter((s) => s.name === 'subscriptions/listen').length).toBe(1));
    } finally {
      await client.close();
      await service.close();
    }

    const listens = spansIn(otlp.exports, before).filter((s) => s.name === 'subscriptions/listen');
    expect(listens.length).toBe(1);
    const listen = listens[0]!;
    expect(summary(listen)).toEqual({
      name: 'subscriptions/listen',
      kind: 2,
      status: 0,
      attributes: {
        'mcp.method.name': 'subscriptions/listen',
        'mcp.protocol.version': '2026-07-28',
        ...TCP,
        // The SDK client's id for its first listen request.
        'jsonrpc.request.id': 'listen:0',
        'a2a.client.id': 'reader',
        'a2a.correlation_id': 'listen',
      },
    });
    // The span covers the stream: it started before the stream was acknowledged and lasted at least
    // from then until the client began closing it.
    expect(Number(BigInt(String(listen.startTimeUnixNano)) / 1_000_000n) <= openedAt).toBe(true);
    expect(nanos(listen.endTimeUnixNano) - nanos(listen.startTimeUnixNano) >= (closing - opened) * 1e6).toBe(true);
  });
});
