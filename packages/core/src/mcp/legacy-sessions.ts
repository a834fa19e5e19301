/**
 * 2025-era MCP sessions (Streamable HTTP, protocol 2025-03-26 … 2025-11-25), kept in the shared
 * store so every replica serves every session. On only where LEGACY_SESSIONS says so (default
 * `auto`: services that declare a subscribable resource); elsewhere 2025-era traffic stays stateless.
 *
 * - `initialize` creates a session — at most LEGACY_SESSIONS_PER_CLIENT live ones per client
 *   across replicas (a slot set `mcp-session-quota:<service>:<client>`; past it 429
 *   `quota_exceeded` + `Retry-After`) — with a random 256-bit id (base64url) answered in `Mcp-Session-Id`,
 *   stored as a hash `mcp-session:<service>:<id>` with the owner's client id, the protocol version,
 *   created / last-seen times and the subscribed URIs (`sub:<uri>` fields); TTL LEGACY_SESSION_TTL_MS,
 *   slid by every request and by the open GET stream.
 * - Every later 2025-era request (POST, GET, DELETE) must carry the id: missing → 400; unknown,
 *   expired, terminated — or owned by another client — → 404 `Session not found` (the client
 *   re-initializes). Another client's id is indistinguishable from an unknown one: no oracle.
 * - `DELETE /mcp` ends the session (204) everywhere; the replica holding its GET stream ends it.
 * - `GET /mcp` opens the session's SSE stream (one per session across replicas: a second → 409;
 *   open streams per client on this replica, both eras together: OPEN_STREAMS_PER_CLIENT → 429)
 *   carrying `notifications/resources/updated` for the session's subscriptions. It watches the
 *   ResourceSubscriptions hub, so an update announced on any replica reaches it.
 * - `resources/subscribe` / `resources/unsubscribe` are admitted here (subscribable URI, the
 *   resource's permission: HTTP 403 like the 2026-07-28 path) and recorded by the SDK lane's
 *   handlers through `subscribe` / `unsubscribe` (at most maxUrisPerStream URIs per session).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadSdk, sdkIfLoaded } from './sdk.js';
import { quotaSubject, type Identity } from '../auth/identity.js';
import { currentScope } from '../context.js';
import { quotaExceeded, ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { OpenStreams } from './open-streams.js';
import { isRecord, LEGACY_PROTOCOL_VERSIONS } from './protocol.js';
import type { ResourceSubscriptions } from './subscriptions.js';

export type LegacySessionsSetting = 'auto' | 'on' | 'off';

/** Whether 2025-era sessions are on for a service: `auto` means "it has a subscribable resource". */
export function legacySessionsEnabled(setting: LegacySessionsSetting, hasSubscribableResource: boolean): boolean {
  return setting === 'on' || (setting === 'auto' && hasSubscribableResource);
}

export interface LegacySessionsOptions {
  service: string;
  store: Store;
  logger: Logger;
  /** Sliding lifetime of an idle session. */
  ttlMs: number;
  /** The resource subscription hub; absent when nothing is subscribable (sessions carry no updates). */
  subscriptions?: ResourceSubscriptions;
  /** Subscribed URIs one session may hold. */
  maxSubscriptionsPerSession?: number;
  /** Open GET streams on this replica. */
  maxStreams?: number;
  /** Live sessions one client may hold (all replicas); default 100. */
  maxSessionsPerClient?: number;
  /** Open streams per client on this replica, shared with subscriptions/listen; default 8 per client. */
  openStreams?: OpenStreams;
  /** Interval of SSE keep-alive comments (each also slides the session's TTL). */
  keepAliveMs?: number;
}

export interface LegacySessionStats {
  /** Open GET streams on this replica. */
  streams: number;
}

/** What the pipeline does next with a request after `gate`. */
export type GateOutcome =
  /** Answered here (GET stream, DELETE): nothing more to do. */
  | { handled: true }
  /** Continue to the MCP lanes; `sessionId` is the validated session (absent: not a session request). */
  | { handled: false; sessionId?: string };

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const MAX_URI_LENGTH = 2048;
const SUB_PREFIX = 'sub:';

