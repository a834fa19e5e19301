/**
 * Issue #14, items 4, 7 and 8: one client filling the shared state. Real services on the memory
 * store (where eviction happened) and on the real Redis, with small quotas set through the
 * environment so every attack fits in seconds. In each case the attacker is refused with the
 * retryable `quota_exceeded` naming the quota, and the other client's data and access are intact.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { createResourceStreamingService, loadStreamSettings } from '@a2a-mcp/resource-streaming';
import { createSessionManagementService, loadSessionSettings } from '@a2a-mcp/session-management';
import { createTransportLayerService, loadTransportSettings } from '@a2a-mcp/transport-layer';
import {
  mcpPost,
  modernEnvelope,
  modernHeaders,
  requireExternalService,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
} from '@a2a-mcp/testkit';

const REDIS_URL = requireExternalService('REDIS_URL');
const SECRET = 'hostile-quota-session-secret-0123456789';

// Two write-level clients besides the test keys: the attacker and its victim.
const ATTACKER = 'hostile-attacker-key-0123456789abcdef';
const VICTIM = 'hostile-victim-key-0123456789abcdef01';
const API_KEYS = `${TEST_KEYS.read}:reader:read ${TEST_KEYS.admin}:operator:admin ${ATTACKER}:mallory:write ${VICTIM}:alice:write`;

interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { text: string }[];
  _meta?: { 'a2a-mcp/error'?: { code: string; retryable?: boolean; data?: Record<string, unknown> } };
}

let nextId = 0;

/** One stateless 2026-07-28 tools/call over raw HTTP (no session, no client library). */
async function call(mcpUrl: string, key: string, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const response = await mcpPost(
    mcpUrl,
    { jsonrpc: '2.0', id: ++nextId, method: 'tools/call', params: { name, arguments: args, _meta: modernEnvelope } },
    { ...modernHeaders('tools/call', name), 'x-api-key': key },
  );
  expect(response.status).toBe(200);
  return (response.json as { result: ToolResult }).result;
}

/** Calls `count` times, `concurrency` at a time; returns how many succeeded and the first refusal. */
async function flood(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<ToolResult>,
): Promise<{ ok: number; refusals: ToolResult[] }> {
  let ok = 0;
  const refusals: ToolResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const result = await send(next++);
        if (result.isError) refusals.push(result);
        else ok++;
      }
    }),
  );
  return { ok, refusals };
}

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix('hostile-quotas') } : undefined],
];

describe.each(backends)('item 4: one writer cannot push out another client’s sessions (%s store)', (_backend, env) => {
  const run = env ? it : it.skip;
  let service: RunningService;
  beforeAll(async () => {
    if (!env) return;
    const settings = loadSessionSettings({
      SESSION_SIGNING_SECRET: SECRET,
      SESSION_MAX_PER_CLIENT: '50',
      ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    });
    service = await startTestService(createSessionManagementService(settings), { env: { ...env, MCP_API_KEYS: API_KEYS } });
  });
  afterAll(async () => {
    await service?.close();
  });

  run('150 creates: the 50th is accepted, every later one is quota_exceeded; the victim’s session lives', async () => {
    const victim = (await call(service.mcpUrl, VICTIM, 'create_session', { ttl_seconds: 600, state: JSON.stringify({ cart: [1, 2, 3] }) }))
      .structuredContent as { session_id: string; token: string };
    const attack = await flood(150, 8, () => call(service.mcpUrl, ATTACKER, 'create_session', { ttl_seconds: 600 }));
    expect(attack.ok).toBe(50);
    expect(attack.refusals).toHaveLength(100);
    for (const refusal of attack.refusals)
      expect(refusal._meta?.['a2a-mcp/error']).toEqual({
        code: 'quota_exceeded',
        retryable: true,
        data: { quota: 'sessions_per_client', limit: 50 },
      });
    const read = await call(service.mcpUrl, VICTIM, 'get_session', { session_id: victim.session_id, token: victim.token });
    expect(read.structuredContent).toMatchObject({ owner: 'alice', status: 'active', state: { cart: [1, 2, 3] } });
    // The victim can still create sessions of its own.
    expect((await call(service.mcpUrl, VICTIM, 'create_session', { ttl_seconds: 600 })).isError).toBeUndefined();
  });
});

