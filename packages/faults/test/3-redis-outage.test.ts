/**
 * Scenario 3: the Redis a stateful service depends on is killed for 30 s and restarted empty.
 * session-management runs as a child process against a private memory-only redis-server (testkit),
 * with its sessions and its rate limits (a per-tool budget get_session=5) in that Redis.
 * Before: a session is created and read, the budget is exhausted (429). During the 30 s: one round
 * per second of create_session, /health and /ready; the process stays up and every answer is the
 * documented one (docs/operations.md, services/session-management/README.md): tool calls fail at
 * once with the retryable `unavailable` error, /health 200, /ready 503 naming `store` and
 * `rate_limit` as unavailable. After: the service recovers by itself — new sessions are created
 * and read, and the rate limit counts again (5 calls, then 429 with its headers). The old session
 * is gone (`not_found`): that Redis keeps nothing across a restart, so that is the honest outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRedisServer, TEST_KEYS, uniqueKeyPrefix, type RedisServer } from '@a2a-mcp/testkit';
import { callTool, getJson, recordFigures, sleep, startServiceProcess, tempDir, type McpAnswer, type ServiceProcess } from '../src/index.js';

const OUTAGE_MS = 30_000;
const TOOL_BUDGET = 5;

const errorCode = (answer: McpAnswer) => answer.json?.result?._meta?.['a2a-mcp/error']?.code;

describe('Redis killed for 30 s under session-management (sessions and rate limits in Redis)', () => {
  let redis: RedisServer | undefined;
  let service: ServiceProcess | undefined;
  const call = (tool: string, args: Record<string, unknown>) => callTool(service!.url, TEST_KEYS.write, tool, args);

  beforeAll(async () => {
    redis = await startRedisServer();
    service = await startServiceProcess('session-management', {
      NODE_ENV: 'test',
      STATE_DIR: tempDir('redis'),
      MCP_API_KEYS: `${TEST_KEYS.write}:writer:write`,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniqueKeyPrefix('faults'),
      SESSION_SIGNING_SECRET: 'faults-redis-outage-secret-0123456789abcdef',
      RATE_LIMIT_MAX_REQUESTS: '100000',
      RATE_LIMIT_TOOL_LIMITS: `get_session=${TOOL_BUDGET}`,
      // The redis breaker opens during the outage; a short reset timeout lets the recovery be
      // seen in seconds instead of the default 30 s.
      CIRCUIT_BREAKER_RESET_TIMEOUT: '2000',
      USAGE_SINKS: 'none',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop(5_000);
    await redis?.kill();
  }, 30_000);

  /** get_session until the per-tool budget is spent: TOOL_BUDGET answers, then exactly one 429. */
  const exhaustBudget = async (session: { session_id: string; token: string }) => {
    for (let i = 0; i < TOOL_BUDGET; i++) {
      const answer = await call('get_session', session);
      expect(answer.status).toBe(200);
      expect(answer.json?.result?.structuredContent).toMatchObject({ session_id: session.session_id, status: 'active' });
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`^limit=${TOOL_BUDGET}, remaining=${TOOL_BUDGET - 1 - i}, reset=\\d+$`));
    }
    const refused = await call('get_session', session);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toBe(`${TOOL_BUDGET};w=60`);
    expect(refused.json?.error).toMatchObject({ code: -32029, data: { code: 'rate_limited', tool: 'get_session' } });
  };

  it('keeps answering during the outage and recovers by itself, state and limits included', async () => {
    // Before: state and limits live in this Redis.
    const first = await call('create_session', { ttl_seconds: 600, state: { step: 1 } });
    expect(first.status).toBe(200);
    const old = first.json!.result!.structuredContent as { session_id: string; token: string };
    expect(old.token).toMatch(/^v1\./);
    await exhaustBudget(old);
    expect(await getJson(`${service!.url}/ready`)).toEqual({ status: 200, body: { ready: true, draining: false, checks: { store: 'ok', rate_limit: 'ok' } } });

    // The outage: 30 s, one round of calls a second.
    await redis!.kill();
    const killedAt = Date.now();
    const rounds: { tool: string | undefined; toolStatus: number; health: number; ready: number; readyChecks: unknown }[] = [];
    while (Date.now() - killedAt < OUTAGE_MS) {
      const tick = Date.now();
      const created = await call('create_session', { ttl_seconds: 600 });
      const health = await getJson(`${service!.url}/health`);
      const ready = await getJson(`${service!.url}/ready`);
      rounds.push({ tool: errorCode(created), toolStatus: created.status, health: health.status, ready: ready.status, readyChecks: (ready.body as { checks?: unknown }).checks });
      expect(created.status).toBe(200);
      expect(created.json?.result?.isError).toBe(true);
      expect(errorCode(created)).toBe('unavailable');
      expect(health.status).toBe(200);
      expect(ready).toEqual({ status: 503, body: { ready: false, draining: false, checks: { store: 'unavailable', rate_limit: 'unavailable' } } });
      expect(service!.child.exitCode).toBeNull();
      await sleep(Math.max(0, 1_000 - (Date.now() - tick)));
    }
    const outageMs = Date.now() - killedAt;

    // Back, empty. The service must find it again by itself.
    await redis!.restart();
    const restartedAt = Date.now();
    let recoveryCalls = 0;
    let fresh: McpAnswer | undefined;
    while (Date.now() - restartedAt < 30_000) {
      recoveryCalls++;
      fresh = await call('create_session', { ttl_seconds: 600, state: { step: 2 } });
      if (fresh.json?.result?.isError !== true) break;
      expect(errorCode(fresh)).toBe('unavailable');
      await sleep(200);
    }
    const recoveryMs = Date.now() - restartedAt;
    expect(fresh?.status).toBe(200);
    expect(fresh?.json?.result?.isError).toBeUndefined();
    const session = fresh!.json!.result!.structuredContent as { session_id: string; token: string };
    const read = await call('get_session', session);
    expect(read.json?.result?.structuredContent).toMatchObject({ session_id: session.session_id, state: { step: 2 }, version: 1, status: 'active' });
    // The old session lived only in the Redis that was killed.
    const gone = await call('get_session', old);
    expect(gone.json?.result?.isError).toBe(true);
    expect(errorCode(gone)).toBe('not_found');
    // Limits count again, in the new Redis (2 get_session calls already spent above).
    let readyAgain = await getJson(`${service!.url}/ready`);
    for (let i = 0; i < 50 && readyAgain.status !== 200; i++) {
      await sleep(200);
      readyAgain = await getJson(`${service!.url}/ready`);
    }
    expect(readyAgain).toEqual({ status: 200, body: { ready: true, draining: false, checks: { store: 'ok', rate_limit: 'ok' } } });
    const another = (await call('create_session', { ttl_seconds: 600 })).json!.result!.structuredContent as { session_id: string; token: string };
    // The budget of get_session (per client, per window) started afresh in the empty Redis: 2 used.
    for (let i = 0; i < TOOL_BUDGET - 2; i++) expect((await call('get_session', another)).status).toBe(200);
    const refused = await call('get_session', another);
    expect(refused.status).toBe(429);
    expect(refused.json?.error).toMatchObject({ code: -32029, data: { code: 'rate_limited', tool: 'get_session' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(service!.child.exitCode).toBeNull();

    recordFigures('redis-outage-30s', {
      outageMs,
      outageRounds: rounds.length,
      outageToolCalls: rounds.length,
      outageToolUnavailable: rounds.filter((r) => r.tool === 'unavailable').length,
      outageReady503: rounds.filter((r) => r.ready === 503).length,
      outageHealth200: rounds.filter((r) => r.health === 200).length,
      recoveryMs,
      recoveryCalls,
      oldSession: errorCode(gone),
      pidUnchanged: service!.child.exitCode === null,
    });
    expect(rounds.length).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
