/**
 * Resource subscriptions: 2026-07-28 clients subscribe with subscriptions/listen and receive
 * notifications/resources/updated for the URIs they named, published by a tool on this replica or
 * (with Redis) another one; admission checks the resource's permission and bounds streams per
 * client and URIs per stream; closing a subscription or a client releases everything. 2025-era
 * clients (served statelessly) are not offered subscriptions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startService, type RunningService } from '../src/runtime.js';
import { coreTestConfig, KEYS, rawCall, subscribableTestService } from './helpers/service.js';
import { deleteRedisPrefix, requireExternalService, uniquePrefix } from './support/external.js';

const REDIS_URL = requireExternalService('REDIS_URL');

function start(env: Record<string, string> = {}): Promise<RunningService> {
  return startService(subscribableTestService('subscriptions-test', { subscriptionLimits: { maxUrisPerStream: 3 } }), {
    config: coreTestConfig({ OPEN_STREAMS_PER_CLIENT: '2', ...env }),
    port: 0,
  });
}

interface Subscriber {
  client: ModernClient;
  /** URIs of the notifications/resources/updated received, in order. */
  updates: string[];
  /** Resolves with the n-th update (1-based) once it has arrived. */
  nth: (n: number) => Promise<string>;
}

async function subscriber(mcpUrl: string, key: string): Promise<Subscriber> {
  const client = new ModernClient(
    { name: 'subscriptions-test', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const updates: string[] = [];
  let waiters: (() => void)[] = [];
  client.setNotificationHandler('notifications/resources/updated', (notification) => {
    updates.push(notification.params.uri);
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  });
  await client.connect(new ModernTransport(new URL(mcpUrl), { requestInit: { headers: { 'x-api-key': key } } }));
  const nth = async (n: number) => {
    while (updates.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return updates[n - 1]!;
  };
  return { client, updates, nth };
}

async function touch(mcpUrl: string, uri: string): Promise<void> {
  const res = await rawCall(mcpUrl, 'tools/call', { name: 'touch', arguments: { uri } }, { 'x-api-key': KEYS.write });
  expect(res.status).toBe(200);
  expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({ touched: uri });
}

/** Polls until `check` passes (cleanup happens on socket close, a moment after the client acts). */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (error) {
      if (i >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** A raw subscriptions/listen POST; the body is read only when it is not an open SSE stream. */
async function rawListen(
  mcpUrl: string,
  uris: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'subscriptions/listen',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'subscriptions/listen',
      params: {
        notifications: { resourceSubscriptions: uris },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'core-test', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  const json: unknown = response.headers.get('content-type')?.startsWith('application/json') ? await response.json() : undefined;
  if (json === undefined) await response.body?.cancel();
  return { status: response.status, headers: response.headers, json };
}

describe('one replica (memory store)', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start();
  });
  afterAll(async () => {
    await service.close();
  });

  it('advertises resources.subscribe to the 2026-07-28 era, and to the 2025 era in a session (LEGACY_SESSIONS=auto)', async () => {
    const discover = await rawCall(service.mcpUrl, 'server/discover', {}, { 'x-api-key': KEYS.read });
    expect((discover.json as { result: { capabilities: unknown } }).result.capabilities).toEqual({
      tools: {},
      resources: { subscribe: true },
    });
    const legacy = new LegacyClient({ name: 'legacy', version: '1.0.0' });
    const transport = new LegacyTransport(new URL(service.mcpUrl), { requestInit: { headers: { 'x-api-key': KEYS.read } } });
    try {
      await legacy.connect(transport);
      expect(transport.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(legacy.getServerCapabilities()).toEqual({ tools: {}, resources: { subscribe: true } });
      await expect(legacy.subscribeResource({ uri: 'doc://a' })).resolves.toEqual({});
      await expect(legacy.subscribeResource({ uri: 'plain://status' })).rejects.toMatchObject({
        code: -32602,
        message: 'MCP error -32602: Invalid params: plain://status is not a subscribable resource',
      });
      // The resource's permission, checked before the SDK like a listen: HTTP 403 insufficient_scope.
      const forbidden = await fetch(service.mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-api-key': KEYS.read,
          'mcp-protocol-version': '2025-11-25',
          'mcp-session-id': transport.sessionId!,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'resources/subscribe', params: { uri: 'secret://x' } }),
      });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('www-authenticate')).toBe(
        'Bearer realm="a2a-mcp", error="insufficient_scope", scope="write", error_description="Subscribing to secret://x needs the write permission"',
      );
      expect(await forbidden.json()).toEqual({
        jsonrpc: '2.0',
        id: 9,
        error: {
          code: -32003,
          message: 'Subscribing to secret://x needs the "write" permission',
          data: { code: 'forbidden', required: 'write' },
        },
      });
    } finally {
      await legacy.close();
    }
  });

  it('with LEGACY_SESSIONS=off the 2025 era is stateless: no subscribe capability, resources/subscribe is -32601', async () => {
    const off = await start({ LEGACY_SESSIONS: 'off' });
    const legacy = new LegacyClient({ name: 'legacy', version: '1.0.0' });
    const transport = new LegacyTransport(new URL(off.mcpUrl), { requestInit: { headers: { 'x-api-key': KEYS.read } } });
    try {
      await legacy.connect(transport);
      expect(transport.sessionId).toBeUndefined();
      expect(legacy.getServerCapabilities()).toEqual({ tools: {}, resources: {} });
      await expect(legacy.subscribeResource({ uri: 'doc://a' })).rejects.toMatchObject({ code: -32601 });
    } finally {
      await legacy.close();
      await off.close();
    }
  });

  it('notifies a subscriber of the URIs it named, in order, and stops after close()', async () => {
    const sub = await subscriber(service.mcpUrl, KEYS.read);
    const subscription = await sub.client.listen({ resourceSubscriptions: ['doc://a', 'doc://c'] });
    expect(subscription.honoredFilter).toEqual({ resourceSubscriptions: ['doc://a', 'doc://c'] });
    expect(service.subscriptionStats?.()).toEqual({ streams: 1, listeners: 1, clients: 1, tailing: true });
    await touch(service.mcpUrl, 'doc://b');
    await touch(service.mcpUrl, 'doc://a');
    await touch(service.mcpUrl, 'doc://c');
    await touch(service.mcpUrl, 'doc://a');
    // doc://b would have arrived first: the updates travel through one ordered stream.
    expect(await sub.nth(3)).toBe('doc://a');
    expect(sub.updates).toEqual(['doc://a', 'doc://c', 'doc://a']);
    await subscription.close();
    expect(await subscription.closed).toBe('local');
    await eventually(() => expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
    await sub.client.close();
  });

  it('releases a subscription when the client goes away', async () => {
    const sub = await subscriber(service.mcpUrl, KEYS.read);
    await sub.client.listen({ resourceSubscriptions: ['doc://gone'] });
    expect(service.subscriptionStats?.().streams).toBe(1);
    await sub.client.close();
    await eventually(() => expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
  });

  it('needs the resource permission to subscribe (403 insufficient_scope)', async () => {
    const res = await rawListen(service.mcpUrl, ['doc://ok', 'secret://x'], { 'x-api-key': KEYS.read });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", error="insufficient_scope", scope="write", error_description="Subscribing to secret://x needs the write permission"',
    );
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32003,
        message: 'Subscribing to secret://x needs the "write" permission',
        data: { code: 'forbidden', required: 'write' },
      },
    });
    const writer = await subscriber(service.mcpUrl, KEYS.write);
    const subscription = await writer.client.listen({ resourceSubscriptions: ['secret://x'] });
    await touch(service.mcpUrl, 'secret://x');
    expect(await writer.nth(1)).toBe('secret://x');
    await subscription.close();
    await writer.client.close();
    expect(service.subscriptionStats?.().streams).toBe(0);
  });

  it('refuses anonymous callers (401)', async () => {
    const res = await rawListen(service.mcpUrl, ['doc://a'], {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
  });

  it.each([
    [['plain://status'], 'Invalid params: plain://status is not a subscribable resource'],
    [['nope://x'], 'Invalid params: nope://x is not a subscribable resource'],
    [['doc://1', 'doc://2', 'doc://3', 'doc://4'], 'Invalid params: at most 3 resource URIs per subscription'],
    [[1], 'Invalid params: resourceSubscriptions must be an array of resource URIs'],
    ['doc://a', 'Invalid params: resourceSubscriptions must be an array of resource URIs'],
  ])('rejects resourceSubscriptions %j with -32602', async (uris, message) => {
    const res = await rawListen(service.mcpUrl, uris, { 'x-api-key': KEYS.read });
    expect(res.status).toBe(200);
    expect((res.json as { error: { code: number; message: string } }).error).toMatchObject({ code: -32602, message });
    expect(service.subscriptionStats?.().streams).toBe(0);
  });

  it('bounds the open streams per client with a clear, retryable error', async () => {
    const sub = await subscriber(service.mcpUrl, KEYS.read);
    const first = await sub.client.listen({ resourceSubscriptions: ['doc://1'] });
    const second = await sub.client.listen({ resourceSubscriptions: ['doc://2'] });
    const refused = await rawListen(service.mcpUrl, ['doc://3'], { 'x-api-key': KEYS.read });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32030,
        message:
          'Quota exceeded: this client already holds 2 open streams (GET streams and subscriptions) on this server; close one before opening another (quota open_streams_per_client = 2)',
        data: { code: 'quota_exceeded', quota: 'open_streams_per_client', limit: 2, retryable: true },
      },
    });
    // Another client is not affected.
    const other = await subscriber(service.mcpUrl, KEYS.write);
    const third = await other.client.listen({ resourceSubscriptions: ['doc://3'] });
    expect(service.subscriptionStats?.()).toMatchObject({ streams: 3, listeners: 3, clients: 2 });
    await first.close();
    await eventually(() => expect(service.subscriptionStats?.().streams).toBe(2));
    const again = await sub.client.listen({ resourceSubscriptions: ['doc://1'] });
    await touch(service.mcpUrl, 'doc://1');
    expect(await sub.nth(1)).toBe('doc://1');
    await Promise.all([second.close(), third.close(), again.close()]);
    await Promise.all([sub.client.close(), other.client.close()]);
    await eventually(() => expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
  });

  it('ignores updates of URIs nobody can subscribe to', async () => {
    await touch(service.mcpUrl, 'plain://status');
    expect(await service.store.streamLength('mcp-resource-updates:subscriptions-test')).toBeGreaterThan(0);
    const before = await service.store.streamRange('mcp-resource-updates:subscriptions-test');
    await touch(service.mcpUrl, 'nope://x');
    expect(await service.store.streamRange('mcp-resource-updates:subscriptions-test')).toEqual(before);
  });
});

