/**
 * Rate limits on /mcp (docs/architecture.md, request path step 6; docs/operations.md "Rate limits"): fixed windows per verified client id
 * (anonymous public calls are keyed by IP through their `anonymous:<ip>` id), per service, plus
 * optional per-tool budgets. Counted in memory, or in Redis when REDIS_URL is set so every replica
 * spends one budget.
 *
 * Budgets count **calls**, not HTTP requests: each `tools/call` of a JSON-RPC batch spends one
 * unit of the service budget (and one of its tool's budget); a request without a tool call
 * (tools/list, initialize, a GET stream) spends one. A request is admitted whole or not at all: when
 * any budget it touches cannot cover its units, it is refused with 429 and spends nothing (a batch
 * of 100 calls with 50 units left is refused and leaves the 50; split it). On Redis the check and
 * the spend are one Lua script, so concurrent replicas never overspend.
 *
 * Before the body is read, `admit` refuses a client whose service budget (or, for a 2026-07-28
 * tools/call, the budget of the tool its `Mcp-Name` header names) is known to be spent for the rest
 * of the window: from the counters themselves in memory, from what this process last saw on Redis
 * (a spent budget stays spent until its window ends, so that knowledge cannot be wrong early).
 *
 * Headers: IETF draft-7 (`RateLimit: limit=…, remaining=…, reset=…` and `RateLimit-Policy:
 * …;w=…`), of the per-tool budget when one applies, else of the service budget. A refused request
 * gets 429, `Retry-After` (seconds until its window ends) and a JSON-RPC error `rate_limited`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import type { Identity } from '../auth/identity.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { isRecord } from '../json-rpc.js';
import type { RedisStore } from '../store/redis-store.js';

export interface RateLimiterOptions {
  /** Service name: part of the Redis key, so each service has its own budget. */
  service: string;
  /** Window length in ms. */
  windowMs: number;
  /** Units (tool calls; one per request without a call) per client per window on /mcp. */
  limit: number;
  /** Tool calls per client per window, by tool name (in addition to `limit`). */
  toolLimits?: Record<string, number>;
  /** What to do when the Redis store fails: `open` allows (logged, counted), `closed` answers 503. Default `open`. */
  failureMode?: 'open' | 'closed';
  /** Count in Redis (shared by replicas) instead of in memory. */
  redis?: RedisStore;
  logger: Logger;
  metrics?: Metrics;
  /** The clock (tests). Default `Date.now`. */
  now?: () => number;
}

export interface RateLimiter {
  /**
   * Before the body is read: throws `rate_limited` (429) when the client's budget is known to be
   * spent for the rest of the window. Never waits for a store.
   */
  admit: (ctx: { req: IncomingMessage; identity: Identity }) => void;
  /**
   * The MCP endpoint's `beforeMcp` hook: spends the request's units, or throws `rate_limited` (429) /
   * `unavailable` (503). In memory it answers at once (no promise on the request path); with the
   * shared store it returns the store's round trip.
   */
  check: (ctx: { req: IncomingMessage; res: ServerResponse; identity: Identity; message: unknown }) => Promise<void> | void;
  /** Readiness: rejects while the shared rate-limit store is unreachable. */
  ready: () => Promise<void>;
  /** `memory` or `redis`. */
  backend: 'memory' | 'redis';
}

/** One budget a request spends from: its counter key, units and limit. */
interface Charge {
  key: string;
  units: number;
  limit: number;
  /** The tool whose budget it is; undefined for the service budget. */
  tool: string | undefined;
}

/** A counter after a spend or a refusal: its count and the ms until its window ends. */
interface Reading {
  count: number;
  resetMs: number;
}

type SpendOutcome = { ok: true; readings: Reading[] } | { ok: false; index: number; reading: Reading };

/**
 * All-or-nothing spend over several counters. ARGV[1] is the window; then per key its units and
 * limit. Refused: {0, index (1-based), count, pttl}; spent: {1, count1, pttl1, count2, pttl2, …}.
 */
const SPEND = `
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count + tonumber(ARGV[2 * i]) > tonumber(ARGV[2 * i + 1]) then
    return {0, i, count, redis.call('PTTL', KEYS[i])}
  end
end
local out = {1}
for i = 1, #KEYS do
  local count = redis.call('INCRBY', KEYS[i], ARGV[2 * i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`;

