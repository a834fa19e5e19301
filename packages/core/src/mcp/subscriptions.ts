/**
 * Resource subscriptions for 2026-07-28 clients (`subscriptions/listen`).
 *
 * The SDK's entry serves a `subscriptions/listen` request as a long-lived SSE stream fed by a
 * `ServerEventBus`; it filters events by the URIs the client named and stamps the subscription id.
 * This module is everything around it:
 *
 * - **Admission** (before the SDK sees the request): every URI must name a subscribable resource
 *   (`invalid_params`), the caller needs that resource's permission (403 `insufficient_scope`, as
 *   for tools), a client may hold a bounded number of open streams (OPEN_STREAMS_PER_CLIENT,
 *   counted with its 2025-era GET streams: `quota_exceeded`, 429 + `Retry-After`) naming a
 *   bounded number of URIs (`invalid_params`), and the replica a bounded total (`rate_limited`).
 * - **Fan-out across replicas**: `notifyUpdated(uri)` appends to one store stream per service;
 *   every replica with at least one open listen stream tails it and publishes onto the SDK's
 *   in-process bus. With the memory store that is one process; with Redis every replica sharing
 *   the key prefix sees every update. A replica without listeners runs no tail (no Redis
 *   connection held).
 * - **Cleanup**: a stream's bookkeeping is released when its HTTP response closes (client gone,
 *   `close()`, shutdown); the SDK removes its bus listener on the same abort.
 *
 * 2025-era clients subscribe with `resources/subscribe` inside an MCP session (legacy-sessions.ts,
 * LEGACY_SESSIONS): their session's GET stream is a *watcher* of this hub — it gets every entry
 * of the update stream (and the session-ended markers other replicas append) and keeps the tail
 * running like an open listen stream does. With sessions off the legacy era does not advertise
 * `resources.subscribe` and `resources/subscribe` answers "method not found".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo, InMemoryServerEventBus, ServerEventBus } from '@modelcontextprotocol/server';
import { sdk } from './sdk.js';
import { hasPermission, type Identity } from '../auth/identity.js';
import type { Challenge } from '../auth/challenge.js';
import { insufficientScope } from '../auth/guards.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { OpenStreams } from './open-streams.js';
import { isRecord } from './protocol.js';
import type { ResourceCatalog } from './resources.js';
import type { ResourceNotifier } from '../tool.js';
import { fromAuthInfo } from './auth-info.js';

export type { ResourceNotifier } from '../tool.js';

/** Bounds on subscriptions, per replica (open streams per client: `OpenStreams`). */
export interface SubscriptionLimits {
  /** Resource URIs one listen request may name. */
  maxUrisPerStream: number;
  /** Open listen streams in total. */
  maxStreams: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { maxUrisPerStream: 32, maxStreams: 1000 };

/** Snapshot for /status and tests. */
export interface SubscriptionStats {
  /** Admitted listen streams whose response is still open. */
  streams: number;
  /** Listeners registered on the SDK bus (one per acknowledged stream). */
  listeners: number;
  /** Distinct clients holding streams. */
  clients: number;
  /** Whether this replica is tailing the update stream. */
  tailing: boolean;
}

/** One entry of the update stream, as a watcher sees it: a changed URI, or a session that ended. */
export interface UpdateEvent {
  uri?: string;
  /** A 2025-era session id terminated on some replica (DELETE): its GET stream ends. */
  endedSession?: string;
}

export interface ResourceSubscriptionsOptions {
  service: string;
  store: Store;
  logger: Logger;
  resources: ResourceCatalog;
  limits?: Partial<SubscriptionLimits>;
  /** Open streams per client, shared with the 2025-era GET streams; default 8 per client. */
  openStreams?: OpenStreams;
  challenge?: Challenge;
}

/** Updates kept in the shared stream: a replica that falls further behind than this skips some. */
const UPDATE_STREAM_MAX = 1000;
const UPDATE_STREAM_TTL_MS = 10 * 60_000;
const TAIL_BLOCK_MS = 10_000;
const MAX_URI_LENGTH = 2048;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function isListen(message: unknown): message is { id: unknown; params?: unknown } {
  return isRecord(message) && message.method === 'subscriptions/listen' && 'id' in message;
}

/**
 * The event bus is the MCP SDK's, created on first use of `bus` (the SDK lane, built after
 * `await loadSdk()` from ./sdk.js): a service with subscribable resources does not load the SDK
 * before its first SDK-lane request (issue #17).
 */
export class ResourceSubscriptions implements ResourceNotifier {
  readonly limits: SubscriptionLimits;
  private local: InMemoryServerEventBus | undefined;
  private readonly key: string;
  private readonly open = new Set<ServerResponse>();
  /** Listen streams per client (for stats; the quota is `openStreams`, shared with GET streams). */
  private readonly perClient = new Map<string, number>();
  readonly openStreams: OpenStreams;
  private readonly watchers = new Set<(event: UpdateEvent) => void>();
  private tail: { abort: AbortController; ready: Promise<void> } | undefined;
  private closed = false;

