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
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';

// Runs with the Redis tests, on a private redis-server it starts and kills. Tool-level outage
// behaviour, so 2025-era sessions are off (a session kept in that Redis would be lost with it:
// legacy-sessions.test.ts covers that case).
const REDIS_URL = requireExternalService('REDIS_URL');

(REDIS_URL ? describe : describe.skip)('Redis outage', () => {
  let redis: RedisServer;
  let service: RunningService;
  let client: ConnectedClient;
  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startTestService(createResourceStreamingService(loadStreamSettings({})), {
      env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniqueKeyPrefix(), LEGACY_SESSIONS: 'off' },
    });
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await redis?.kill();
  });

  it('fails with unavailable (also a long poll in progress) and recovers when Redis returns', async () => {
    expect((await call(client, 'publish_event', { stream: 's', data: JSON.stringify(1) })).ok).toBeDefined();
    const waiting = call(client, 'read_stream', { stream: 'quiet', wait_ms: 10_000 });
    await sleep(300);
    await redis.kill();
    expect((await waiting).code).toBe('unavailable');
    expect((await call(client, 'publish_event', { stream: 's', data: JSON.stringify(2) })).code).toBe('unavailable');
    expect((await call(client, 'read_stream', { stream: 's' })).code).toBe('unavailable');
    await redis.restart();
    await callUntilOk(client, 'publish_event', { stream: 's', data: JSON.stringify(3) });
    const read = await call<{ events: { data: unknown }[] }>(client, 'read_stream', { stream: 's' });
    expect(read.ok?.events.map((e) => e.data)).toEqual([3]);
  });
});
