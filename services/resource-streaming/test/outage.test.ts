import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, requireExternalService, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';
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
    service = await startTestService(createResourceStreamingService(loadStreamSettings({})), { env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: uniquePrefix() } });
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    if (redis) await stopRedis(redis);
  });

  it('fails with unavailable (also a long poll in progress) and recovers when Redis returns', async () => {
    expect((await call(client, 'publish_event', { stream: 's', data: 1 })).ok).toBeDefined();
    const waiting = call(client, 'read_stream', { stream: 'quiet', wait_ms: 10_000 });
    await sleep(300);
    await stopRedis(redis);
    expect((await waiting).code).toBe('unavailable');
    expect((await call(client, 'publish_event', { stream: 's', data: 2 })).code).toBe('unavailable');
    expect((await call(client, 'read_stream', { stream: 's' })).code).toBe('unavailable');
    redis = await startRedis(port);
    let after: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      after = await call(client, 'publish_event', { stream: 's', data: 3 });
      if (after.ok) break;
      expect(after.code).toBe('unavailable');
      await sleep(200);
    }
    expect(after?.ok).toBeDefined();
    const read = await call<{ events: { data: unknown }[] }>(client, 'read_stream', { stream: 's' });
    expect(read.ok?.events.map((e) => e.data)).toEqual([3]);
  });
});