describe('item 4: the memory store refuses new keys when full instead of evicting live ones', () => {
  let service: RunningService;
  beforeAll(async () => {
    // A per-client quota above the store's cap: the cap is what the attacker meets.
    const settings = loadSessionSettings({ SESSION_SIGNING_SECRET: SECRET, SESSION_MAX_PER_CLIENT: '100000' });
    service = await startTestService(createSessionManagementService(settings), {
      env: { MCP_API_KEYS: API_KEYS, MEMORY_STORE_MAX_KEYS: '200' },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('300 creates against a 200-key store: the rest are refused (unavailable, retryable); the victim’s session lives', async () => {
    const victim = (await call(service.mcpUrl, VICTIM, 'create_session', { ttl_seconds: 600, state: JSON.stringify({ step: 7 }) }))
      .structuredContent as { session_id: string; token: string };
    const attack = await flood(300, 8, () => call(service.mcpUrl, ATTACKER, 'create_session', { ttl_seconds: 600 }));
    // Every session is one key; 5 more hold the two clients' quota slot sets, the stats counters,
    // the active-session index and the victim's session: 200 − 5 = 195 for the attacker.
    expect(attack.ok).toBe(195);
    expect(attack.ok + attack.refusals.length).toBe(300);
    expect(attack.refusals[0]?._meta?.['a2a-mcp/error']).toEqual({
      code: 'unavailable',
      retryable: true,
      data: { quota: 'memory_store_keys', limit: 200 },
    });
    expect(
      (await call(service.mcpUrl, VICTIM, 'get_session', { session_id: victim.session_id, token: victim.token })).structuredContent,
    ).toMatchObject({ owner: 'alice', status: 'active', state: { step: 7 } });
  });
});

describe.each(backends)('item 8: no sender can empty or fill another client’s mailbox (%s store)', (_backend, env) => {
  const run = env ? it : it.skip;
  let service: RunningService;
  beforeAll(async () => {
    if (!env) return;
    const settings = loadTransportSettings({ TRANSPORT_MAX_MAILBOX_DEPTH: '100', TRANSPORT_MAX_MESSAGES_PER_SENDER: '40' });
    service = await startTestService(createTransportLayerService(settings), { env: { ...env, MCP_API_KEYS: API_KEYS } });
  });
  afterAll(async () => {
    await service?.close();
  });

  run('200 sends to one mailbox: the 40th is accepted, the rest refused; the other sender’s message is delivered', async () => {
    const sent = (await call(service.mcpUrl, VICTIM, 'send_message', { to: 'operator', body: JSON.stringify({ invoice: 17 }) }))
      .structuredContent as { message_id: string };
    const attack = await flood(200, 8, (i) =>
      call(service.mcpUrl, ATTACKER, 'send_message', { to: 'operator', body: JSON.stringify({ spam: i }) }),
    );
    expect(attack.ok).toBe(40);
    expect(attack.refusals).toHaveLength(160);
    for (const refusal of attack.refusals)
      expect(refusal._meta?.['a2a-mcp/error']).toEqual({
        code: 'quota_exceeded',
        retryable: true,
        data: { quota: 'mailbox_messages_per_sender', limit: 40 },
      });
    // Others still have room in the mailbox.
    expect(
      (await call(service.mcpUrl, VICTIM, 'send_message', { to: 'operator', body: JSON.stringify({ invoice: 18 }) })).isError,
    ).toBeUndefined();
    const received = (await call(service.mcpUrl, TEST_KEYS.admin, 'receive_messages', { mailbox: 'operator', max: 100 }))
      .structuredContent as { messages: { message_id: string; from: string; body: unknown }[] };
    expect(received.messages).toHaveLength(42);
    expect(received.messages[0]).toMatchObject({ message_id: sent.message_id, from: 'alice', body: { invoice: 17 } });
    expect(received.messages.filter((m) => m.from === 'alice').map((m) => m.body)).toEqual([{ invoice: 17 }, { invoice: 18 }]);
  });
});

describe.each(backends)('item 7: resource-streaming has per-client quotas (%s store)', (_backend, env) => {
  const run = env ? it : it.skip;
  let service: RunningService;
  const streamHeaders = (key: string, sessionId: string) => ({
    'x-api-key': key,
    'mcp-protocol-version': '2025-11-25',
    'mcp-session-id': sessionId,
    accept: 'text/event-stream',
  });
  const initialize = (key: string) =>
    mcpPost(
      service.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'hostile', version: '1.0.0' } },
      },
      { 'x-api-key': key },
    );
  /** Initializes a 2025-era session and opens its GET stream; returns the response (status) and a closer. */
  async function getStream(key: string): Promise<{ status: number; headers: Headers; body: unknown; close: () => void }> {
    const init = await initialize(key);
    expect(init.status).toBe(200);
    const abort = new AbortController();
    const response = await fetch(service.mcpUrl, {
      method: 'GET',
      headers: streamHeaders(key, init.headers.get('mcp-session-id')!),
      signal: abort.signal,
    });
    const body = response.status === 200 ? undefined : await response.json();
    return { status: response.status, headers: response.headers, body, close: () => abort.abort() };
  }

  beforeAll(async () => {
    if (!env) return;
    const settings = loadStreamSettings({ STREAM_MAX_PER_CLIENT: '20', STREAM_MAX_EVENTS: '50', STREAM_MAX_STREAM_BYTES: '65536' });
    service = await startTestService(createResourceStreamingService(settings), {
      env: { ...env, MCP_API_KEYS: API_KEYS, OPEN_STREAMS_PER_CLIENT: '3', LEGACY_SESSIONS_PER_CLIENT: '10' },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  run('one write key flooding the victim’s stream keeps only its own latest 50; publishing to 60 streams gets it 20', async () => {
    await call(service.mcpUrl, VICTIM, 'publish_event', { stream: 'orders', data: JSON.stringify({ order: 1 }) });
    // Into the victim's stream: 120 events, of which the attacker keeps its latest 50.
    const flooding = await flood(120, 8, (i) =>
      call(service.mcpUrl, ATTACKER, 'publish_event', { stream: 'orders', data: JSON.stringify({ spam: i }) }),
    );
    expect(flooding.ok).toBe(120);
    const orders = (await call(service.mcpUrl, TEST_KEYS.read, 'read_stream', { stream: 'orders', max: 500 })).structuredContent as {
      events: { data: unknown }[];
    };
    expect(orders.events).toHaveLength(51);
    expect(orders.events[0]!.data).toEqual({ order: 1 });
    // Memory: one stream used, 19 more for the attacker, then quota_exceeded.
    const attack = await flood(60, 8, (i) =>
      call(service.mcpUrl, ATTACKER, 'publish_event', { stream: `junk-${i}`, data: JSON.stringify('x'.repeat(1000)) }),
    );
    expect(attack.ok).toBe(19);
    expect(attack.refusals).toHaveLength(41);
    for (const refusal of attack.refusals)
      expect(refusal._meta?.['a2a-mcp/error']).toEqual({
        code: 'quota_exceeded',
        retryable: true,
        data: { quota: 'streams_per_client', limit: 20 },
      });
    // The victim publishes on.
    expect(
      (await call(service.mcpUrl, VICTIM, 'publish_event', { stream: 'orders', data: JSON.stringify({ order: 2 }) })).isError,
    ).toBeUndefined();
  });

  run('a read-level client holding its 3 GET streams is refused a 4th (429, Retry-After); another client still gets one', async () => {
    const held = [await getStream(TEST_KEYS.read), await getStream(TEST_KEYS.read), await getStream(TEST_KEYS.read)];
    try {
      expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
      const fourth = await getStream(TEST_KEYS.read);
      expect(fourth.status).toBe(429);
      expect(fourth.headers.get('retry-after')).toBe('10');
      expect(fourth.body).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32030,
          message:
            'Quota exceeded: this client already holds 3 open streams (GET streams and subscriptions) on this server; close one before opening another (quota open_streams_per_client = 3)',
          data: { code: 'quota_exceeded', quota: 'open_streams_per_client', limit: 3, retryable: true },
        },
      });
      // Another client is not locked out.
      const other = await getStream(VICTIM);
      expect(other.status).toBe(200);
      other.close();
    } finally {
      for (const stream of held) stream.close();
    }
  });

  run('a client past LEGACY_SESSIONS_PER_CLIENT live sessions is refused initialize (429); another client is not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await initialize(ATTACKER)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(200), ...Array<number>(5).fill(429)]);
    const refused = await initialize(ATTACKER);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect((refused.json as { error: { code: number; data: unknown } }).error).toMatchObject({
      code: -32030,
      data: { code: 'quota_exceeded', quota: 'legacy_sessions_per_client', limit: 10 },
    });
    expect((await initialize(VICTIM)).status).toBe(200);
  });
});
