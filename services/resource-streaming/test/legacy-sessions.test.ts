/**
 * 2025-era MCP sessions on resource-streaming (LEGACY_SESSIONS=auto: it has a subscribable
 * resource): initialize answers Mcp-Session-Id, later requests need it, DELETE ends it, the GET
 * stream carries notifications/resources/updated for resources/subscribe'd stream:// URIs — on
 * one replica and across two sharing Redis. With LEGACY_SESSIONS=off the era stays stateless.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  connectLegacyClient,
  mcpPost,
  requireExternalService,
  startRedisServer,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type RedisServer,
} from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';
import { collector, eventually, publish, twoReplicas } from './subscription-helpers.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const settings = loadStreamSettings({});
const VERSION = '2025-11-25';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const initializeBody = (id = 'init') => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 'raw-legacy', version: '1.0.0' } },
});

/** Initializes a session over raw HTTP; returns its id and the initialize result. */
async function initialize(mcpUrl: string, key: string): Promise<{ sessionId: string; result: Record<string, unknown> }> {
  const response = await mcpPost(mcpUrl, initializeBody(), { 'x-api-key': key });
  expect(response.status).toBe(200);
  const sessionId = response.headers.get('mcp-session-id');
  expect(sessionId).toMatch(SESSION_ID);
  return { sessionId: sessionId!, result: (response.json as { result: Record<string, unknown> }).result };
}

const sessionHeaders = (key: string, sessionId?: string) => ({
  'x-api-key': key,
  'mcp-protocol-version': VERSION,
  ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
});

async function rawCall(
  mcpUrl: string,
  key: string,
  sessionId: string | undefined,
  method: string,
  params: Record<string, unknown> = {},
  id: string | number = 1,
) {
  return mcpPost(mcpUrl, { jsonrpc: '2.0', id, method, params }, sessionHeaders(key, sessionId));
}

/** Opens a session's GET stream; `messages` collects the JSON-RPC messages it carries. */
async function openStream(mcpUrl: string, key: string, sessionId: string) {
  const abort = new AbortController();
  const response = await fetch(mcpUrl, {
    method: 'GET',
    headers: { accept: 'text/event-stream', ...sessionHeaders(key, sessionId) },
    signal: abort.signal,
  });
  const messages: unknown[] = [];
  let waiters: (() => void)[] = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  let ended = false;
  const done = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let split: number;
        while ((split = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (data) {
            messages.push(JSON.parse(data));
            wake();
          }
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
    wake();
  })();
  return {
    response,
    messages,
    /** Resolves once n messages arrived (or the stream ended). */
    nth: async (n: number) => {
      while (messages.length < n && !ended) await new Promise<void>((resolve) => waiters.push(resolve));
      return messages[n - 1];
    },
    ended: done,
    close: () => abort.abort(),
  };
}

const updated = (uri: string) => ({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } });
const NOT_FOUND = { code: -32002, message: 'Session not found; initialize a new session', data: { code: 'not_found' } };

