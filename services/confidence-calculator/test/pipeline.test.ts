/**
 * The core request pipeline, driven over raw HTTP against confidence-calculator: status codes,
 * headers, limits, authentication, permissions, origins, metrics and graceful shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { defineService, defineTool, z, type RunningService } from '@a2a-mcp/core';
import { mcpPost, modernEnvelope, modernHeaders, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createConfidenceCalculatorService } from '../src/service.js';

// Test-only tools: one that needs `write`, one that waits (for the in-flight shutdown test).
const writeTool = defineTool({
  name: 'test_write_tool',
  description: 'Needs the write permission.',
  permission: 'write',
  annotations: {},
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  handler: () => ({ ok: true }),
});
const slowTool = defineTool({
  name: 'test_slow_tool',
  description: 'Waits `ms` milliseconds.',
  permission: 'read',
  annotations: {},
  input: z.object({ ms: z.number().int().min(0).max(5000) }),
  output: z.object({ waited: z.number() }),
  handler: async ({ ms }, ctx) => {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
    return { waited: ms };
  },
});

function definition() {
  const base = createConfidenceCalculatorService();
  return defineService({ ...base, tools: [...base.tools, writeTool, slowTool] });
}

const call = (name: string, args: Record<string, unknown>, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});
const readKey = { 'x-api-key': TEST_KEYS.read };

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(definition(), { env: { MAX_BODY_BYTES: '2048' } });
});
afterAll(async () => {
  await service.close();
});

describe('responses', () => {
  it('answers a tool call with helmet headers and a generated correlation id', async () => {
    const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'partial_evidence' }), readKey);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {
        content: [{ type: 'text', text: '{"scenario":"partial_evidence","confidence":0.5,"known_scenario":true}' }],
        structuredContent: { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true },
      },
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('echoes a well-formed X-Request-Id or X-Correlation-ID and replaces a malformed one', async () => {
    const echoed = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      ...readKey,
      'x-request-id': 'trace-abc.123',
    });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const correlation = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      ...readKey,
      'x-correlation-id': 'corr-42',
    });
    expect(correlation.headers.get('x-request-id')).toBe('corr-42');
    const replaced = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      ...readKey,
      'x-request-id': 'bad id with spaces',
    });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('malformed requests', () => {
  it('413 for a body over MAX_BODY_BYTES', async () => {
    const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x'.repeat(3000) }), readKey);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: 'Request body exceeds the limit of 2048 bytes',
        data: { limitBytes: 2048, code: 'payload_too_large' },
      },
    });
  });

  it('400 / -32700 for malformed JSON, without a stack trace', async () => {
    const res = await mcpPost(service.mcpUrl, '{"jsonrpc":"2.0","id":1,"method":', readKey);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: the body is not valid JSON', data: { code: 'parse_error' } },
    });
    expect(res.text).not.toMatch(/at .*\.js|\/work\/|node_modules/);
  });

  it('400 / -32600 for JSON that is not a message', async () => {
    const res = await mcpPost(service.mcpUrl, '42', readKey);
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: number } }).error.code).toBe(-32600);
  });

  it('415 for a non-JSON content type', async () => {
    const res = await fetch(service.mcpUrl, { method: 'POST', headers: { ...readKey, 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Content-Type must be application/json', data: { code: 'unsupported_media_type' } },
    });
  });

  it('405 for GET (stateless) and PUT', async () => {
    const get = await fetch(service.mcpUrl, { headers: { ...readKey, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    const put = await fetch(service.mcpUrl, { method: 'PUT', headers: readKey });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('-32602 for an unknown tool', async () => {
    const res = await mcpPost(service.mcpUrl, call('no_such_tool', {}, 7), readKey);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: 'Unknown tool: no_such_tool', data: { tool: 'no_such_tool', code: 'unknown_tool' } },
    });
  });

  it('a tool execution error naming the field for wrong argument types', async () => {
    const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 42 }), readKey);
    expect(res.status).toBe(200);
    const result = (res.json as { result: { isError: boolean; content: { text: string }[] } }).result;
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe(
      'Invalid arguments for tool calculate_fallback_confidence: scenario: Invalid input: expected string, received number',
    );
  });

  it('modern era: header/body mismatch is 400 / -32020, an unsupported revision 400 / -32022 with the supported list', async () => {
    const body = {
      ...call('calculate_fallback_confidence', { scenario: 'x' }),
      params: { name: 'calculate_fallback_confidence', arguments: { scenario: 'x' }, _meta: modernEnvelope },
    };
    const mismatch = await mcpPost(service.mcpUrl, body, { ...readKey, ...modernHeaders('tools/call', 'some_other_tool') });
    expect(mismatch.status).toBe(400);
    expect((mismatch.json as { error: { code: number } }).error.code).toBe(-32020);
    const future = {
      ...body,
      params: { ...body.params, _meta: { ...modernEnvelope, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } },
    };
    const unsupported = await mcpPost(service.mcpUrl, future, {
      ...readKey,
      'mcp-protocol-version': '2099-01-01',
      'mcp-method': 'tools/call',
      'mcp-name': 'calculate_fallback_confidence',
    });
    expect(unsupported.status).toBe(400);
    expect(unsupported.json).toMatchObject({ error: { code: -32022, data: { supported: ['2026-07-28'], requested: '2099-01-01' } } });
  });
});

describe('authentication and permissions', () => {
  it('401 with WWW-Authenticate when no key is sent', async () => {
    const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
    expect((res.json as { error: { code: number } }).error.code).toBe(-32001);
  });

  it('401 with error="invalid_token" for a wrong key, as X-API-Key or Bearer', async () => {
    for (const headers of [{ 'x-api-key': 'wrong-key' }, { authorization: 'Bearer wrong-key' }] as Record<string, string>[]) {
      const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="a2a-mcp", error="invalid_token", error_description="Invalid API key"',
      );
      expect(res.text).not.toContain('wrong-key');
    }
  });

  it('accepts the key as Authorization: Bearer', async () => {
    const res = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      authorization: `Bearer ${TEST_KEYS.read}`,
    });
    expect(res.status).toBe(200);
  });

  it('403 insufficient_scope when the key lacks the tool permission; write keys may call it', async () => {
    const denied = await mcpPost(service.mcpUrl, call('test_write_tool', {}), readKey);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", error="insufficient_scope", scope="write", error_description="Tool test_write_tool needs the write permission"',
    );
    expect(denied.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32003, message: 'Tool test_write_tool needs the "write" permission', data: { required: 'write', code: 'forbidden' } },
    });
    const allowed = await mcpPost(service.mcpUrl, call('test_write_tool', {}), { 'x-api-key': TEST_KEYS.write });
    expect(allowed.status).toBe(200);
  });

  it('tools/list shows a read key only the tools it may call', async () => {
    const res = await mcpPost(service.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, readKey);
    const names = (res.json as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
    expect(names).toContain('calculate_fallback_confidence');
    expect(names).not.toContain('test_write_tool');
    const writer = await mcpPost(service.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'x-api-key': TEST_KEYS.write });
    expect((writer.json as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name)).toContain('test_write_tool');
  });
});

describe('origins and hosts', () => {
  it('403 for a foreign Origin; a loopback origin gets CORS headers outside production', async () => {
    const bad = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      ...readKey,
      origin: 'https://evil.example',
    });
    expect(bad.status).toBe(403);
    expect(bad.json).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32003, message: 'Origin not allowed', data: { code: 'origin_forbidden' } },
    });
    const good = await mcpPost(service.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), {
      ...readKey,
      origin: 'http://localhost:6274',
    });
    expect(good.status).toBe(200);
    expect(good.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
  });

  it('403 for a Host header that is not a loopback name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(call('calculate_fallback_confidence', { scenario: 'x' }));
      const req = request(
        service.mcpUrl,
        {
          method: 'POST',
          headers: {
            host: `evil.example:${service.port}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...readKey,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });
});

describe('operational endpoints', () => {
  it('/health, /ready and /status', async () => {
    expect(await (await fetch(`${service.url}/health`)).json()).toEqual({ status: 'ok', service: 'confidence-calculator' });
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, draining: false, checks: { store: 'ok' } });
    const status = (await (await fetch(`${service.url}/status`)).json()) as { service: string; tools: string[]; store: string };
    expect(status.service).toBe('confidence-calculator');
    expect(status.tools).toContain('evaluate_calibration');
    expect(status.store).toBe('memory');
  });

  it('/metrics counts one tool call exactly', async () => {
    const fresh = await startTestService(definition());
    try {
      await mcpPost(fresh.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }), readKey);
      const text = await (await fetch(`${fresh.url}/metrics`)).text();
      expect(text).toContain(
        'mcp_tool_calls_total{tool="calculate_fallback_confidence",outcome="success",service="confidence-calculator"} 1',
      );
      expect(text).toContain(
        'mcp_tool_duration_seconds_count{service="confidence-calculator",tool="calculate_fallback_confidence",outcome="success"} 1',
      );
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      await fresh.close();
    }
  });

  it('404 JSON for an unknown path', async () => {
    const res = await fetch(`${service.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for /nope' } });
  });
});

describe('graceful shutdown', () => {
  it('lets a call in flight complete, then stops', async () => {
    const instance = await startTestService(definition());
    const inFlight = mcpPost(instance.mcpUrl, call('test_slow_tool', { ms: 400 }), readKey);
    while (instance.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = instance.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({ waited: 400 });
    await closing;
    await expect(fetch(`${instance.url}/health`)).rejects.toThrow();
  });
});