interface OpenStream {
  res: ServerResponse;
  /** Ends the stream; `closeConnection`: also close its connection once the end is flushed (shutdown). */
  end: (closeConnection?: boolean) => void;
}

export class LegacySessions {
  private readonly streams = new Map<string, OpenStream>();
  private readonly maxSubscriptions: number;
  private readonly maxStreams: number;
  private readonly maxSessionsPerClient: number;
  private readonly openStreams: OpenStreams;
  private readonly keepAliveMs: number;
  /** Identifies this replica's claims on GET streams. */
  private readonly replica = randomBytes(12).toString('base64url');
  private closed = false;

  constructor(private readonly options: LegacySessionsOptions) {
    this.maxSubscriptions = options.maxSubscriptionsPerSession ?? 32;
    this.maxStreams = options.maxStreams ?? 1000;
    this.maxSessionsPerClient = options.maxSessionsPerClient ?? 100;
    this.openStreams = options.openStreams ?? new OpenStreams(8);
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
  }

  /** Whether initialize advertises `resources.subscribe` to the 2025 era. */
  get subscribable(): boolean {
    return this.options.subscriptions !== undefined;
  }

  stats(): LegacySessionStats {
    return { streams: this.streams.size };
  }

  private key(sessionId: string): string {
    return `mcp-session:${this.options.service}:${sessionId}`;
  }

  /** The slot set counting a client's live sessions. */
  private quotaKey(identity: Identity): string {
    return `mcp-session-quota:${this.options.service}:${quotaSubject(identity)}`;
  }

  private streamKey(sessionId: string): string {
    return `mcp-session-stream:${this.options.service}:${sessionId}`;
  }

