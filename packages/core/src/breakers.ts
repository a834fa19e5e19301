/**
 * Circuit breakers (opossum) around outbound dependencies: Redis, PostgreSQL, HTTP APIs. One
 * registry per service; a breaker is created on first use by name with the configured options.
 * An open breaker fails calls at once with a retryable `unavailable` ServiceError instead of
 * letting them pile up on a dependency that is down.
 *
 * Thresholds (CIRCUIT_BREAKER_*): a breaker opens when at least `volumeThreshold` calls were made
 * in the 10 s rolling window and `failureThresholdPercent` % of them failed (or timed out after
 * `timeoutMs`); after `resetTimeoutMs` it lets one trial call through (half-open) and closes again
 * when that succeeds.
 */
import CircuitBreaker from 'opossum';
import { isServiceError, ServiceError } from './errors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface BreakerOptions {
  /** Failure percentage in the rolling window that opens the breaker. Default 50. */
  failureThresholdPercent?: number;
  /** Calls needed in the window before the breaker may open. Default 5. */
  volumeThreshold?: number;
  /** Open → half-open after this long, ms. Default 30 000. */
  resetTimeoutMs?: number;
  /** A call slower than this fails (and counts), ms; `false` for no timeout. Default 10 000. */
  timeoutMs?: number | false;
  /**
   * Which errors count as the dependency failing. Default: everything except ServiceErrors a caller
   * caused (invalid arguments, not found, …): only `unavailable`, `timeout`, `internal` and
   * non-ServiceErrors count.
   */
  isFailure?: (error: unknown) => boolean;
}

export type BreakerState = 'closed' | 'half_open' | 'open';

/** One named breaker. */
export interface Breaker {
  readonly name: string;
  /** Runs `operation` through the breaker. Rejects with `unavailable` while open, `timeout` when too slow. */
  fire<T>(operation: () => Promise<T>): Promise<T>;
  state(): BreakerState;
}

/**
 * A dependency whose breaker-like state is kept elsewhere (the OAuth issuer's keys: IssuerKeys),
 * listed and reset with the breakers. `stats` are counts since the start.
 */
export interface ExternalBreaker {
  state(): BreakerState;
  stats(): { fires: number; successes: number; failures: number; rejects: number; timeouts: number };
  /** What `POST /circuit-breakers/reset` does to it (e.g. retry at once). */
  reset(): void;
}

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

function defaultIsFailure(error: unknown): boolean {
  return !isServiceError(error) || error.code === 'unavailable' || error.code === 'timeout' || error.code === 'internal';
}

export interface BreakerRegistryOptions {
  /** Defaults for every breaker (from config). */
  defaults?: BreakerOptions;
  metrics?: Metrics;
  logger?: Logger;
}

