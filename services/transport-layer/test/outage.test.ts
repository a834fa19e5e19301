import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, requireExternalService, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createTransportLayerService, loadTransportSettings } from '../src/service.js';
import { call, sleep, uniquePrefix } from './helpers.js';

// Runs with the Redis tests (REDIS_URL set means redis-server is installed), on a private server.
const REDIS_URL = requireExternalService('REDIS_URL');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

(REDIS_URL ? describe : describe.skip)('Redis outage', () => {
  let port: number;
  let redis: ChildProcess;
  let service: RunningService;
  let client: ConnectedClient;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    service = await startTestService(createTransportLayerService(loadTransportSettings({})), { env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: uniquePrefix() } });
    client = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    if (redis) await stopRedis(redis);
  });

  it('fails with the retryable unavailable error while Redis is down, and recovers when it returns', async () => {
    const before = await call<{ message_id: string }>(client, 'send_message', { to: 'writer', body: 'before' });
    expect(before.ok?.message_id).toBeDefined();
    await stopRedis(redis);

    const send = await call(client, 'send_message', { to: 'writer', body: 'during' });
    expect(send.code).toBe('unavailable');
    const receive = await call(client, 'receive_messages', { mailbox: 'writer', wait_ms: 1_000 });
    expect(receive.code).toBe('unavailable');

    // Memory only (--save ''), so the restarted server is empty: what matters is that calls work again.
    redis = await startRedis(port);
    let after: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      after = await call(client, 'send_message', { to: 'writer', body: 'after' });
      if (after.ok) break;
      expect(after.code).toBe('unavailable');
      await sleep(200);
    }
    expect(after?.ok).toBeDefined();
    const got = await call<{ messages: { body: unknown }[] }>(client, 'receive_messages', { mailbox: 'writer', max: 10, visibility_timeout_s: 60 });
    expect(got.ok?.messages.map((m) => m.body)).toEqual(['after']);
  });

  it('ends a long poll in progress with unavailable when Redis goes away, not a hang', async () => {
    const waiting = call(client, 'receive_messages', { mailbox: 'writer', wait_ms: 10_000 });
    await sleep(300);
    await stopRedis(redis);
    const outcome = await waiting;
    expect(outcome.code).toBe('unavailable');
    redis = await startRedis(port);
  });
});