describe('one replica (memory store)', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(createResourceStreamingService(settings));
  });
  afterAll(async () => {
    await service?.close();
  });

  it('a v1 client subscribes, is notified of publishes to that stream only, and unsubscribing stops them', async () => {
    const client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const seen = collector();
    const orders = await client.subscribeResources(['stream://orders'], seen.onUpdated);
    await publish(client, 'other', 'x');
    await publish(client, 'orders', { n: 1 });
    expect(await seen.nth(1)).toBe('stream://orders');
    await orders.close();
    // After unsubscribing, a publish to orders is not delivered; the marker published after it is.
    await client.subscribeResources(['stream://marker'], seen.onUpdated);
    await publish(client, 'orders', { n: 2 });
    await publish(client, 'marker', 'm');
    expect(await seen.nth(2)).toBe('stream://marker');
    expect(seen.updates).toEqual(['stream://orders', 'stream://marker']);
    await client.close();
    await eventually(() => expect(service.subscriptionStats?.()).toEqual({ streams: 0, listeners: 0, clients: 0, tailing: false }));
  });

  it('initialize advertises resources.subscribe and answers a session id; later requests need it', async () => {
    const { sessionId, result } = await initialize(service.mcpUrl, TEST_KEYS.read);
    expect(result.protocolVersion).toBe(VERSION);
    expect(result.capabilities).toEqual({ tools: {}, resources: { subscribe: true } });
    const ok = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'ping');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ jsonrpc: '2.0', id: 1, result: {} });

    const missing = await rawCall(service.mcpUrl, TEST_KEYS.read, undefined, 'tools/list');
    expect(missing.status).toBe(400);
    expect(missing.headers.get('mcp-session-id')).toBeNull();
    expect(missing.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32600,
        message: 'Bad Request: Mcp-Session-Id header is required (send initialize first)',
        data: { code: 'invalid_request' },
      },
    });

    const unknown = await rawCall(service.mcpUrl, TEST_KEYS.read, randomBytes(32).toString('base64url'), 'tools/list');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ jsonrpc: '2.0', id: 1, error: NOT_FOUND });
    const malformed = await rawCall(service.mcpUrl, TEST_KEYS.read, 'not a session', 'tools/list');
    expect(malformed.status).toBe(404);
    expect(malformed.json).toEqual({ jsonrpc: '2.0', id: 1, error: NOT_FOUND });
  });

  it('a session belongs to the client that created it: another client gets 404, as for an unknown id', async () => {
    const { sessionId } = await initialize(service.mcpUrl, TEST_KEYS.read);
    const other = await rawCall(service.mcpUrl, TEST_KEYS.write, sessionId, 'tools/list');
    expect(other.status).toBe(404);
    expect(other.json).toEqual({ jsonrpc: '2.0', id: 1, error: NOT_FOUND });
    const otherDelete = await fetch(service.mcpUrl, { method: 'DELETE', headers: sessionHeaders(TEST_KEYS.write, sessionId) });
    expect(otherDelete.status).toBe(404);
    // Still the owner's.
    expect((await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'ping')).status).toBe(200);
    const noCredentials = await mcpPost(
      service.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { 'mcp-protocol-version': VERSION, 'mcp-session-id': sessionId },
    );
    expect(noCredentials.status).toBe(401);
  });

  it('DELETE ends the session (204): then every use of it is 404, its GET stream ends', async () => {
    const { sessionId } = await initialize(service.mcpUrl, TEST_KEYS.read);
    const stream = await openStream(service.mcpUrl, TEST_KEYS.read, sessionId);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    await eventually(() => expect(service.subscriptionStats?.().tailing).toBe(true));
    const deleted = await fetch(service.mcpUrl, { method: 'DELETE', headers: sessionHeaders(TEST_KEYS.read, sessionId) });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    await stream.ended;
    expect(stream.messages).toEqual([]);
    expect((await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'tools/list')).status).toBe(404);
    expect((await fetch(service.mcpUrl, { method: 'DELETE', headers: sessionHeaders(TEST_KEYS.read, sessionId) })).status).toBe(404);
    expect(
      (
        await fetch(service.mcpUrl, {
          method: 'GET',
          headers: { accept: 'text/event-stream', ...sessionHeaders(TEST_KEYS.read, sessionId) },
        })
      ).status,
    ).toBe(404);
    await eventually(() => expect(service.subscriptionStats?.().tailing).toBe(false));
  });

  it('one GET stream per session (409), Accept must allow SSE (406), GET and DELETE need the id (400)', async () => {
    const { sessionId } = await initialize(service.mcpUrl, TEST_KEYS.read);
    const stream = await openStream(service.mcpUrl, TEST_KEYS.read, sessionId);
    expect(stream.response.status).toBe(200);
    const second = await fetch(service.mcpUrl, {
      method: 'GET',
      headers: { accept: 'text/event-stream', ...sessionHeaders(TEST_KEYS.read, sessionId) },
    });
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32009, message: 'Conflict: this session already has an open GET stream', data: { code: 'conflict' } },
    });
    const json = await fetch(service.mcpUrl, {
      method: 'GET',
      headers: { accept: 'application/json', ...sessionHeaders(TEST_KEYS.read, sessionId) },
    });
    expect(json.status).toBe(406);
    await json.text();
    const noId = await fetch(service.mcpUrl, { method: 'GET', headers: { accept: 'text/event-stream', 'x-api-key': TEST_KEYS.read } });
    expect(noId.status).toBe(400);
    await noId.text();
    const deleteNoId = await fetch(service.mcpUrl, { method: 'DELETE', headers: { 'x-api-key': TEST_KEYS.read } });
    expect(deleteNoId.status).toBe(400);
    await deleteNoId.text();
    stream.close();
    await stream.ended;
    // The claim is released when the stream closes: the session may open a new one.
    await eventually(() => expect(service.subscriptionStats?.().tailing).toBe(false));
    const again = await openStream(service.mcpUrl, TEST_KEYS.read, sessionId);
    expect(again.response.status).toBe(200);
    again.close();
    await again.ended;
  });

  it('resources/subscribe checks the URI and records at most 32 per session; raw GET stream gets the update', async () => {
    const { sessionId } = await initialize(service.mcpUrl, TEST_KEYS.read);
    const bad = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'resources/subscribe', { uri: 'stream://a/b' });
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32602,
        message: 'Invalid params: stream://a/b is not a subscribable resource',
        data: { code: 'invalid_params', uri: 'stream://a/b' },
      },
    });
    for (let i = 0; i < 32; i++) {
      const ok = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'resources/subscribe', { uri: `stream://s${i}` }, i);
      expect(ok.json).toEqual({ jsonrpc: '2.0', id: i, result: {} });
    }
    const again = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'resources/subscribe', { uri: 'stream://s0' });
    expect(again.json).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    const tooMany = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'resources/subscribe', { uri: 'stream://s32' });
    expect(tooMany.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32602,
        message: 'Invalid params: at most 32 resource subscriptions per session; unsubscribe from one first',
        data: { code: 'invalid_params', limit: 32 },
      },
    });
    const stream = await openStream(service.mcpUrl, TEST_KEYS.read, sessionId);
    const writer = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    await publish(writer, 's32', 'not subscribed');
    await publish(writer, 's5', 'subscribed');
    expect(await stream.nth(1)).toEqual(updated('stream://s5'));
    expect((await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'resources/unsubscribe', { uri: 'stream://s5' })).json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {},
    });
    await publish(writer, 's5', 'unsubscribed');
    await publish(writer, 's6', 'subscribed');
    expect(await stream.nth(2)).toEqual(updated('stream://s6'));
    expect(stream.messages).toEqual([updated('stream://s5'), updated('stream://s6')]);
    await writer.close();
    stream.close();
    await stream.ended;
  });

  it('shutdown ends open GET streams and does not hang', async () => {
    const own = await startTestService(createResourceStreamingService(settings));
    const { sessionId } = await initialize(own.mcpUrl, TEST_KEYS.read);
    const stream = await openStream(own.mcpUrl, TEST_KEYS.read, sessionId);
    expect(stream.response.status).toBe(200);
    await own.close();
    await stream.ended;
    expect(own.inFlight()).toBe(0);
  });
});