/** The number of units `message` spends: one per tools/call, at least one. */
export function rateLimitUnits(message: unknown): { total: number; byTool: Map<string, number> } {
  const byTool = new Map<string, number>();
  let calls = 0;
  for (const m of Array.isArray(message) ? (message as unknown[]) : [message]) {
    if (!isRecord(m) || m.method !== 'tools/call') continue;
    calls++;
    if (isRecord(m.params) && typeof m.params.name === 'string') byTool.set(m.params.name, (byTool.get(m.params.name) ?? 0) + 1);
  }
  return { total: Math.max(1, calls), byTool };
}

/** Builds the limiter; call only when RATE_LIMIT_ENABLED. */
export function createRateLimiter({
  service,
  windowMs,
  limit,
  toolLimits = {},
  failureMode = 'open',
  redis,
  logger,
  metrics,
  now = Date.now,
}: RateLimiterOptions): RateLimiter {
  const storeFailures = metrics
    ? new Counter({
        name: 'mcp_rate_limit_store_failures_total',
        help: 'Rate-limit checks that could not reach the shared store, by failure mode',
        labelNames: ['mode'],
        registers: [metrics.registry],
      })
    : undefined;
  let storeDown = false;
  const windowSeconds = Math.ceil(windowMs / 1000);
  const tools = new Map(Object.entries(toolLimits));
  const keyOf = (scope: string, clientId: string) => `${redis ? redis.keyPrefix : ''}ratelimit:${service}:${scope}:${clientId}`;

  // Memory: the counters. Redis: when this process last saw each counter spent (its window's end).
  const counters = new Map<string, { count: number; resetAt: number }>();
  const spentUntil = new Map<string, number>();
  let lastSweep = now();
  const sweep = (at: number) => {
    if (at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [key, counter] of counters) if (counter.resetAt <= at) counters.delete(key);
    for (const [key, until] of spentUntil) if (until <= at) spentUntil.delete(key);
  };

  const spendInMemory = (charges: Charge[], at: number): SpendOutcome => {
    const current = charges.map((c) => {
      const counter = counters.get(c.key);
      return counter && counter.resetAt > at ? counter : { count: 0, resetAt: at + windowMs };
    });
    for (let i = 0; i < charges.length; i++) {
      if (current[i]!.count + charges[i]!.units > charges[i]!.limit)
        return { ok: false, index: i, reading: { count: current[i]!.count, resetMs: current[i]!.resetAt - at } };
    }
    return {
      ok: true,
      readings: charges.map((c, i) => {
        const counter = { count: current[i]!.count + c.units, resetAt: current[i]!.resetAt };
        counters.set(c.key, counter);
        return { count: counter.count, resetMs: counter.resetAt - at };
      }),
    };
  };

  const spendInRedis = async (store: RedisStore, charges: Charge[]): Promise<SpendOutcome> => {
    const args = charges.flatMap((c) => [c.units, c.limit]);
    const reply = (await store.sendCommand('EVAL', SPEND, charges.length, ...charges.map((c) => c.key), windowMs, ...args)) as number[];
    const ttl = (ms: number) => (ms > 0 ? ms : windowMs);
    if (Number(reply[0]) === 0)
      return { ok: false, index: Number(reply[1]) - 1, reading: { count: Number(reply[2]), resetMs: ttl(Number(reply[3])) } };
    return { ok: true, readings: charges.map((_, i) => ({ count: Number(reply[1 + 2 * i]), resetMs: ttl(Number(reply[2 + 2 * i])) })) };
  };

  const headersFor = (charge: Charge, reading: Reading): Record<string, string> => {
    const reset = Math.max(0, Math.ceil(reading.resetMs / 1000));
    return {
      RateLimit: `limit=${charge.limit}, remaining=${Math.max(0, charge.limit - reading.count)}, reset=${reset}`,
      'RateLimit-Policy': `${charge.limit};w=${windowSeconds}`,
    };
  };

  const refusal = (charge: Charge, reading: Reading): ServiceError => {
    metrics?.rateLimited.inc({ tool: charge.tool ?? '-' });
    const retryAfter = Math.max(1, Math.ceil(reading.resetMs / 1000));
    const tooBig = charge.units > charge.limit;
    const subject = charge.tool === undefined ? 'Rate limit' : `Rate limit for tool ${charge.tool}`;
    const message = tooBig
      ? `${subject}: the request holds ${charge.units} tool calls, more than the ${charge.limit} allowed per ${windowSeconds} s; split it`
      : charge.units > 1
        ? `${subject} exceeded: the request holds ${charge.units} tool calls and ${Math.max(0, charge.limit - reading.count)} remain in this window; retry later or split it`
        : `${subject} exceeded; retry later`;
    return new ServiceError('rate_limited', message, {
      data: {
        retryAfterSeconds: retryAfter,
        limit: charge.limit,
        units: charge.units,
        ...(charge.tool === undefined ? {} : { tool: charge.tool }),
      },
      headers: { ...headersFor(charge, reading), 'Retry-After': String(retryAfter) },
    });
  };

  const rememberSpent = (charge: Charge, reading: Reading, at: number) => {
    if (redis && reading.count >= charge.limit) spentUntil.set(charge.key, at + reading.resetMs);
  };

  /** The end of the window in which `key` is known to be spent, or undefined. */
  const knownSpent = (key: string, max: number, at: number): number | undefined => {
    if (redis) {
      const until = spentUntil.get(key);
      return until !== undefined && until > at ? until : undefined;
    }
    const counter = counters.get(key);
    return counter && counter.resetAt > at && counter.count >= max ? counter.resetAt : undefined;
  };

  const admit: RateLimiter['admit'] = ({ req, identity }) => {
    const at = now();
    const charges: Charge[] = [{ key: keyOf('all', identity.clientId), units: 1, limit, tool: undefined }];
    const name = req.headers['mcp-name'];
    if (req.headers['mcp-method'] === 'tools/call' && typeof name === 'string') {
      const max = tools.get(name);
      if (max !== undefined) charges.push({ key: keyOf(`tool:${name}`, identity.clientId), units: 1, limit: max, tool: name });
    }
    for (const charge of charges) {
      const until = knownSpent(charge.key, charge.limit, at);
      if (until !== undefined) throw refusal(charge, { count: charge.limit, resetMs: until - at });
    }
  };

  /** Remembers what the spend read, throws the refusal or sets the budget headers. */
  const settle = (res: ServerResponse, charges: Charge[], outcome: SpendOutcome, at: number): void => {
    if (!outcome.ok) {
      const charge = charges[outcome.index]!;
      rememberSpent(charge, outcome.reading, at);
      throw refusal(charge, outcome.reading);
    }
    outcome.readings.forEach((reading, i) => rememberSpent(charges[i]!, reading, at));
    // The last budget that applies is the one shown: the tool's when the request calls a limited tool.
    const shown = charges.length - 1;
    for (const [name, value] of Object.entries(headersFor(charges[shown]!, outcome.readings[shown]!))) res.setHeader(name, value);
  };

  const checkInRedis = async (store: RedisStore, res: ServerResponse, charges: Charge[], at: number): Promise<void> => {
    let outcome: SpendOutcome;
    try {
      outcome = await spendInRedis(store, charges);
    } catch (error) {
      storeFailures?.inc({ mode: failureMode });
      if (!storeDown) {
        storeDown = true;
        logger.warn(`rate limiting: the shared store is unreachable; failing ${failureMode}`, {
          error: error instanceof Error ? error.message : 'store error',
        });
      }
      if (failureMode === 'open') return;
      throw new ServiceError('unavailable', 'Rate limiting is temporarily unavailable; retry later', {
        cause: error,
        data: { dependency: 'redis' },
      });
    }
    if (storeDown) {
      storeDown = false;
      logger.info('rate limiting: the shared store is reachable again');
    }
    settle(res, charges, outcome, at);
  };

  const check: RateLimiter['check'] = ({ res, identity, message }) => {
    const at = now();
    sweep(at);
    const units = rateLimitUnits(message);
    const charges: Charge[] = [{ key: keyOf('all', identity.clientId), units: units.total, limit, tool: undefined }];
    for (const [tool, count] of units.byTool) {
      const max = tools.get(tool);
      if (max !== undefined) charges.push({ key: keyOf(`tool:${tool}`, identity.clientId), units: count, limit: max, tool });
    }
    if (redis) return checkInRedis(redis, res, charges, at);
    settle(res, charges, spendInMemory(charges, at), at);
  };

  return {
    admit,
    check,
    ready: () => (redis ? redis.ping() : Promise.resolve()),
    backend: redis ? 'redis' : 'memory',
  };
}
