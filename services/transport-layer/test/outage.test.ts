import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOutcome as call,
  callUntilOk,
  connectLegacyClient,
  requireExternalService,
  sleep,
  startRedisServer,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type ConnectedClient,
  type RedisServer,
} from '@a2a-mcp/testkit';
import { createTransportLayerService, loadTransportSettings } from '../src/service.js';

// Runs with the Redis tests (REDIS_URL set means redis-server is installed), on a private server.
const REDIS_URL = requireExternalService('REDIS_URL');

(REDIS_URL ? describe : describe.skip)('Redis outage', () => {
  let redis: RedisServer;
  let service: RunningService;
  let client: ConnectedClient;
  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startTestService(createTransportLayerService(loadTransportSettings({})), {
      env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniqueKeyPrefix() },
    });
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await redis?.kill();
  });

  it('fails with the retryable unavailable error while Redis is down, and recovers when it returns', async () => {
    const before = await call<{ message_id: string }>(client, 'send_message', { to: 'writer', body: '"before"' });
    expect(before.ok?.message_id).toBeDefined();
    await redis.kill();

    const send = await call(client, 'send_message', { to: 'writer', body: '"during"' });
    expect(send.code).toBe('unavailable');
    const receive = await call(client, 'receive_messages', { mailbox: 'writer', wait_ms: 1_000 });
    expect(receive.code).toBe('unavailable');

    // Memory only (--save ''), so the restarted server is empty: what matters is that calls work again.
    await redis.restart();
    await callUntilOk(client, 'send_message', { to: 'writer', body: '"after"' });
    const got = await call<{ messages: { body: unknown }[] }>(client, 'receive_messages', {
      mailbox: 'writer',
      max: 10,
      visibility_timeout_s: 60,
    });
    expect(got.ok?.messages.map((m) => m.body)).toEqual(['after']);
  });

  it('ends a long poll in progress with unavailable when Redis goes away, not a hang', async () => {
    const waiting = call(client, 'receive_messages', { mailbox: 'writer', wait_ms: 10_000 });
    await sleep(300);
    await redis.kill();
    const outcome = await waiting;
    expect(outcome.code).toBe('unavailable');
    await redis.restart();
  });

  it('leaves the gauges out of /metrics while Redis is down, and reports them again after', async () => {
    const depth = async () => {
      const body = await (await fetch(`${service.url}/metrics`)).text();
      return body
        .split('\n')
        .filter(
          (line) => line.startsWith('mcp_mailbox_depth') || line.startsWith('mcp_gauge_collect_failures_total{gauge="mcp_mailbox_depth"'),
        );
    };
    await callUntilOk(client, 'send_message', { to: 'writer', body: '"counted"' });
    expect(await depth()).toEqual([
      'mcp_gauge_collect_failures_total{gauge="mcp_mailbox_depth",service="transport-layer"} 0',
      'mcp_mailbox_depth{service="transport-layer"} 1',
    ]);
    await redis.kill();
    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    expect((await res.text()).split('\n').filter((line) => line.startsWith('mcp_mailbox_depth{'))).toEqual([]);
    await redis.restart();
    await callUntilOk(client, 'send_message', { to: 'writer', body: '"counted again"' });
    expect((await depth()).filter((line) => line.startsWith('mcp_mailbox_depth{'))).toEqual([
      'mcp_mailbox_depth{service="transport-layer"} 1',
    ]);
  });
});
