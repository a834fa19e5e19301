/**
 * Rate limits over real HTTP: per client, per tool, anonymous by IP, shared through real Redis by two
 * instances, and the failure modes while a Redis of our own is down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { ConfigError } from '../src/index.js';
import { loadConfig, type RunningService } from '../src/index.js';
import { callToolRaw, KEYS, startCoreTestService } from './helpers/service.js';
import { deleteRedisPrefix, requireExternalService, uniquePrefix } from './support/external.js';

const redisUrl = requireExternalService('REDIS_URL');
const started: RunningService[] = [];
async function start(env: Record<string, string>): Promise<RunningService> {
  const service = await startCoreTestService(env);
  started.push(service);
  return service;
}
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** Calls echo_text with `key` (null: without credentials). */
const echo = (service: RunningService, key: string | null = KEYS.read) =>
  callToolRaw(service.mcpUrl, 'echo_text', { text: 'hi' }, key ? { 'x-api-key': key } : {});

describe('rate limits (memory store)', () => {
  it('refuses the request past the budget with 429, Retry-After, draft-7 headers and a JSON-RPC error', async () => {
    const service = await start({ RATE_LIMIT_MAX_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    const first = await echo(service);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit')).toMatch(/^limit=3, remaining=2, reset=\d+$/);
    expect(first.headers.get('ratelimit-policy')).toBe('3;w=60');
    await echo(service);
    await echo(service);
    const refused = await echo(service);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    // Refused from the headers, before the body (and so its id) was read: id null, as JSON-RPC prescribes.
    expect(refused.json).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32029, data: { code: 'rate_limited', retryable: true } },
    });
    // Another client has its own budget.
    expect((await echo(service, KEYS.write)).status).toBe(200);
    const metrics = await fetch(`${service.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/mcp_rate_limited_total\{tool="-",service="security-test"\} 1/);
  });

  it('applies per-tool budgets on top of the service budget', async () => {
    const service = await start({ RATE_LIMIT_MAX_REQUESTS: '100', RATE_LIMIT_TOOL_LIMITS: 'echo_text=2, purge_all=50' });
    expect((await echo(service, KEYS.write)).status).toBe(200);
    expect((await echo(service, KEYS.write)).status).toBe(200);
    const refused = await echo(service, KEYS.write);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: -32029, data: { code: 'rate_limited', tool: 'echo_text' } } });
    expect((await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' }, { 'x-api-key': KEYS.write })).status).toBe(200);
  });

  it('keys anonymous public calls by IP', async () => {
    const service = await start({ RATE_LIMIT_MAX_REQUESTS: '2', PUBLIC_TOOLS: 'echo_text' });
    expect((await echo(service, null)).status).toBe(200);
    expect((await echo(service, null)).status).toBe(200);
    expect((await echo(service, null)).status).toBe(429);
    expect((await echo(service, KEYS.read)).status).toBe(200);
  });

  it('is off with RATE_LIMIT_ENABLED=false', async () => {
    const service = await start({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_MAX_REQUESTS: '1' });
    expect((await echo(service)).status).toBe(200);
    const second = await echo(service);
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit')).toBeNull();
  });
});

describe('rate limit configuration', () => {
  const base = { NODE_ENV: 'test', MCP_API_KEYS: `${KEYS.read}:reader:read` };
  it('accepts RATE_LIMIT_WINDOW in seconds and RATE_LIMIT_REQUESTS as aliases', () => {
    const config = loadConfig({ ...base, RATE_LIMIT_WINDOW: '30', RATE_LIMIT_REQUESTS: '7' });
    expect(config.RATE_LIMIT_WINDOW_MS).toBe(30_000);
    expect(config.RATE_LIMIT_MAX_REQUESTS).toBe(7);
    expect(loadConfig({ ...base, RATE_LIMIT_WINDOW: '30', RATE_LIMIT_WINDOW_MS: '30000' }).RATE_LIMIT_WINDOW_MS).toBe(30_000);
  });
  it('names both variables when aliases disagree, and rejects malformed tool limits', () => {
    const problems = (() => {
      try {
        loadConfig({
          ...base,
          RATE_LIMIT_WINDOW: '60',
          RATE_LIMIT_WINDOW_MS: '30000',
          RATE_LIMIT_MAX_REQUESTS: '5',
          RATE_LIMIT_REQUESTS: '6',
          RATE_LIMIT_TOOL_LIMITS: 'a=1,b',
        });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^RATE_LIMIT_WINDOW_MS, RATE_LIMIT_WINDOW: set to different values/),
        expect.stringMatching(/^RATE_LIMIT_MAX_REQUESTS, RATE_LIMIT_REQUESTS: set to different values/),
        expect.stringMatching(/^RATE_LIMIT_TOOL_LIMITS: /),
      ]),
    );
  });
});

(redisUrl ? describe : describe.skip)('rate limits shared through Redis', () => {
  const prefix = uniquePrefix('ratelimit');
  afterAll(async () => {
    if (redisUrl) await deleteRedisPrefix(redisUrl, prefix);
  });

  it('two instances with one Redis enforce one budget', async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_MAX_REQUESTS: '4' };
    const a = await start(env);
    const b = await start(env);
    const statuses = [];
    for (const service of [a, b, a, b, a, b]) statuses.push((await echo(service)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const status = (await fetch(`${a.url}/status`).then((r) => r.json())) as { store: string; rateLimit: { backend: string } };
    expect(status.store).toBe('redis');
    expect(status.rateLimit.backend).toBe('redis');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function waitUntilReady(service: RunningService): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${service.url}/ready`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('service did not become ready');
}

(redisUrl ? describe : describe.skip)('rate limits while Redis is down', () => {
  it('fail open (allowed, counted), report it on /ready, and recover by themselves', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const service = await start({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RATE_LIMIT_MAX_REQUESTS: '3',
      RATE_LIMIT_FAILURE_MODE: 'open',
      CIRCUIT_BREAKER_RESET_TIMEOUT: '200',
    });
    try {
      expect((await echo(service)).status).toBe(200);
      await stopRedis(redis);
      const whileDown = await echo(service);
      expect(whileDown.status).toBe(200);
      const ready = await fetch(`${service.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, checks: { store: 'unavailable', rate_limit: 'unavailable' } });
      const metrics = await fetch(`${service.url}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/mcp_rate_limit_store_failures_total\{mode="open",service="security-test"\} [1-9]/);
      // Redis goes through its circuit breaker: once open, store calls fail fast until a trial succeeds.
      for (let i = 0; i < 5; i++) await echo(service);
      expect(metrics + (await fetch(`${service.url}/metrics`).then((r) => r.text()))).toMatch(
        /mcp_circuit_breaker_state\{breaker="redis",service="security-test"\} 2/,
      );
      redis = await startRedis(port);
      await waitUntilReady(service);
      // A fresh Redis: the budget starts again and is enforced again.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await echo(service)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await stopRedis(redis);
    }
  });

  it('fail closed with 503 unavailable', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const service = await start({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_FAILURE_MODE: 'closed' });
    expect((await echo(service)).status).toBe(200);
    await stopRedis(redis);
    const refused = await echo(service);
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ error: { code: -32010, data: { code: 'unavailable', retryable: true } } });
  });
});