describe('a bound on the whole replica', () => {
  it('refuses a stream beyond maxStreams whoever asks, and accepts again once one closes', async () => {
    const definition = subscribableTestService('subscriptions-test', { subscriptionLimits: { maxStreams: 1 } });
    const service = await startService(definition, { config: coreTestConfig(), port: 0 });
    const reader = await subscriber(service.mcpUrl, KEYS.read);
    const first = await reader.client.listen({ resourceSubscriptions: ['doc://a'] });
    const refused = await rawListen(service.mcpUrl, ['doc://a'], { 'x-api-key': KEYS.write });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32029,
        message: 'Too many open subscriptions on this server (limit 1); try again later',
        data: { code: 'rate_limited', limit: 1, retryable: true },
      },
    });
    await first.close();
    await eventually(() => expect(service.subscriptionStats?.().streams).toBe(0));
    const writer = await subscriber(service.mcpUrl, KEYS.write);
    const second = await writer.client.listen({ resourceSubscriptions: ['doc://a'] });
    expect(service.subscriptionStats?.()).toEqual({ streams: 1, listeners: 1, clients: 1, tailing: true });
    await second.close();
    await Promise.all([reader.client.close(), writer.client.close()]);
    await service.close();
  });
});

describe('shutdown', () => {
  it('ends open listen streams so the drain does not wait for them', async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: '60000' });
    const sub = await subscriber(service.mcpUrl, KEYS.read);
    const subscription = await sub.client.listen({ resourceSubscriptions: ['doc://a'] });
    await service.close();
    expect(await subscription.closed).toBe('remote');
    expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false });
    await sub.client.close();
  });
});

