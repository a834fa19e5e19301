/**
 * Scenario 3: the Redis a stateful service depends on is killed for 30 s and restarted.
 * session-management runs as a child process against a private redis-server (testkit) that
 * persists as a production Redis for sessions does (AOF, fsync always), with its sessions and its
 * rate limits (a per-tool budget get_session=5 in a 10-minute window, so it cannot expire during
 * the test) in that Redis.
 * Before: a session is created and read, the budget is exhausted (429). During the 30 s: one round
 * per second of create_session, /health and /ready; the process stays up and every answer is the
 * documented one (docs/operations.md, services/session-management/README.md): tool calls fail at
 * once with the retryable `unavailable` error, /health 200, /ready 503 naming `store` and
 * `rate_limit` as unavailable. After: the service recovers by itself, and so do state and limits —
 * the old session reads back with its state and version and can be updated, the budget spent
 * before the outage is still spent (the next get_session is 429, in the same window), and new
 * sessions are created and read. (With a memory-only Redis the old session would be `not_found`
 * and the window would start afresh: the first version of this scenario showed exactly that.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRedisServer, TEST_KEYS, uniqueKeyPrefix, type RedisServer } from '@a2a-mcp/testkit';
import {
  callTool,
  getJson,
  recordFigures,
  sleep,
  startServiceProcess,
  tempDir,
  type McpAnswer,
  type ServiceProcess,
} from '../src/index.js';

const OUTAGE_MS = 30_000;
const TOOL_BUDGET = 5;
const WINDOW_S = 600;

const errorCode = (answer: McpAnswer) => answer.json?.result?._meta?.['a2a-mcp/error']?.code;
/** The seconds until the window resets, from a draft-7 `RateLimit` header. */
const resetOf = (answer: McpAnswer) => Number(/reset=(\d+)$/.exec(answer.headers.get('ratelimit') ?? '')?.[1]);
/** The arguments naming a session (get_session / update_session refuse any other field): its id and token from a create_session answer. */
const sessionOf = (answer: McpAnswer) => {
  const { session_id, token } = answer.json!.result!.structuredContent as { session_id: string; token: string };
  return { session_id, token };
};