describe('LEGACY_SESSIONS=off', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(createResourceStreamingService(settings), { env: { LEGACY_SESSIONS: 'off' } });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('serves the 2025 era statelessly: no session id, no subscribe capability, GET/DELETE 405, subscribe -32601', async () => {
    const response = await mcpPost(service.mcpUrl, initializeBody(), { 'x-api-key': TEST_KEYS.read });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect((response.json as { result: { capabilities: unknown } }).result.capabilities).toEqual({ tools: {}, resources: {} });
    const get = await fetch(service.mcpUrl, { method: 'GET', headers: { accept: 'text/event-stream', 'x-api-key': TEST_KEYS.read } });
    expect(get.status).toBe(405);
    await get.text();
    const del = await fetch(service.mcpUrl, { method: 'DELETE', headers: { 'x-api-key': TEST_KEYS.read } });
    expect(del.status).toBe(405);
    await del.text();
    const subscribe = await rawCall(service.mcpUrl, TEST_KEYS.read, undefined, 'resources/subscribe', { uri: 'stream://orders' });
    expect((subscribe.json as { error: { code: number } }).error.code).toBe(-32601);
  });
});

(REDIS_URL ? describe : describe.skip)('replicas sharing Redis', () => {
  const replicas = twoReplicas(REDIS_URL ?? '', settings);

  it('a session created on one is used on the other; its GET stream on one gets an update published on two', async () => {
    const { sessionId } = await initialize(replicas.one.mcpUrl, TEST_KEYS.read);
    const list = await rawCall(replicas.two.mcpUrl, TEST_KEYS.read, sessionId, 'tools/list');
    expect(list.status).toBe(200);
    expect((list.json as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name)).toEqual(['read_stream']);
    expect((await rawCall(replicas.two.mcpUrl, TEST_KEYS.read, sessionId, 'resources/subscribe', { uri: 'stream://shared' })).json).toEqual(
      { jsonrpc: '2.0', id: 1, result: {} },
    );
    const stream = await openStream(replicas.one.mcpUrl, TEST_KEYS.read, sessionId);
    expect(stream.response.status).toBe(200);
    // One GET stream per session across replicas.
    const second = await fetch(replicas.two.mcpUrl, {
      method: 'GET',
      headers: { accept: 'text/event-stream', ...sessionHeaders(TEST_KEYS.read, sessionId) },
    });
    expect(second.status).toBe(409);
    await second.text();
    const publisher = await connectLegacyClient(replicas.two.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    await publish(publisher, 'shared', 1);
    expect(await stream.nth(1)).toEqual(updated('stream://shared'));
    // Terminated on two: the stream on one ends, and the id is gone everywhere.
    const deleted = await fetch(replicas.two.mcpUrl, { method: 'DELETE', headers: sessionHeaders(TEST_KEYS.read, sessionId) });
    expect(deleted.status).toBe(204);
    await stream.ended;
    expect((await rawCall(replicas.one.mcpUrl, TEST_KEYS.read, sessionId, 'ping')).status).toBe(404);
    await publisher.close();
  });

  it('a v1 client connected to one is notified of publishes made through two', async () => {
    const subscriber = await connectLegacyClient(replicas.one.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const publisher = await connectLegacyClient(replicas.two.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const seen = collector();
    await subscriber.subscribeResources(['stream://replicated'], seen.onUpdated);
    await publish(publisher, 'replicated', 1);
    expect(await seen.nth(1)).toBe('stream://replicated');
    await Promise.all([subscriber.close(), publisher.close()]);
  });
});

(REDIS_URL ? describe : describe.skip)('Redis outage with sessions', () => {
  let redis: RedisServer;
  let service: RunningService;
  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startTestService(createResourceStreamingService(settings), {
      env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniqueKeyPrefix(), CIRCUIT_BREAKER_RESET_TIMEOUT: '500' },
    });
  });
  afterAll(async () => {
    await service?.close();
    await redis?.kill();
  });

  it('a request of a session is a retryable 503 while Redis is down; a session lost with it is 404, re-initialize works', async () => {
    const { sessionId } = await initialize(service.mcpUrl, TEST_KEYS.read);
    await redis.kill();
    const down = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'tools/list');
    expect(down.status).toBe(503);
    expect((down.json as { error: { code: number; data: { code: string; retryable: boolean } } }).error).toMatchObject({
      code: -32010,
      data: { code: 'unavailable', retryable: true },
    });
    await redis.restart();
    // That redis-server keeps nothing across a restart: the session is gone.
    let after = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'tools/list');
    for (let i = 0; after.status === 503 && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await rawCall(service.mcpUrl, TEST_KEYS.read, sessionId, 'tools/list');
    }
    expect(after.status).toBe(404);
    const { sessionId: fresh } = await initialize(service.mcpUrl, TEST_KEYS.read);
    expect((await rawCall(service.mcpUrl, TEST_KEYS.read, fresh, 'ping')).status).toBe(200);
  });
});
