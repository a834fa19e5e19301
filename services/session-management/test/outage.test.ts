import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOutcome as call,
  callUntilOk,
  connectLegacyClient,
  requireExternalService,
  startRedisServer,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type ConnectedClient,
  type RedisServer,
} from '@a2a-mcp/testkit';
import { createSessionManagementService, loadSessionSettings } from '../src/service.js';

// Runs with the Redis tests, on a private redis-server it starts and kills.
const REDIS_URL = requireExternalService('REDIS_URL');

(REDIS_URL ? describe : describe.skip)('Redis outage', () => {
  let redis: RedisServer;
  let service: RunningService;
  let client: ConnectedClient;
  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startTestService(
      createSessionManagementService(
        loadSessionSettings({ SESSION_SIGNING_SECRET: 'outage-test-secret-0123456789abcdef', REDIS_URL: redis.url }),
      ),
      { env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniqueKeyPrefix() } },
    );
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await redis?.kill();
  });

  it('fails with the retryable unavailable error while Redis is down, and recovers when it returns', async () => {
    const created = await call<{ session_id: string; token: string }>(client, 'create_session', { ttl_seconds: 60 });
    expect(created.ok).toBeDefined();
    await redis.kill();
    expect((await call(client, 'create_session', { ttl_seconds: 60 })).code).toBe('unavailable');
    expect((await call(client, 'get_session', { session_id: created.ok!.session_id, token: created.ok!.token })).code).toBe('unavailable');
    await redis.restart();
    expect(await callUntilOk(client, 'create_session', { ttl_seconds: 60 })).toMatchObject({ status: 'active', version: 1 });
  });

  it('closes the open redis breaker as soon as Redis is back, without waiting for its reset timeout', async () => {
    // A second service whose breaker, once open, would wait 10 minutes for a trial call.
    const slow = await startTestService(
      createSessionManagementService(
        loadSessionSettings({ SESSION_SIGNING_SECRET: 'outage-test-secret-0123456789abcdef', REDIS_URL: redis.url }),
      ),
      {
        env: {
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: uniqueKeyPrefix(),
          CIRCUIT_BREAKER_RESET_TIMEOUT: '600000',
          CIRCUIT_BREAKER_VOLUME_THRESHOLD: '2',
        },
      },
    );
    const slowClient = await connectLegacyClient(slow.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const breaker = async () =>
      ((await (await fetch(`${slow.url}/circuit-breakers`)).json()) as { breakers: Record<string, { state: string }> }).breakers.redis
        ?.state;
    try {
      expect((await call(slowClient, 'create_session', { ttl_seconds: 60 })).ok).toBeDefined();
      await redis.kill();
      // A create is several store operations (rate limit, quota slot, record, counters): the failures
      // must outweigh the successes before the 50 % threshold opens the breaker.
      for (let i = 0; i < 10 && (await breaker()) !== 'open'; i++)
        expect((await call(slowClient, 'create_session', { ttl_seconds: 60 })).code).toBe('unavailable');
      expect(await breaker()).toBe('open');
      expect((await call(slowClient, 'create_session', { ttl_seconds: 60 })).message).toBe(
        'redis is unavailable (circuit open); retry later',
      );
      await redis.restart();
      // 100 × 200 ms = 20 s at most, far below the 10-minute reset timeout.
      expect(await callUntilOk(slowClient, 'create_session', { ttl_seconds: 60 })).toMatchObject({ status: 'active', version: 1 });
      expect(await breaker()).toBe('closed');
    } finally {
      await slowClient.close();
      await slow.close();
    }
  });
});
