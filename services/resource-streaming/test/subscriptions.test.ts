/**
 * Subscriptions to stream://{name}: a 2026-07-28 client subscribes (subscriptions/listen) and is
 * notified of each publish_event to that stream, from this replica or (Redis) the other one;
 * closing the subscription or the client releases it; a client holds a bounded number of
 * subscriptions. 2025-era sessions (resources/subscribe): legacy-sessions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  connectLegacyClient,
  connectModernClient,
  mcpPost,
  modernEnvelope,
  modernHeaders,
  requireExternalService,
  startTestService,
  TEST_KEYS,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';
import { collector, eventually, publish, twoReplicas } from './subscription-helpers.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const settings = loadStreamSettings({ STREAM_SUBSCRIPTION_URIS: '2' });
const IDLE = { streams: 0, listeners: 0, clients: 0, tailing: false };
// The 2025-era writer holds a session GET stream, which watches the update stream: the tail runs.
const IDLE_WITH_SESSION_STREAM = { ...IDLE, tailing: true };

function listenBody(uris: string[]) {
  return {
    jsonrpc: '2.0',
    id: 'listen-1',
    method: 'subscriptions/listen',
    params: { notifications: { resourceSubscriptions: uris }, _meta: modernEnvelope },
  };
}

describe('one replica (memory store)', () => {
  let service: RunningService;
  let writer: ConnectedClient;
  let reader: ConnectedClient;
  beforeAll(async () => {
    service = await startTestService(createResourceStreamingService(settings), { env: { OPEN_STREAMS_PER_CLIENT: '2' } });
    writer = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    reader = await connectModernClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
  });
  afterAll(async () => {
    await Promise.all([writer?.close(), reader?.close()]);
    await service?.close();
  });

  it('notifies a subscriber of stream://{name} on each publish to that stream, then reads it', async () => {
    const seen = collector();
    const subscription = await reader.subscribeResources(['stream://orders'], seen.onUpdated);
    await publish(writer, 'other', 'x');
    const first = await publish(writer, 'orders', { n: 1 });
    const second = await publish(writer, 'orders', { n: 2 });
    expect(await seen.nth(2)).toBe('stream://orders');
    // A stream://other notification would have come first: updates travel through one ordered stream.
    expect(seen.updates).toEqual(['stream://orders', 'stream://orders']);
    const { contents } = await reader.readResource('stream://orders');
    expect(
      contents[0]!
        .text!.trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { event_id: string; data: unknown }).event_id),
    ).toEqual([first, second]);
    await subscription.close();
    expect(await subscription.closed).toBe('local');
    await eventually(() => expect(service.subscriptionStats?.()).toEqual(IDLE_WITH_SESSION_STREAM));
  });

  it('releases the subscription when the client disconnects', async () => {
    const client = await connectModernClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    await client.subscribeResources(['stream://a', 'stream://b'], () => undefined);
    expect(service.subscriptionStats?.()).toEqual({ streams: 1, listeners: 1, clients: 1, tailing: true });
    await client.close();
    await eventually(() => expect(service.subscriptionStats?.()).toEqual(IDLE_WITH_SESSION_STREAM));
  });

  it('bounds open streams per client (OPEN_STREAMS_PER_CLIENT) and URIs per subscription (STREAM_SUBSCRIPTION_URIS)', async () => {
    const one = await reader.subscribeResources(['stream://s1'], () => undefined);
    const two = await reader.subscribeResources(['stream://s2'], () => undefined);
    const refused = await mcpPost(service.mcpUrl, listenBody(['stream://s3']), {
      ...modernHeaders('subscriptions/listen'),
      'x-api-key': TEST_KEYS.read,
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.json).toEqual({
      jsonrpc: '2.0',
      id: 'listen-1',
      error: {
        code: -32030,
        message:
          'Quota exceeded: this client already holds 2 open streams (GET streams and subscriptions) on this server; close one before opening another (quota open_streams_per_client = 2)',
        data: { code: 'quota_exceeded', quota: 'open_streams_per_client', limit: 2, retryable: true },
      },
    });
    await expect(reader.subscribeResources(['stream://s3'], () => undefined)).rejects.toThrow();
    await one.close();
    await eventually(() => expect(service.subscriptionStats?.().streams).toBe(1));
    const three = await reader.subscribeResources(['stream://s3'], () => undefined);
    await Promise.all([two.close(), three.close()]);
    const tooMany = await mcpPost(service.mcpUrl, listenBody(['stream://a', 'stream://b', 'stream://c']), {
      ...modernHeaders('subscriptions/listen'),
      'x-api-key': TEST_KEYS.write,
    });
    expect(tooMany.status).toBe(200);
    expect(tooMany.json).toEqual({
      jsonrpc: '2.0',
      id: 'listen-1',
      error: {
        code: -32602,
        message: 'Invalid params: at most 2 resource URIs per subscription',
        data: { code: 'invalid_params', limit: 2 },
      },
    });
    await eventually(() => expect(service.subscriptionStats?.()).toEqual(IDLE_WITH_SESSION_STREAM));
  });

  it('checks credentials and URIs before subscribing', async () => {
    const anonymous = await mcpPost(service.mcpUrl, listenBody(['stream://orders']), modernHeaders('subscriptions/listen'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
    const badName = await mcpPost(service.mcpUrl, listenBody(['stream://a/b']), {
      ...modernHeaders('subscriptions/listen'),
      'x-api-key': TEST_KEYS.read,
    });
    expect(badName.status).toBe(200);
    expect((badName.json as { error: unknown }).error).toEqual({
      code: -32602,
      message: 'Invalid params: stream://a/b is not a subscribable resource',
      data: { code: 'invalid_params', uri: 'stream://a/b' },
    });
    expect(service.subscriptionStats?.()).toEqual(IDLE_WITH_SESSION_STREAM);
  });

  it('offers 2025-era clients resources/subscribe in their session', async () => {
    const seen = collector();
    const subscription = await writer.subscribeResources(['stream://legacy'], seen.onUpdated);
    await publish(writer, 'legacy', 1);
    expect(await seen.nth(1)).toBe('stream://legacy');
    await subscription.close();
  });
});

(REDIS_URL ? describe : describe.skip)('replicas sharing Redis', () => {
  const replicas = twoReplicas(REDIS_URL ?? '', settings);

  it('notifies a subscriber on one replica of publishes made through the other', async () => {
    const publisher = await connectLegacyClient(replicas.one.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const subscriber = await connectModernClient(replicas.two.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const seen = collector();
    const subscription = await subscriber.subscribeResources(['stream://shared'], seen.onUpdated);
    await publish(publisher, 'unrelated', 0);
    const id = await publish(publisher, 'shared', 1);
    expect(await seen.nth(1)).toBe('stream://shared');
    expect(seen.updates).toEqual(['stream://shared']);
    const { contents } = await subscriber.readResource('stream://shared');
    expect((JSON.parse(contents[0]!.text!.trim()) as { event_id: string }).event_id).toBe(id);
    await subscription.close();
    await Promise.all([publisher.close(), subscriber.close()]);
    await eventually(() => expect(replicas.two.subscriptionStats?.()).toEqual(IDLE));
    // The 2025-era publisher's session stream on `one` closed with it: `one` stops tailing.
    await eventually(() => expect(replicas.one.subscriptionStats?.()).toEqual(IDLE));
  });
});
