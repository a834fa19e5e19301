/**
 * The signing keys of the OAuth issuer, kept so that an issuer outage degrades service instead of
 * locking every caller out:
 *
 * - keys are fetched once (the JWKS URL from OAUTH_JWKS_URL or the issuer's metadata) and are fresh
 *   for `maxAgeMs`; after that they are refreshed in the background while the last good keys keep
 *   verifying tokens, for up to `staleMaxMs` more;
 * - one fetch at a time (single flight), whatever the number of requests waiting;
 * - a failed discovery or fetch is remembered: the next attempt waits `retryMinMs`, doubling up to
 *   `retryMaxMs`, and requests meanwhile fail at once with `unavailable` instead of each trying the
 *   issuer (a blackholed issuer would otherwise cost every request the fetch timeout);
 * - an unknown `kid` refetches (key rotation) at most once per `rotationCooldownMs`.
 *
 * The clock is injectable so tests can step past the cache age without waiting.
 *
 * The same state, read as a circuit breaker (`breakerState`, listed as `oauth_issuer` by
 * `GET /circuit-breakers`, `/status` and `mcp_circuit_breaker_state`): `open` while the issuer is
 * failing, no fresh keys are held and the backoff has not run out (requests do not contact it);
 * `half_open` once the backoff has run out or while the retry is in flight; `closed` otherwise.
 * Resetting it (`retryNow`) ends the backoff and fetches at once.
 */
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { ServiceError } from '../errors.js';
import { loadJose } from './jose.js';

export interface IssuerKeysOptions {
  /** OAUTH_ISSUER. */
  issuer: string;
  /** OAUTH_JWKS_URL; else discovered from the issuer's metadata, else `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Production: refuse a JWKS URL (configured or discovered) that is not https:// (loopback excepted). */
  requireHttps?: boolean;
  /** How long fetched keys are fresh. Default 10 minutes. */
  maxAgeMs?: number;
  /** How long past freshness the last good keys are still used while the issuer cannot be reached. Default 24 h. */
  staleMaxMs?: number;
  /** First wait after a failed fetch; doubles per failure. Default 1 s. */
  retryMinMs?: number;
  /** Longest wait between attempts. Default 60 s. */
  retryMaxMs?: number;
  /** Least time between refetches for an unknown `kid`. Default 30 s. */
  rotationCooldownMs?: number;
  /** Timeout of one HTTP request to the issuer. Default 5 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Told about every failed attempt (for logs), with a message safe to log. */
  onFailure?: (message: string) => void;
}

/** What the keys look like now: `fresh`, `stale` (issuer unreachable, last good keys in use), `unavailable`, or `unknown` before the first fetch. */
export type IssuerKeysStatus = 'unknown' | 'fresh' | 'stale' | 'unavailable';

export interface IssuerKeysState {
  status: IssuerKeysStatus;
  /** When the keys in use were fetched (ms since epoch). */
  fetchedAt?: number;
  /** Failed attempts since the last success. */
  failures: number;
  /** No attempt before this time (ms since epoch). */
  nextAttemptAt?: number;
  lastError?: string;
}

/** The keys' state as a circuit breaker (see the module comment). */
export type IssuerBreakerState = 'closed' | 'half_open' | 'open';

/** Counts since the start, in the shape of the breakers' rolling counts. */
export interface IssuerBreakerStats {
  /** Fetches of the issuer's keys (discovery and JWKS: one attempt). */
  fires: number;
  successes: number;
  failures: number;
  /** Requests answered `unavailable` without contacting the issuer (backoff). */
  rejects: number;
  /** Attempts that ended at the fetch timeout. */
  timeouts: number;
}

/** The issuer's keys could not be had: the caller is not at fault (503, retryable). */
export function issuerUnavailable(): ServiceError {
  return new ServiceError('unavailable', 'The authorization server cannot be reached to verify the token');
}

function isHttpsOrLoopback(url: URL): boolean {
  return (
    url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  );
}

