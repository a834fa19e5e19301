/**
 * Rate limits on /mcp (docs/architecture.md, request path step 6; docs/operations.md "Rate limits"): fixed windows per verified client id
 * (anonymous public calls are keyed by IP through their `anonymous:<ip>` id), per service, plus
 * optional per-tool budgets. express-rate-limit does the counting and the headers, as a plain
 * `(req, res, next)` middleware: its memory store by default, rate-limit-redis when REDIS_URL is
 * set so every replica spends one budget.
 *
 * Headers: IETF draft-7 (`RateLimit: limit=…, remaining=…, reset=…` and `RateLimit-Policy:
 * …;w=…`): one combined header node:http can set without express (draft-8 needs `res.append`).
 * A refused request gets 429, `Retry-After` and a JSON-RPC error with code `rate_limited`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rateLimit, type Options, type Store as RateLimitStore } from 'express-rate-limit';
import { RedisStore as RateLimitRedisStore, type RedisReply } from 'rate-limit-redis';
import { Counter } from 'prom-client';
import type { Identity } from '../auth/identity.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { isRecord } from '../mcp/protocol.js';
import type { RedisStore } from '../store/redis-store.js';

export interface RateLimiterOptions {
  /** Service name: part of the Redis key, so each service has its own budget. */
  service: string;
  /** Window length in ms. */
  windowMs: number;
  /** Requests per client per window on /mcp. */
  limit: number;
  /** Tool calls per client per window, by tool name (in addition to `limit`). */
  toolLimits?: Record<string, number>;
  /** What to do when the Redis store fails: `open` allows (logged, counted), `closed` answers 503. Default `open`. */
  failureMode?: 'open' | 'closed';
  /** Count in Redis (shared by replicas) instead of in memory. */
  redis?: RedisStore;
  logger: Logger;
  metrics?: Metrics;
}

export interface RateLimiter {
  /** The pipeline's `beforeMcp` hook: resolves, or throws `rate_limited` (429) / `unavailable` (503). */
  check: (ctx: { req: IncomingMessage; res: ServerResponse; identity: Identity; message: unknown }) => Promise<void>;
  /** Readiness: rejects while the shared rate-limit store is unreachable. */
  ready: () => Promise<void>;
  /** `memory` or `redis`. */
  backend: 'memory' | 'redis';
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

interface KeyedRequest extends IncomingMessage {
  a2aRateLimitKey?: string;
}

/** The rate-limit-redis store, reloading its scripts after Redis was down when they were first loaded. */
class ResilientRedisStore extends RateLimitRedisStore {
  override async increment(key: string) {
    try {
      await this.incrementScriptSha;
    } catch {
      // The load failed while Redis was down; the cached rejection would fail every call forever.
      this.incrementScriptSha = this.loadIncrementScript();
    }
    return super.increment(key);
  }
}

const REFUSED = Symbol('refused');

/** Builds the limiter; `undefined`-free: call only when RATE_LIMIT_ENABLED. */
export function createRateLimiter({ service, windowMs, limit, toolLimits = {}, failureMode = 'open', redis, logger, metrics }: RateLimiterOptions): RateLimiter {
  const storeFailures = metrics
    ? new Counter({ name: 'mcp_rate_limit_store_failures_total', help: 'Rate-limit checks that could not reach the shared store, by failure mode', labelNames: ['mode'], registers: [metrics.registry] })
    : undefined;
  let storeDown = false;

  const makeStore = (scope: string): RateLimitStore | undefined =>
    redis
      ? new ResilientRedisStore({
          sendCommand: (command: string, ...args: string[]) => redis.sendCommand(command, ...args) as Promise<RedisReply>,
          prefix: `${redis.keyPrefix}ratelimit:${service}:${scope}:`,
        })
      : undefined;

  const make = (max: number, scope: string): Middleware => {
    const store = makeStore(scope);
    const options: Partial<Options> = {
      windowMs,
      limit: max,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      // The validations assume express (req.ip, app settings); the key is our verified client id.
      validate: false,
      passOnStoreError: false,
      keyGenerator: (req) => (req as KeyedRequest).a2aRateLimitKey ?? 'unknown',
      handler: (_req, _res, next) => next(REFUSED),
      logger: { error: (error, message) => logger.warn(message ?? 'rate limiter error', { error: error instanceof Error ? error.message : String(error) }), warn: () => undefined },
      ...(store ? { store } : {}),
    };
    return rateLimit(options) as unknown as Middleware;
  };

  const serviceLimiter = make(limit, 'all');
  const toolLimiters = new Map(Object.entries(toolLimits).map(([tool, max]) => [tool, make(max, `tool:${tool}`)]));

  const run = (middleware: Middleware, req: IncomingMessage, res: ServerResponse, tool: string) =>
    new Promise<void>((resolve, reject) => {
      void middleware(req, res, (error?: unknown) => {
        if (error === undefined) {
          if (storeDown) {
            storeDown = false;
            logger.info('rate limiting: the shared store is reachable again');
          }
          resolve();
          return;
        }
        if (error === REFUSED) {
          metrics?.rateLimited.inc({ tool });
          const retryAfter = res.getHeader('retry-after');
          reject(
            new ServiceError('rate_limited', tool === '-' ? 'Rate limit exceeded; retry later' : `Rate limit for tool ${tool} exceeded; retry later`, {
              data: { retryAfterSeconds: Number(retryAfter ?? Math.ceil(windowMs / 1000)), ...(tool === '-' ? {} : { tool }) },
              headers: { 'Retry-After': String(retryAfter ?? Math.ceil(windowMs / 1000)) },
            }),
          );
          return;
        }
        storeFailures?.inc({ mode: failureMode });
        if (!storeDown) {
          storeDown = true;
          logger.warn(`rate limiting: the shared store is unreachable; failing ${failureMode}`, { error: error instanceof Error ? error.message : 'store error' });
        }
        if (failureMode === 'open') resolve();
        else reject(new ServiceError('unavailable', 'Rate limiting is temporarily unavailable; retry later', { cause: error, data: { dependency: 'redis' } }));
      });
    });

  const check: RateLimiter['check'] = async ({ req, res, identity, message }) => {
    (req as KeyedRequest).a2aRateLimitKey = identity.clientId;
    await run(serviceLimiter, req, res, '-');
    if (toolLimiters.size === 0) return;
    for (const m of Array.isArray(message) ? (message as unknown[]) : [message]) {
      if (!isRecord(m) || m.method !== 'tools/call' || !isRecord(m.params) || typeof m.params.name !== 'string') continue;
      const limiter = toolLimiters.get(m.params.name);
      if (limiter) await run(limiter, req, res, m.params.name);
    }
  };

  return {
    check,
    ready: () => (redis ? redis.ping() : Promise.resolve()),
    backend: redis ? 'redis' : 'memory',
  };
}