  constructor(private readonly options: ResourceSubscriptionsOptions) {
    this.limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.limits };
    this.openStreams = options.openStreams ?? new OpenStreams(8);
    this.key = `mcp-resource-updates:${options.service}`;
  }

  /** Hand to createMcpHandler's `bus`; needs the SDK loaded. */
  get bus(): ServerEventBus {
    return (this.local ??= new (sdk().InMemoryServerEventBus)((error) =>
      this.options.logger.warn('subscription listener failed', { error: error.message }),
    ));
  }

  async notifyUpdated(uri: string): Promise<void> {
    if (this.options.resources.subscriptionPermission(uri) === undefined) {
      this.options.logger.debug('notifyUpdated for a URI nobody can subscribe to', { uri: uri.slice(0, 200) });
      return;
    }
    try {
      await this.options.store.streamAppend(this.key, { uri }, { maxLength: UPDATE_STREAM_MAX, ttlMs: UPDATE_STREAM_TTL_MS });
    } catch (error) {
      this.options.logger.warn('resource update notification lost: store unavailable', {
        uri: uri.slice(0, 200),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  stats(): SubscriptionStats {
    return {
      streams: this.open.size,
      listeners: this.local?.listenerCount ?? 0,
      clients: this.perClient.size,
      tailing: this.tail !== undefined,
    };
  }

  /**
   * Checks a request before the SDK serves it; only `subscriptions/listen` requests are looked at.
   * Throws a ServiceError to refuse. When admitted, the stream is counted until `res` closes.
   */
  async admit(req: IncomingMessage, res: ServerResponse, message: unknown): Promise<void> {
    if (Array.isArray(message)) {
      if (message.some(isListen))
        throw new ServiceError('invalid_request', 'Invalid request: subscriptions/listen cannot be sent in a batch');
      return;
    }
    if (!isListen(message)) return;
    const notifications = isRecord(message.params) ? message.params.notifications : undefined;
    const uris = isRecord(notifications) ? notifications.resourceSubscriptions : undefined;
    // Without resource URIs there is nothing of ours to check or count: the SDK acknowledges what
    // it can honour (nothing: this fleet sends no list_changed) and ends the stream at once.
    if (uris === undefined) return;
    if (!Array.isArray(uris) || uris.some((uri) => typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_URI_LENGTH)) {
      throw new ServiceError('invalid_params', 'Invalid params: resourceSubscriptions must be an array of resource URIs');
    }
    // An empty list is acknowledged with nothing honoured and ended at once by the SDK.
    if (uris.length === 0) return;
    const { maxStreams, maxUrisPerStream } = this.limits;
    if (uris.length > maxUrisPerStream) {
      throw new ServiceError('invalid_params', `Invalid params: at most ${maxUrisPerStream} resource URIs per subscription`, {
        data: { limit: maxUrisPerStream },
      });
    }
    const { identity } = fromAuthInfo((req as IncomingMessage & { auth?: AuthInfo }).auth);
    for (const uri of uris as string[]) this.authorize(uri, identity);
    if (this.closed)
      throw new ServiceError('shutting_down', 'The service is shutting down; subscribe again (another replica may serve you)');
    if (this.open.size >= maxStreams) {
      throw new ServiceError('rate_limited', `Too many open subscriptions on this server (limit ${maxStreams}); try again later`, {
        data: { limit: maxStreams },
      });
    }
    const releaseQuota = this.openStreams.acquire(identity);
    const client = identity.clientId;
    this.open.add(res);
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      releaseQuota();
      this.open.delete(res);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
      if (this.open.size === 0 && this.watchers.size === 0) this.stopTail();
    };
    res.once('close', release);
    try {
      await this.startTail();
    } catch (error) {
      res.off('close', release);
      release();
      throw new ServiceError('unavailable', 'Subscriptions are unavailable: the shared store cannot be reached; retry shortly', {
        cause: error,
      });
    }
  }

  /**
   * Throws unless `identity` may subscribe to `uri`: `invalid_params` when it names no subscribable
   * resource, 403 `insufficient_scope` without the resource's permission. Both eras use it.
   */
  authorize(uri: string, identity: Identity): void {
    const permission = this.options.resources.subscriptionPermission(uri);
    if (permission === undefined)
      throw new ServiceError('invalid_params', `Invalid params: ${uri.slice(0, 200)} is not a subscribable resource`, {
        data: { uri: uri.slice(0, 200) },
      });
    if (!hasPermission(identity, permission)) {
      const description = `Subscribing to ${uri.slice(0, 200)} needs the ${permission} permission`;
      throw insufficientScope(
        permission,
        `Subscribing to ${uri.slice(0, 200)} needs the "${permission}" permission`,
        description,
        this.options.challenge,
      );
    }
  }

  /**
   * Registers a watcher of the update stream (a 2025-era session's GET stream) and resolves, once
   * the tail is running, with the function that removes it. Rejects with `unavailable` when the
   * store cannot be reached, `shutting_down` after close().
   */
  async watch(listener: (event: UpdateEvent) => void): Promise<() => void> {
    if (this.closed) throw new ServiceError('shutting_down', 'The service is shutting down; reconnect (another replica may serve you)');
    this.watchers.add(listener);
    const remove = () => {
      if (!this.watchers.delete(listener)) return;
      if (this.open.size === 0 && this.watchers.size === 0) this.stopTail();
    };
    try {
      await this.startTail();
    } catch (error) {
      remove();
      throw new ServiceError('unavailable', 'Resource updates are unavailable: the shared store cannot be reached; retry shortly', {
        cause: error,
      });
    }
    return remove;
  }

  /** Tells every replica's watchers that a 2025-era session ended (best effort, like notifyUpdated). */
  async announceSessionEnded(sessionId: string): Promise<void> {
    try {
      await this.options.store.streamAppend(
        this.key,
        { uri: '', ended: sessionId },
        { maxLength: UPDATE_STREAM_MAX, ttlMs: UPDATE_STREAM_TTL_MS },
      );
    } catch (error) {
      this.options.logger.warn('session-ended marker lost: store unavailable', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Ends every open listen stream (shutdown: the clients listen again elsewhere) and stops tailing. */
  close(): void {
    this.closed = true;
    for (const res of [...this.open]) res.destroy();
    this.watchers.clear();
    this.stopTail();
  }

  /**
   * Starts tailing the update stream (once) and resolves when the cursor is set: every update
   * appended after that reaches the bus. The cursor is the id of a marker entry appended now, so
   * no update is missed between this call and the first blocking read.
   */
  private startTail(): Promise<void> {
    if (this.tail) return this.tail.ready;
    const abort = new AbortController();
    const ready = this.options.store
      .streamAppend(this.key, { uri: '' }, { maxLength: UPDATE_STREAM_MAX, ttlMs: UPDATE_STREAM_TTL_MS })
      .then((cursor) => {
        void this.follow(cursor, abort.signal);
      });
    const tail = { abort, ready };
    this.tail = tail;
    ready.catch(() => {
      if (this.tail === tail) this.tail = undefined;
    });
    return ready;
  }

  private stopTail(): void {
    this.tail?.abort.abort();
    this.tail = undefined;
  }

  private async follow(start: string, signal: AbortSignal): Promise<void> {
    let cursor = start;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const entries = await this.options.store.streamRead(this.key, { after: cursor, count: 100, blockMs: TAIL_BLOCK_MS, signal });
        if (failures > 0) this.options.logger.info('resource update stream reachable again');
        failures = 0;
        for (const entry of entries) {
          cursor = entry.id;
          const uri = entry.fields.uri;
          const ended = entry.fields.ended;
          if (uri) this.local?.publish({ kind: 'resource_updated', uri });
          if (uri || ended) {
            const event: UpdateEvent = uri ? { uri } : { endedSession: ended! };
            for (const watcher of [...this.watchers]) watcher(event);
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        if (failures === 0)
          this.options.logger.warn('cannot read resource updates; retrying', {
            error: error instanceof Error ? error.message : String(error),
          });
        failures++;
        await sleep(Math.min(100 * 2 ** failures, 5_000), signal);
      }
    }
  }
}