export class IssuerKeys {
  private readonly options: Required<Omit<IssuerKeysOptions, 'jwksUrl' | 'onFailure'>> & Pick<IssuerKeysOptions, 'jwksUrl' | 'onFailure'>;
  private keys: JWTVerifyGetKey | undefined;
  private fetchedAt: number | undefined;
  private discoveredUrl: string | undefined;
  private inflight: Promise<void> | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastError: string | undefined;
  private lastRotationFetch = Number.NEGATIVE_INFINITY;
  private readonly counts: IssuerBreakerStats = { fires: 0, successes: 0, failures: 0, rejects: 0, timeouts: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(options: IssuerKeysOptions) {
    this.options = {
      requireHttps: false,
      maxAgeMs: 600_000,
      staleMaxMs: 86_400_000,
      retryMinMs: 1_000,
      retryMaxMs: 60_000,
      rotationCooldownMs: 30_000,
      timeoutMs: 5_000,
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      ...options,
    };
  }

  /** A key resolver for `jwtVerify`. Rejects with `unavailable` when no usable keys can be had. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    await this.usableKeys();
    try {
      return await this.keys!(header, token);
    } catch (error) {
      if (!(error instanceof (await loadJose()).errors.JWKSNoMatchingKey)) throw error;
      // A key the issuer rotated in since the last fetch: look once, not per token.
      const now = this.options.now();
      if (now - this.lastRotationFetch < this.options.rotationCooldownMs || now < this.nextAttemptAt) throw error;
      this.lastRotationFetch = now;
      await this.refresh().catch(() => undefined);
      return this.keys!(header, token);
    }
  };

  /** The state, for /ready, /status and logs. */
  state(): IssuerKeysState {
    const now = this.options.now();
    let status: IssuerKeysStatus;
    if (this.fetchedAt === undefined) status = this.failures > 0 ? 'unavailable' : 'unknown';
    else if (now - this.fetchedAt <= this.options.maxAgeMs) status = 'fresh';
    else if (now - this.fetchedAt <= this.options.maxAgeMs + this.options.staleMaxMs) status = this.failures > 0 ? 'stale' : 'fresh';
    else status = 'unavailable';
    return {
      status,
      ...(this.fetchedAt !== undefined ? { fetchedAt: this.fetchedAt } : {}),
      failures: this.failures,
      ...(this.failures > 0 ? { nextAttemptAt: this.nextAttemptAt } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** The state as a circuit breaker: see the module comment. */
  breakerState(): IssuerBreakerState {
    if (this.failures === 0) return 'closed';
    if (this.inflight !== undefined) return 'half_open';
    const now = this.options.now();
    if (this.fetchedAt !== undefined && now - this.fetchedAt <= this.options.maxAgeMs) return 'closed';
    return now < this.nextAttemptAt ? 'open' : 'half_open';
  }

  /** Attempts, successes, failures, backoff refusals and timeouts since the start. */
  breakerStats(): IssuerBreakerStats {
    return { ...this.counts };
  }

  /** Ends the backoff and fetches now (a breaker reset); never rejects. */
  retryNow(): Promise<void> {
    this.nextAttemptAt = 0;
    return this.refresh().catch(() => undefined);
  }

  /** Calls `listener` whenever an attempt starts or ends (the breaker state may have changed); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Fetches the keys now unless a fetch is running or the backoff forbids it; never rejects. */
  warm(): Promise<void> {
    if (this.options.now() < this.nextAttemptAt) return Promise.resolve();
    return this.refresh().catch(() => undefined);
  }

  private async usableKeys(): Promise<void> {
    const now = this.options.now();
    const age = this.fetchedAt === undefined ? Number.POSITIVE_INFINITY : now - this.fetchedAt;
    if (age <= this.options.maxAgeMs) return;
    if (age <= this.options.maxAgeMs + this.options.staleMaxMs) {
      // Stale but usable: refresh in the background, verify with what we have.
      if (now >= this.nextAttemptAt) void this.refresh().catch(() => undefined);
      return;
    }
    if (now < this.nextAttemptAt) {
      this.counts.rejects++;
      throw issuerUnavailable();
    }
    try {
      await this.refresh();
    } catch {
      throw issuerUnavailable();
    }
  }

  private refresh(): Promise<void> {
    if (this.inflight === undefined) {
      this.counts.fires++;
      this.inflight = this.fetchKeys().finally(() => {
        this.inflight = undefined;
        this.changed();
      });
      this.changed();
    }
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    try {
      const url = this.options.jwksUrl ?? (this.discoveredUrl ??= await this.discover());
      const parsed = new URL(url);
      if (this.options.requireHttps && !isHttpsOrLoopback(parsed))
        throw new Error(`the JWKS URL ${parsed.origin} is not https:// (refused in production)`);
      const response = await this.get(url);
      if (!response.ok) throw new Error(`JWKS: HTTP ${response.status}`);
      const body = await response.json();
      if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys))
        throw new Error('JWKS: the document has no keys array');
      this.keys = (await loadJose()).createLocalJWKSet(body as JSONWebKeySet);
      this.fetchedAt = this.options.now();
      this.failures = 0;
      this.nextAttemptAt = 0;
      this.lastError = undefined;
      this.counts.successes++;
    } catch (error) {
      this.counts.failures++;
      if (error instanceof Error && error.name === 'TimeoutError') this.counts.timeouts++;
      // A discovered URL that failed is looked up again next time (the issuer may have moved it).
      if (this.options.jwksUrl === undefined) this.discoveredUrl = undefined;
      this.failures++;
      const wait = Math.min(this.options.retryMaxMs, this.options.retryMinMs * 2 ** Math.min(this.failures - 1, 30));
      this.nextAttemptAt = this.options.now() + wait;
      this.lastError = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      this.options.onFailure?.(`the issuer's signing keys could not be fetched (${this.lastError}); next attempt in ${wait} ms`);
      throw error;
    }
  }

  private get(url: string): Promise<Response> {
    return this.options.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs),
      redirect: 'error',
    });
  }

  /** Finds the JWKS URL from the issuer's metadata (OpenID Connect discovery, then RFC 8414). */
  private async discover(): Promise<string> {
    const { issuer } = this.options;
    const base = issuer.replace(/\/+$/, '');
    const url = new URL(issuer);
    const path = url.pathname.replace(/\/+$/, '');
    const candidates = [`${base}/.well-known/openid-configuration`, `${url.origin}/.well-known/oauth-authorization-server${path}`];
    for (const candidate of candidates) {
      const response = await this.get(candidate);
      if (response.status >= 500) throw new Error(`authorization server metadata: HTTP ${response.status}`);
      if (!response.ok) continue;
      const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      // RFC 8414 §3.3: metadata whose issuer differs from the configured one must not be used.
      if (metadata.issuer !== issuer) throw new Error('authorization server metadata names a different issuer');
      if (typeof metadata.jwks_uri === 'string' && URL.canParse(metadata.jwks_uri)) return metadata.jwks_uri;
    }
    return `${base}/.well-known/jwks.json`;
  }
}