describe('Redis (AOF) killed for 30 s under session-management (sessions and rate limits in Redis)', () => {
  let redis: RedisServer | undefined;
  let service: ServiceProcess | undefined;
  const call = (tool: string, args: Record<string, unknown>) => callTool(service!.url, TEST_KEYS.write, tool, args);
  /** An admin client: reads any session, with its own get_session budget. */
  const adminCall = (tool: string, args: Record<string, unknown>) => callTool(service!.url, TEST_KEYS.admin, tool, args);

  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
    service = await startServiceProcess('session-management', {
      NODE_ENV: 'test',
      STATE_DIR: tempDir('redis'),
      MCP_API_KEYS: `${TEST_KEYS.write}:writer:write ${TEST_KEYS.admin}:operator:admin`,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniqueKeyPrefix('faults'),
      SESSION_SIGNING_SECRET: 'faults-redis-outage-secret-0123456789abcdef',
      RATE_LIMIT_MAX_REQUESTS: '100000',
      RATE_LIMIT_TOOL_LIMITS: `get_session=${TOOL_BUDGET}`,
      // Long enough that the window spent before the outage cannot end during the test.
      RATE_LIMIT_WINDOW_MS: String(WINDOW_S * 1000),
      // The redis breaker opens during the outage and keeps the default 30 s reset timeout: core
      // closes it as soon as the connection is ready again, so recovery does not wait for it.
      USAGE_SINKS: 'none',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop(5_000);
    await redis?.stop();
  }, 30_000);

  /** get_session until the per-tool budget is spent: TOOL_BUDGET answers, then exactly one 429 (returned). */
  const exhaustBudget = async (session: { session_id: string; token: string }) => {
    for (let i = 0; i < TOOL_BUDGET; i++) {
      const answer = await call('get_session', session);
      expect(answer.status).toBe(200);
      expect(answer.json?.result?.structuredContent).toMatchObject({ session_id: session.session_id, status: 'active' });
      expect(answer.headers.get('ratelimit')).toMatch(new RegExp(`^limit=${TOOL_BUDGET}, remaining=${TOOL_BUDGET - 1 - i}, reset=\\d+$`));
    }
    const refused = await call('get_session', session);
    expectRefused(refused);
    return refused;
  };

  /** The documented 429 of the get_session budget. */
  const expectRefused = (refused: McpAnswer) => {
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toMatch(new RegExp(`^limit=${TOOL_BUDGET}, remaining=0, reset=\\d+$`));
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toBe(`${TOOL_BUDGET};w=${WINDOW_S}`);
    expect(refused.json?.error).toMatchObject({ code: -32029, data: { code: 'rate_limited', tool: 'get_session' } });
  };

  it('keeps answering during the outage and recovers by itself, state and limits included', async () => {
    // Before: state and limits live in this Redis.
    const first = await call('create_session', { ttl_seconds: 600, state: '{"step":1}' });
    expect(first.status).toBe(200);
    const old = sessionOf(first);
    expect(old.token).toMatch(/^v1\./);
    const refusedBefore = await exhaustBudget(old);
    const resetBefore = resetOf(refusedBefore);
    expect(resetBefore).toBeGreaterThan(WINDOW_S - 60);
    expect(await getJson(`${service!.url}/ready`)).toEqual({
      status: 200,
      body: { ready: true, draining: false, checks: { store: 'ok', rate_limit: 'ok' } },
    });

    // The outage: 30 s, one round of calls a second.
    await redis!.kill();
    const killedAt = Date.now();
    const rounds: { tool: string | undefined; toolStatus: number; health: number; ready: number; readyChecks: unknown }[] = [];
    while (Date.now() - killedAt < OUTAGE_MS) {
      const tick = Date.now();
      const created = await call('create_session', { ttl_seconds: 600 });
      const health = await getJson(`${service!.url}/health`);
      const ready = await getJson(`${service!.url}/ready`);
      rounds.push({
        tool: errorCode(created),
        toolStatus: created.status,
        health: health.status,
        ready: ready.status,
        readyChecks: (ready.body as { checks?: unknown }).checks,
      });
      expect(created.status).toBe(200);
      expect(created.json?.result?.isError).toBe(true);
      expect(errorCode(created)).toBe('unavailable');
      expect(health.status).toBe(200);
      expect(ready).toEqual({
        status: 503,
        body: { ready: false, draining: false, checks: { store: 'unavailable', rate_limit: 'unavailable' } },
      });
      expect(service!.child.exitCode).toBeNull();
      await sleep(Math.max(0, 1_000 - (Date.now() - tick)));
    }
    const outageMs = Date.now() - killedAt;

    // Back, with its append-only file. The service must find it again by itself.
    await redis!.restart();
    const restartedAt = Date.now();
    let recoveryCalls = 0;
    let fresh: McpAnswer | undefined;
    while (Date.now() - restartedAt < 30_000) {
      recoveryCalls++;
      fresh = await call('create_session', { ttl_seconds: 600, state: '{"step":2}' });
      if (fresh.json?.result?.isError !== true) break;
      expect(errorCode(fresh)).toBe('unavailable');
      await sleep(200);
    }
    const recoveryMs = Date.now() - restartedAt;
    expect(fresh?.status).toBe(200);
    expect(fresh?.json?.result?.isError).toBeUndefined();
    let readyAgain = await getJson(`${service!.url}/ready`);
    for (let i = 0; i < 50 && readyAgain.status !== 200; i++) {
      await sleep(200);
      readyAgain = await getJson(`${service!.url}/ready`);
    }
    expect(readyAgain).toEqual({ status: 200, body: { ready: true, draining: false, checks: { store: 'ok', rate_limit: 'ok' } } });

    // Limits recovered: the budget spent before the outage is still spent, in the same window (a
    // fresh window would allow this call, or report reset ≈ WINDOW_S).
    const refusedAfter = await call('get_session', old);
    expectRefused(refusedAfter);
    const resetAfter = resetOf(refusedAfter);
    expect(resetAfter).toBeLessThanOrEqual(resetBefore - Math.floor(OUTAGE_MS / 1000) + 1);

    // State recovered: the old session reads back as it was (read by the admin client, whose own
    // get_session budget is untouched), and can be updated at that version.
    const oldRead = await adminCall('get_session', old);
    expect(oldRead.status).toBe(200);
    expect(oldRead.headers.get('ratelimit')).toMatch(new RegExp(`^limit=${TOOL_BUDGET}, remaining=${TOOL_BUDGET - 1}, reset=\\d+$`));
    expect(oldRead.json?.result?.isError).toBeUndefined();
    expect(oldRead.json?.result?.structuredContent).toMatchObject({
      session_id: old.session_id,
      owner: 'writer',
      state: { step: 1 },
      version: 1,
      status: 'active',
    });
    const updated = await call('update_session', { ...old, state_patch: '{"phase":"after the outage"}', if_version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.json?.result?.isError).toBeUndefined();
    expect(updated.json?.result?.structuredContent).toMatchObject({
      session_id: old.session_id,
      state: { step: 1, phase: 'after the outage' },
      version: 2,
      status: 'active',
    });

    // New sessions: the one created on the way back reads back; another is created.
    const session = sessionOf(fresh!);
    const read = await adminCall('get_session', session);
    expect(read.json?.result?.structuredContent).toMatchObject({
      session_id: session.session_id,
      owner: 'writer',
      state: { step: 2 },
      version: 1,
      status: 'active',
    });
    const another = await call('create_session', { ttl_seconds: 600, state: '{"step":3}' });
    expect(another.status).toBe(200);
    const anotherSession = sessionOf(another);
    expect((await adminCall('get_session', anotherSession)).json?.result?.structuredContent).toMatchObject({
      session_id: anotherSession.session_id,
      state: { step: 3 },
      version: 1,
    });
    expect(service!.child.exitCode).toBeNull();

    recordFigures('redis-outage-30s', {
      redis: 'aof',
      outageMs,
      outageRounds: rounds.length,
      outageToolCalls: rounds.length,
      outageToolUnavailable: rounds.filter((r) => r.tool === 'unavailable').length,
      outageReady503: rounds.filter((r) => r.ready === 503).length,
      outageHealth200: rounds.filter((r) => r.health === 200).length,
      recoveryMs,
      recoveryCalls,
      oldSessionVersion: (oldRead.json?.result?.structuredContent as { version?: number }).version,
      oldSessionUpdatedVersion: (updated.json?.result?.structuredContent as { version?: number }).version,
      getSessionAfterStatus: refusedAfter.status,
      windowResetBeforeS: resetBefore,
      windowResetAfterS: resetAfter,
      pidUnchanged: service!.child.exitCode === null,
    });
    expect(rounds.length).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
