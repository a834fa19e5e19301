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

/** One budget a request spends from: its units and limit. */
interface Charge {
  /** The tool whose budget it is; undefined for the service budget. */
  tool: string | undefined;
  units: number;
  limit: number;
}

/** A counter after a spend or a refusal: its count and the ms until its window ends. */
interface Reading {
  count: number;
  resetMs: number;
}

type SpendOutcome = { ok: true; readings: Reading[] } | { ok: false; index: number; reading: Reading };

/** A fixed-window counter held in memory; spent in place. */
interface WindowCounter {
  count: number;
  resetAt: number;
}

/** One client's counters in memory: the service budget's and, when spent from, each limited tool's. */
interface ClientCounters {
  all: WindowCounter | undefined;
  tools: Map<string, WindowCounter> | undefined;
}

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
    const tool = calledTool(m);
    if (tool === undefined) continue;
    calls++;
    if (tool !== null) byTool.set(tool, (byTool.get(tool) ?? 0) + 1);
  }
  return { total: Math.max(1, calls), byTool };
}

/** The tool a message calls: its name for a tools/call (null when it names none), undefined for any other message. */
function calledTool(message: unknown): string | null | undefined {
  if (!isRecord(message) || message.method !== 'tools/call') return undefined;
  return isRecord(message.params) && typeof message.params.name === 'string' ? message.params.name : null;
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
  // The RateLimit-Policy value of each budget, built once.
  const servicePolicy = `${limit};w=${windowSeconds}`;
  const toolPolicies = new Map([...tools].map(([name, max]) => [name, `${max};w=${windowSeconds}`]));
  const policyOf = (charge: Charge) => (charge.tool === undefined ? servicePolicy : toolPolicies.get(charge.tool)!);
  const keyOf = (store: RedisStore, charge: Charge, clientId: string) =>
    `${store.keyPrefix}ratelimit:${service}:${charge.tool === undefined ? 'all' : `tool:${charge.tool}`}:${clientId}`;

  // Memory: the counters, by client id (no key string is built per request). Redis: when this
  // process last saw each counter spent (its window's end), by Redis key.
  const clients = new Map<string, ClientCounters>();
  const spentUntil = new Map<string, number>();
  let lastSweep = now();
  const sweep = (at: number) => {
    if (at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [clientId, counters] of clients) {
      if (counters.all && counters.all.resetAt <= at) counters.all = undefined;
      if (counters.tools) for (const [tool, counter] of counters.tools) if (counter.resetAt <= at) counters.tools.delete(tool);
      if (!counters.all && !counters.tools?.size) clients.delete(clientId);
    }
    for (const [key, until] of spentUntil) if (until <= at) spentUntil.delete(key);
  };

  /** The client's counter for `charge` while its window lasts, else undefined. */
  const liveCounter = (counters: ClientCounters | undefined, charge: Charge, at: number): WindowCounter | undefined => {
    const counter = charge.tool === undefined ? counters?.all : counters?.tools?.get(charge.tool);
    return counter && counter.resetAt > at ? counter : undefined;
  };

  const budgetHeader = (charge: Charge, reading: Reading) =>
    `limit=${charge.limit}, remaining=${Math.max(0, charge.limit - reading.count)}, reset=${Math.max(0, Math.ceil(reading.resetMs / 1000))}`;

  const setBudgetHeaders = (res: ServerResponse, charge: Charge, reading: Reading) => {
    res.setHeader('RateLimit', budgetHeader(charge, reading));
    res.setHeader('RateLimit-Policy', policyOf(charge));
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
      headers: { RateLimit: budgetHeader(charge, reading), 'RateLimit-Policy': policyOf(charge), 'Retry-After': String(retryAfter) },
    });
  };

  /**
   * All or nothing, in memory: refuses with the first budget that cannot cover its units, else
   * spends every budget in place and shows the last one's headers (the tool's, when the request
   * calls a limited tool).
   */
  const spendInMemory = (res: ServerResponse, clientId: string, charges: Charge[], at: number): void => {
    let counters = clients.get(clientId);
    for (const charge of charges) {
      const counter = liveCounter(counters, charge, at);
      const count = counter?.count ?? 0;
      if (count + charge.units > charge.limit) throw refusal(charge, { count, resetMs: counter ? counter.resetAt - at : windowMs });
    }
    if (!counters) clients.set(clientId, (counters = { all: undefined, tools: undefined }));
    let shown: WindowCounter | undefined;
    for (const charge of charges) {
      let counter = liveCounter(counters, charge, at);
      if (!counter) {
        counter = { count: 0, resetAt: at + windowMs };
        if (charge.tool === undefined) counters.all = counter;
        else (counters.tools ??= new Map()).set(charge.tool, counter);
      }
      counter.count += charge.units;
      shown = counter;
    }
    setBudgetHeaders(res, charges[charges.length - 1]!, { count: shown!.count, resetMs: shown!.resetAt - at });
  };

  const spendInRedis = async (store: RedisStore, clientId: string, charges: Charge[]): Promise<SpendOutcome> => {
    const args = charges.flatMap((c) => [c.units, c.limit]);
    const keys = charges.map((c) => keyOf(store, c, clientId));
    const reply = (await store.sendCommand('EVAL', SPEND, charges.length, ...keys, windowMs, ...args)) as number[];
    const ttl = (ms: number) => (ms > 0 ? ms : windowMs);
    if (Number(reply[0]) === 0)
      return { ok: false, index: Number(reply[1]) - 1, reading: { count: Number(reply[2]), resetMs: ttl(Number(reply[3])) } };
    return { ok: true, readings: charges.map((_, i) => ({ count: Number(reply[1 + 2 * i]), resetMs: ttl(Number(reply[2 + 2 * i])) })) };
  };

  /** Redis: remembers a budget seen spent, so `admit` can refuse without a round trip until its window ends. */
  const rememberSpent = (store: RedisStore, clientId: string, charge: Charge, reading: Reading, at: number) => {
    if (reading.count >= charge.limit) spentUntil.set(keyOf(store, charge, clientId), at + reading.resetMs);
  };

  const checkInRedis = async (store: RedisStore, res: ServerResponse, clientId: string, charges: Charge[], at: number): Promise<void> => {
    let outcome: SpendOutcome;
    try {
      outcome = await spendInRedis(store, clientId, charges);
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
    if (!outcome.ok) {
      const charge = charges[outcome.index]!;
      rememberSpent(store, clientId, charge, outcome.reading, at);
      throw refusal(charge, outcome.reading);
    }
    outcome.readings.forEach((reading, i) => rememberSpent(store, clientId, charges[i]!, reading, at));
    // The last budget that applies is the one shown: the tool's when the request calls a limited tool.
    const shown = charges.length - 1;
    setBudgetHeaders(res, charges[shown]!, outcome.readings[shown]!);
  };

  /** The end of the window in which `charge`'s budget is known to be spent, or undefined. */
  const knownSpent = (clientId: string, charge: Charge, at: number): number | undefined => {
    if (redis) {
      const until = spentUntil.get(keyOf(redis, charge, clientId));
      return until !== undefined && until > at ? until : undefined;
    }
    const counter = liveCounter(clients.get(clientId), charge, at);
    return counter && counter.count >= charge.limit ? counter.resetAt : undefined;
  };

  const admit: RateLimiter['admit'] = ({ req, identity }) => {
    const at = now();
    const { clientId } = identity;
    const serviceCharge: Charge = { tool: undefined, units: 1, limit };
    let until = knownSpent(clientId, serviceCharge, at);
    if (until !== undefined) throw refusal(serviceCharge, { count: limit, resetMs: until - at });
    const name = req.headers['mcp-name'];
    if (tools.size === 0 || typeof name !== 'string' || req.headers['mcp-method'] !== 'tools/call') return;
    const max = tools.get(name);
    if (max === undefined) return;
    const toolCharge: Charge = { tool: name, units: 1, limit: max };
    until = knownSpent(clientId, toolCharge, at);
    if (until !== undefined) throw refusal(toolCharge, { count: max, resetMs: until - at });
  };

  /** The budgets `message` spends from: the service's, then each limited tool's it calls. */
  const chargesOf = (message: unknown): Charge[] => {
    if (!Array.isArray(message)) {
      // One message (all but 2025-era batches): one unit, and its tool's budget when it has one.
      const charges: Charge[] = [{ tool: undefined, units: 1, limit }];
      const tool = tools.size > 0 ? calledTool(message) : undefined;
      const max = typeof tool === 'string' ? tools.get(tool) : undefined;
      if (max !== undefined) charges.push({ tool: tool!, units: 1, limit: max });
      return charges;
    }
    const units = rateLimitUnits(message);
    const charges: Charge[] = [{ tool: undefined, units: units.total, limit }];
    for (const [tool, count] of units.byTool) {
      const max = tools.get(tool);
      if (max !== undefined) charges.push({ tool, units: count, limit: max });
    }
    return charges;
  };

  const check: RateLimiter['check'] = ({ res, identity, message }) => {
    const at = now();
    sweep(at);
    const charges = chargesOf(message);
    if (redis) return checkInRedis(redis, res, identity.clientId, charges, at);
    spendInMemory(res, identity.clientId, charges, at);
  };

  return {
    admit,
    check,
    ready: () => (redis ? redis.ping() : Promise.resolve()),
    backend: redis ? 'redis' : 'memory',
  };
}