(REDIS_URL ? describe : describe.skip)('two replicas sharing Redis', () => {
  const prefix = uniquePrefix('subscriptions');
  let one: RunningService;
  let two: RunningService;
  beforeAll(async () => {
    one = await start({ REDIS_URL: REDIS_URL ?? '', REDIS_KEY_PREFIX: prefix });
    two = await start({ REDIS_URL: REDIS_URL ?? '', REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await deleteRedisPrefix(REDIS_URL ?? '', prefix);
  });

  it('notifies a subscriber on one replica of an update published on the other', async () => {
    const sub = await subscriber(two.mcpUrl, KEYS.read);
    const subscription = await sub.client.listen({ resourceSubscriptions: ['doc://shared'] });
    expect(one.subscriptionStats?.().tailing).toBe(false);
    await touch(one.mcpUrl, 'doc://other');
    await touch(one.mcpUrl, 'doc://shared');
    await touch(two.mcpUrl, 'doc://shared');
    expect(await sub.nth(2)).toBe('doc://shared');
    expect(sub.updates).toEqual(['doc://shared', 'doc://shared']);
    await subscription.close();
    await sub.client.close();
    await eventually(() => expect(two.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
  });
});

(REDIS_URL ? describe : describe.skip)('Redis outage (a private redis-server)', () => {
  let redis: ChildProcess | undefined;
  let port: number;
  let service: RunningService;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    service = await start({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_KEY_PREFIX: uniquePrefix('subscriptions-outage'),
      CIRCUIT_BREAKER_RESET_TIMEOUT: '200',
    });
  });
  afterAll(async () => {
    await service?.close();
    if (redis) await stopRedis(redis);
  });

  it('keeps open subscriptions through an outage, refuses new ones while down, and recovers', async () => {
    const sub = await subscriber(service.mcpUrl, KEYS.read);
    const subscription = await sub.client.listen({ resourceSubscriptions: ['doc://x'] });
    await stopRedis(redis!);
    // The update is lost (logged), not an error for the tool that announced it.
    await touch(service.mcpUrl, 'doc://lost');
    redis = await startRedis(port);
    let delivered = false;
    for (let attempt = 0; attempt < 100 && !delivered; attempt++) {
      await touch(service.mcpUrl, 'doc://x');
      delivered = await Promise.race([
        sub.nth(1).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
      ]);
    }
    expect(sub.updates[0]).toBe('doc://x');
    await subscription.close();
    await sub.client.close();
    await eventually(() => expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
    await stopRedis(redis);
    const refused = await rawListen(service.mcpUrl, ['doc://x'], { 'x-api-key': KEYS.read });
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32010,
        message: 'Subscriptions are unavailable: the shared store cannot be reached; retry shortly',
        data: { code: 'unavailable', retryable: true },
      },
    });
    expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a memory-only redis-server on `port` and waits until it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

/** SIGKILL: an outage, not a shutdown. */
async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
