/**
 * Permissions: tools/list shows only callable tools, PUBLIC_TOOLS opens named tools to anonymous
 * callers (and nothing else), /metrics needs METRICS_TOKEN or admin, requireAdmin guards routes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireAdmin } from '../src/auth/guards.js';
import { expandPermissions, type Identity } from '../src/auth/identity.js';
import { ConfigError } from '../src/config.js';
import { isServiceError } from '../src/errors.js';
import type { RunningService } from '../src/runtime.js';
import { callToolRaw, KEYS, rawCall, startCoreTestService, toolNames } from './helpers/service.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const apiKey = (key: string) => ({ 'x-api-key': key });

let service: RunningService;
beforeAll(async () => {
  service = await startCoreTestService({ PUBLIC_TOOLS: 'echo_text', METRICS_TOKEN });
});
afterAll(async () => {
  await service.close();
});

describe('tools/list', () => {
  it.each([
    ['read', ['echo_text']],
    ['write', ['echo_text', 'save_note']],
    ['admin', ['echo_text', 'purge_all', 'save_note']],
  ] as const)('a %s key sees only the tools it may call', async (level, expected) => {
    const res = await rawCall(service.mcpUrl, 'tools/list', {}, apiKey(KEYS[level]));
    expect(res.status).toBe(200);
    expect(toolNames(res)).toEqual(expected);
  });

  it('an anonymous caller sees only the public tools', async () => {
    const res = await rawCall(service.mcpUrl, 'tools/list', {});
    expect(res.status).toBe(200);
    expect(toolNames(res)).toEqual(['echo_text']);
  });
});

describe('PUBLIC_TOOLS', () => {
  it('lets an anonymous caller call a public tool', async () => {
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'open' });
    expect(res.status).toBe(200);
    expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({
      echo: 'open',
      client: 'anonymous:127.0.0.1',
    });
  });

  it('keeps the other tools closed (401 with a challenge)', async () => {
    const res = await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
  });

  it('still refuses a wrong key on a public tool', async () => {
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, apiKey('wrong-key'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp", error="invalid_token", error_description="Invalid API key"');
  });

  it('is closed by default', async () => {
    const closed = await startCoreTestService();
    try {
      const res = await callToolRaw(closed.mcpUrl, 'echo_text', { text: 'x' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
    } finally {
      await closed.close();
    }
  });

  it('answers a missing key and a wrong key alike: 401, -32001, "id": null (decided on the headers)', async () => {
    const closed = await startCoreTestService();
    try {
      const bodies: { id: unknown; error: { code: number } }[] = [];
      for (const auth of [{}, { 'x-api-key': 'wrong-key' }] as Record<string, string>[]) {
        const res = await fetch(closed.mcpUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth },
          body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} }),
        });
        expect(res.status).toBe(401);
        bodies.push((await res.json()) as (typeof bodies)[number]);
      }
      expect(bodies.map((b) => [b.id, b.error.code])).toEqual([
        [null, -32001],
        [null, -32001],
      ]);
    } finally {
      await closed.close();
    }
  });

  it('refuses to start when it names a tool the service does not have', async () => {
    await expect(startCoreTestService({ PUBLIC_TOOLS: 'echo_text, no_such_tool' })).rejects.toThrow(
      new ConfigError(['PUBLIC_TOOLS: "no_such_tool" is not a tool of security-test (its tools: echo_text, save_note, purge_all)']),
    );
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const metrics = (headers: Record<string, string> = {}) => fetch(`${service.url}/metrics`, { headers });

  it('401 without credentials', async () => {
    const res = await metrics();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
  });

  it('401 invalid_token with a wrong token or key', async () => {
    for (const headers of [
      { authorization: 'Bearer not-the-metrics-token' },
      { authorization: `Bearer ${METRICS_TOKEN}0` },
      apiKey('wrong-key'),
    ]) {
      const res = await metrics(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="a2a-mcp", error="invalid_token", error_description="Invalid API key"',
      );
    }
  });

  it('403 insufficient_scope with a valid key without admin', async () => {
    for (const key of [KEYS.read, KEYS.write]) {
      const res = await metrics(apiKey(key));
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="a2a-mcp", error="insufficient_scope", scope="admin", error_description="This needs the admin permission"',
      );
    }
  });

  it('counts its refusals in mcp_auth_failures_total like /mcp does', async () => {
    const count = async (reason: string) => {
      const text = await service.metrics!.registry.getSingleMetricAsString('mcp_auth_failures_total');
      return Number(
        new RegExp(`^mcp_auth_failures_total\\{reason="${reason}",service="security-test"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? '0',
      );
    };
    const before = {
      missing: await count('missing_credentials'),
      scope: await count('insufficient_permission'),
      unknown: await count('unknown_key'),
    };
    expect((await metrics()).status).toBe(401);
    expect((await metrics(apiKey(KEYS.read))).status).toBe(403);
    expect((await metrics(apiKey('wrong-key'))).status).toBe(401);
    expect((await fetch(`${service.url}/circuit-breakers/reset`, { method: 'POST', headers: apiKey(KEYS.write) })).status).toBe(403);
    expect({
      missing: await count('missing_credentials'),
      scope: await count('insufficient_permission'),
      unknown: await count('unknown_key'),
    }).toEqual({
      missing: before.missing + 1,
      scope: before.scope + 2,
      unknown: before.unknown + 1,
    });
  });

  it('200 with the token or an admin key', async () => {
    const withToken = await metrics({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('mcp_http_requests_total');
    expect((await metrics(apiKey(KEYS.admin))).status).toBe(200);
  });
});

describe('requireAdmin', () => {
  const identity = (permissions: string[]): Identity => ({
    clientId: 'c',
    permissions: expandPermissions(permissions),
    authType: 'api_key',
  });
  const thrown = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (isServiceError(error)) return { status: error.httpStatus, header: error.headers?.['WWW-Authenticate'] };
      throw error;
    }
    throw new Error('did not throw');
  };

  it('401 without an identity, 403 insufficient_scope without admin, passes admin', () => {
    expect(thrown(() => requireAdmin(undefined))).toEqual({ status: 401, header: 'Bearer realm="a2a-mcp"' });
    expect(thrown(() => requireAdmin({ clientId: 'anonymous:1', permissions: new Set(), authType: 'anonymous' }))).toEqual({
      status: 401,
      header: 'Bearer realm="a2a-mcp"',
    });
    expect(thrown(() => requireAdmin(identity(['write'])))).toEqual({
      status: 403,
      header: 'Bearer realm="a2a-mcp", error="insufficient_scope", scope="admin", error_description="This needs the admin permission"',
    });
    expect(requireAdmin(identity(['admin'])).clientId).toBe('c');
  });
});