/**
 * Get-or-create registry of named breakers; exposed to tools as `ctx.breakers`.
 *
 * @example
 * const embeddings = await ctx.breakers.fire('embeddings', () => fetch(url, { signal: ctx.signal }).then(readJson));
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, { breaker: CircuitBreaker<[() => Promise<unknown>], unknown>; handle: Breaker }>();
  private readonly external = new Map<string, { source: ExternalBreaker; last: BreakerState }>();
  private readonly defaults: BreakerOptions;
  private readonly metrics: Metrics | undefined;
  private readonly logger: Logger | undefined;

  constructor({ defaults = {}, metrics, logger }: BreakerRegistryOptions = {}) {
    this.defaults = defaults;
    this.metrics = metrics;
    this.logger = logger;
  }

  /** The breaker called `name`, created with `options` (over the defaults) on first use. */
  get(name: string, options: BreakerOptions = {}): Breaker {
    const existing = this.breakers.get(name);
    if (existing) return existing.handle;
    const {
      failureThresholdPercent = 50,
      volumeThreshold = 5,
      resetTimeoutMs = 30_000,
      timeoutMs = 10_000,
      isFailure = defaultIsFailure,
    } = { ...this.defaults, ...options };
    const breaker = new CircuitBreaker<[() => Promise<unknown>], unknown>((operation) => operation(), {
      name,
      timeout: timeoutMs,
      errorThresholdPercentage: failureThresholdPercent,
      volumeThreshold,
      resetTimeout: resetTimeoutMs,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      // opossum's filter says which errors do NOT count.
      errorFilter: (error: unknown) => !isFailure(error),
    });
    const report = (state: BreakerState) => {
      this.metrics?.circuitBreakerState.set({ breaker: name }, STATE_VALUE[state]);
      if (state === 'open') this.logger?.warn(`circuit breaker ${name} opened: calls fail fast until it recovers`, { breaker: name });
      else if (state === 'closed') this.logger?.info(`circuit breaker ${name} closed`, { breaker: name });
    };
    breaker.on('open', () => report('open'));
    breaker.on('halfOpen', () => report('half_open'));
    breaker.on('close', () => report('closed'));
    this.metrics?.circuitBreakerState.set({ breaker: name }, 0);
    const handle: Breaker = {
      name,
      fire: <T>(operation: () => Promise<T>) =>
        (breaker.fire(operation) as Promise<T>).catch((error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code;
          if (code === 'EOPENBREAKER')
            throw new ServiceError('unavailable', `${name} is unavailable (circuit open); retry later`, {
              cause: error,
              data: { dependency: name, circuit: 'open' },
            });
          if (code === 'ETIMEDOUT' && !isServiceError(error))
            throw new ServiceError('timeout', `${name} did not answer in time`, { cause: error, data: { dependency: name } });
          throw error;
        }),
      state: () => stateOf(breaker),
    };
    this.breakers.set(name, { breaker, handle });
    return handle;
  }

  /**
   * Lists `source` as the breaker `name` (GET /circuit-breakers, /status, the state gauge) and
   * resets it with the others. Returns the function to call when its state may have changed: it
   * updates the gauge and logs the transition like any breaker's.
   */
  register(name: string, source: ExternalBreaker): () => void {
    const entry = { source, last: source.state() };
    this.external.set(name, entry);
    this.metrics?.circuitBreakerState.set({ breaker: name }, STATE_VALUE[entry.last]);
    return () => this.observe(name);
  }

  private observe(name: string): BreakerState | undefined {
    const entry = this.external.get(name);
    if (!entry) return undefined;
    const state = entry.source.state();
    if (state !== entry.last) {
      entry.last = state;
      this.metrics?.circuitBreakerState.set({ breaker: name }, STATE_VALUE[state]);
      if (state === 'open') this.logger?.warn(`circuit breaker ${name} opened: calls fail fast until it recovers`, { breaker: name });
      else if (state === 'closed') this.logger?.info(`circuit breaker ${name} closed`, { breaker: name });
    }
    return state;
  }

  /** Runs `operation` through the breaker called `name` (created on first use). */
  fire<T>(name: string, operation: () => Promise<T>): Promise<T> {
    return this.get(name).fire(operation);
  }

  /** Every breaker's state and rolling counts, for `GET /circuit-breakers` and `/status`. */
  snapshot(): Record<
    string,
    { state: BreakerState; stats: { fires: number; successes: number; failures: number; rejects: number; timeouts: number } }
  > {
    const out: ReturnType<BreakerRegistry['snapshot']> = {};
    for (const [name, { breaker }] of this.breakers) {
      const s = breaker.stats;
      out[name] = {
        state: stateOf(breaker),
        stats: { fires: s.fires, successes: s.successes, failures: s.failures, rejects: s.rejects, timeouts: s.timeouts },
      };
    }
    for (const [name, { source }] of this.external) out[name] = { state: this.observe(name)!, stats: source.stats() };
    return out;
  }

  /** Closes the named breaker (or all); returns the names reset. */
  reset(name?: string): string[] {
    const all = [...this.breakers.keys(), ...this.external.keys()];
    const names = name === undefined ? all : all.includes(name) ? [name] : [];
    for (const n of names) {
      const external = this.external.get(n);
      if (external) {
        external.source.reset();
        this.observe(n);
      } else this.breakers.get(n)!.breaker.close();
    }
    return names;
  }

  /** Stops the breakers' timers (shutdown). */
  shutdown(): void {
    for (const { breaker } of this.breakers.values()) breaker.shutdown();
  }
}

function stateOf(breaker: CircuitBreaker<[() => Promise<unknown>], unknown>): BreakerState {
  return breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
}
