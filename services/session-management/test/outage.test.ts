import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, requireExternalService, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createSessionManagementService, loadSessionSettings } from '../src/service.js';
import { call, sleep, uniquePrefix } from './helpers.js';
import { freePort, startRedis, stopRedis } from './redis-server.js';

// Runs with the Redis tests, on a private redis-server it starts and kills.
const REDIS_URL = requireExternalService('REDIS_URL');

(REDIS_URL ? describe : describe.skip)('Redis outage', () => {
  let port: number;
  let redis: ChildProcess;
  let service: RunningService;
  let client: ConnectedClient;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    service = await startTestService(createSessionManagementService(loadSessionSettings({ SESSION_SIGNING_SECRET: 'outage-test-secret-0123456789abcdef', REDIS_URL: url })), { env: { REDIS_URL: url, REDIS_KEY_PREFIX: uniquePrefix() } });
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    if (redis) await stopRedis(redis);
  });

  it('fails with the retryable unavailable error while Redis is down, and recovers when it returns', async () => {
    const created = await call<{ session_id: string; token: string }>(client, 'create_session', { ttl_seconds: 60 });
    expect(created.ok).toBeDefined();
    await stopRedis(redis);
    expect((await call(client, 'create_session', { ttl_seconds: 60 })).code).toBe('unavailable');
    expect((await call(client, 'get_session', { session_id: created.ok!.session_id, token: created.ok!.token })).code).toBe('unavailable');
    redis = await startRedis(port);
    let after: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      after = await call(client, 'create_session', { ttl_seconds: 60 });
      if (after.ok) break;
      expect(after.code).toBe('unavailable');
      await sleep(200);
    }
    expect(after?.ok).toBeDefined();
  });
});