  /**
   * Runs for every authenticated /mcp request. Modern (2026-07-28) traffic passes untouched.
   * A 2025-era initialize gets a new session; anything else 2025-era needs a valid one.
   */
  async gate(req: IncomingMessage, res: ServerResponse, identity: Identity, message: unknown): Promise<GateOutcome> {
    const httpMethod = req.method ?? 'GET';
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const protocolVersionHeader = header('mcp-protocol-version');
    const mcpMethodHeader = header('mcp-method');
    const mcpNameHeader = header('mcp-name');
    const { classifyInboundRequest } = sdkIfLoaded() ?? (await loadSdk());
    const outcome = classifyInboundRequest({
      httpMethod,
      ...(protocolVersionHeader === undefined ? {} : { protocolVersionHeader }),
      ...(mcpMethodHeader === undefined ? {} : { mcpMethodHeader }),
      ...(mcpNameHeader === undefined ? {} : { mcpNameHeader }),
      ...(message === undefined ? {} : { body: message }),
    });
    if (outcome.kind !== 'legacy') return { handled: false };
    if (httpMethod === 'POST' && isRecord(message) && message.method === 'initialize') {
      await this.create(res, identity, message);
      return { handled: false };
    }
    const sessionId = await this.validate(req, identity);
    // Tracing: a request refused from here on (a subscribe's URI or permission) is in this session.
    const telemetry = currentScope()?.telemetry;
    if (telemetry) telemetry.sessionId = sessionId;
    if (httpMethod === 'DELETE') {
      await this.terminate(sessionId, identity);
      res.writeHead(204);
      res.end();
      return { handled: true };
    }
    if (httpMethod === 'GET') {
      await this.openStream(req, res, sessionId, identity);
      return { handled: true };
    }
    for (const m of Array.isArray(message) ? message : [message]) {
      if (!isRecord(m) || (m.method !== 'resources/subscribe' && m.method !== 'resources/unsubscribe')) continue;
      const uri = isRecord(m.params) ? m.params.uri : undefined;
      if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_URI_LENGTH)
        throw new ServiceError('invalid_params', `Invalid params: ${m.method} needs params.uri, a resource URI`);
      if (m.method === 'resources/subscribe' && this.options.subscriptions) this.options.subscriptions.authorize(uri, identity);
    }
    return { handled: false, sessionId };
  }

  /** Records a subscription of the session (called by the SDK lane's resources/subscribe handler). */
  async subscribe(sessionId: string, uri: string): Promise<void> {
    const key = this.key(sessionId);
    const session = await this.options.store.hashGetAll(key);
    if (!session?.owner) throw new ServiceError('not_found', 'Session not found');
    const field = SUB_PREFIX + uri;
    if (session[field] === undefined) {
      const held = Object.keys(session).filter((name) => name.startsWith(SUB_PREFIX)).length;
      if (held >= this.maxSubscriptions) {
        throw new ServiceError(
          'invalid_params',
          `Invalid params: at most ${this.maxSubscriptions} resource subscriptions per session; unsubscribe from one first`,
          { data: { limit: this.maxSubscriptions } },
        );
      }
    }
    await this.options.store.hashSet(key, { [field]: '1' }, { ttlMs: this.options.ttlMs });
  }

  /** Removes a subscription of the session (unknown URIs: nothing to do). */
  async unsubscribe(sessionId: string, uri: string): Promise<void> {
    await this.options.store.hashDelete(this.key(sessionId), [SUB_PREFIX + uri]);
  }

  /** Ends every GET stream on this replica (shutdown: clients reconnect, perhaps elsewhere). */
  close(): void {
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.end(true);
  }

  private async create(res: ServerResponse, identity: Identity, message: Record<string, unknown>): Promise<void> {
    if (this.closed)
      throw new ServiceError('shutting_down', 'The service is shutting down; initialize again (another replica may serve you)');
    const requested = isRecord(message.params) ? message.params.protocolVersion : undefined;
    const protocolVersion =
      typeof requested === 'string' && LEGACY_PROTOCOL_VERSIONS.includes(requested) ? requested : LEGACY_PROTOCOL_VERSIONS[0]!;
    const sessionId = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    const quotaKey = this.quotaKey(identity);
    if (!(await this.options.store.slotAcquire(quotaKey, sessionId, { ttlMs: this.options.ttlMs, limit: this.maxSessionsPerClient }))) {
      throw quotaExceeded(
        'legacy_sessions_per_client',
        this.maxSessionsPerClient,
        `this client already holds ${this.maxSessionsPerClient} live sessions; end one (DELETE /mcp) or let one expire`,
      );
    }
    await this.options.store.hashSet(
      this.key(sessionId),
      { owner: identity.clientId, protocolVersion, createdAt: now, lastSeenAt: now },
      { ttlMs: this.options.ttlMs },
    );
    res.setHeader('mcp-session-id', sessionId);
    // A refused initialize (bad params, unsupported shape) leaves no session behind.
    res.once('finish', () => {
      if (res.statusCode < 200 || res.statusCode >= 300) {
        void this.options.store.delete(this.key(sessionId)).catch(() => undefined);
        void this.options.store.slotRelease(quotaKey, sessionId).catch(() => undefined);
      }
    });
  }

  /** The request's session id once it names a live session of this client; else 400 / 404. Slides the TTL. */
  private async validate(req: IncomingMessage, identity: Identity): Promise<string> {
    const sessionId = req.headers['mcp-session-id'];
    if (sessionId === undefined || sessionId === '')
      throw new ServiceError('invalid_request', 'Bad Request: Mcp-Session-Id header is required (send initialize first)');
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId))
      throw new ServiceError('not_found', 'Session not found; initialize a new session');
    const key = this.key(sessionId);
    const owner = await this.options.store.hashGet(key, 'owner');
    if (owner === undefined || owner !== identity.clientId) {
      if (owner !== undefined) this.options.logger.info('2025-era session used by another client', { client: identity.clientId });
      throw new ServiceError('not_found', 'Session not found; initialize a new session');
    }
    await Promise.all([
      this.options.store.hashSet(key, { lastSeenAt: new Date().toISOString() }, { ttlMs: this.options.ttlMs }),
      // The session's place in its owner's quota slides with it.
      this.options.store.slotAcquire(this.quotaKey(identity), sessionId, { ttlMs: this.options.ttlMs }),
    ]);
    return sessionId;
  }

  private async terminate(sessionId: string, identity: Identity): Promise<void> {
    await this.options.store.delete(this.key(sessionId));
    await this.options.store.slotRelease(this.quotaKey(identity), sessionId);
    this.streams.get(sessionId)?.end();
    await this.options.subscriptions?.announceSessionEnded(sessionId);
  }

  private async openStream(req: IncomingMessage, res: ServerResponse, sessionId: string, identity: Identity): Promise<void> {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('text/event-stream'))
      throw new ServiceError('not_acceptable', 'Not Acceptable: the GET stream needs Accept: text/event-stream');
    if (this.closed) throw new ServiceError('shutting_down', 'The service is shutting down; reconnect (another replica may serve you)');
    if (this.streams.has(sessionId)) throw new ServiceError('conflict', 'Conflict: this session already has an open GET stream');
    if (this.streams.size >= this.maxStreams)
      throw new ServiceError('rate_limited', `Too many open session streams on this server (limit ${this.maxStreams}); try again later`, {
        data: { limit: this.maxStreams },
        headers: { 'Retry-After': '10' },
      });
    const releaseQuota = this.openStreams.acquire(identity);
    const { store, logger, ttlMs } = this.options;
    const claimKey = this.streamKey(sessionId);
    const claim = `${this.replica}:${randomBytes(8).toString('base64url')}`;
    const claimTtl = this.keepAliveMs * 3;
    let claimed = false;
    try {
      claimed = await store.setIfAbsent(claimKey, claim, { ttlMs: claimTtl });
    } finally {
      if (!claimed) releaseQuota();
    }
    if (!claimed) throw new ServiceError('conflict', 'Conflict: this session already has an open GET stream');
    const quotaKey = this.quotaKey(identity);
    let ended = false;
    const keepAlive: { timer?: NodeJS.Timeout } = {};
    let unwatch: (() => void) | undefined;
    // Updates are delivered in order: each waits for the previous one's subscription check.
    let queue = Promise.resolve();
    const end = (closeConnection = false) => {
      if (ended) return;
      ended = true;
      releaseQuota();
      clearInterval(keepAlive.timer);
      unwatch?.();
      this.streams.delete(sessionId);
      void store.compareAndDelete(claimKey, claim).catch(() => undefined);
      // Before the headers went out the pipeline answers (the error thrown below).
      if (res.headersSent && !res.writableEnded) res.end(closeConnection ? () => res.socket?.destroy() : undefined);
    };
    this.streams.set(sessionId, { res, end });
    res.once('close', () => end());
    if (this.options.subscriptions) {
      try {
        const remove = await this.options.subscriptions.watch((event) => {
          if (event.endedSession !== undefined) {
            if (event.endedSession === sessionId) end();
            return;
          }
          const uri = event.uri!;
          queue = queue.then(async () => {
            if (ended) return;
            try {
              const subscribed = await store.hashGet(this.key(sessionId), SUB_PREFIX + uri);
              if (subscribed === undefined || ended) return;
              res.write(
                `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } })}\n\n`,
              );
            } catch (error) {
              logger.warn('resource update not delivered to a 2025-era session: store unavailable', {
                error: error instanceof Error ? error.message : String(error),
              });
            }
          });
        });
        if (ended) remove();
        else unwatch = remove;
      } catch (error) {
        end();
        throw error;
      }
    }
    if (ended) throw new ServiceError('shutting_down', 'The service is shutting down; reconnect (another replica may serve you)');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'mcp-session-id': sessionId });
    res.flushHeaders();
    const timer = setInterval(() => {
      if (ended) return;
      res.write(': keep-alive\n\n');
      // The open stream keeps the session alive; a session ended elsewhere (or expired) ends it.
      void store
        .expire(this.key(sessionId), ttlMs)
        .then(async (alive) => {
          if (!alive) return end();
          await Promise.all([store.set(claimKey, claim, { ttlMs: claimTtl }), store.slotAcquire(quotaKey, sessionId, { ttlMs })]);
        })
        .catch(() => undefined);
    }, this.keepAliveMs);
    timer.unref();
    keepAlive.timer = timer;
  }
}
