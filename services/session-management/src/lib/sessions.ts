/**
 * Session records in the shared store. One string key per session holding its JSON record; every
 * change is a compare-and-set on the whole record, so concurrent writers on any replica never lose
 * an update. The key lives until `expires_at` plus a retention period, so an expired or terminated
 * session still answers with its status for a while before it is gone.
 */
import { randomBytes } from 'node:crypto';
import { quotaExceeded, ServiceError, type Store, z } from '@a2a-mcp/core';
import { applyMergePatch } from './merge-patch.js';

export const SESSION_STATUSES = ['active', 'suspended', 'expired', 'terminated'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const jsonObject = z.record(z.string(), z.unknown());

export const sessionRecordSchema = z.object({
  session_id: z.string(),
  owner: z.string(),
  status: z.enum(SESSION_STATUSES),
  client_info: jsonObject,
  metadata: jsonObject,
  state: jsonObject,
  ttl_seconds: z.number().int().positive(),
  created_at: z.string(),
  last_active_at: z.string(),
  expires_at: z.string(),
  version: z.number().int().positive(),
  /** Whose quota the session counts against (core's `quotaSubject` of the creator); absent in records of older versions. */
  quota_subject: z.string().optional(),
});
export type SessionRecord = z.output<typeof sessionRecordSchema>;

/** Store keys of this service. */
export const sessionKey = (id: string) => `session:${id}`;
export const STATS_KEY = 'session-stats';
/**
 * The live sessions of one client (a slot set: session id → expiry), for SESSION_MAX_PER_CLIENT.
 * A session leaves it when it expires or is terminated.
 */
export const quotaKey = (subject: string) => `session-quota:${subject}`;
/**
 * Index of active sessions for the `mcp_sessions_active` gauge: hash session id → expiry (ms).
 * Written after each successful change, pruned of expired entries when the gauge is collected.
 */
export const ACTIVE_INDEX_KEY = 'session-active';

/** How many times a write retries when another writer changed the record meanwhile. */
const MAX_CAS_ATTEMPTS = 50;

export interface SessionLimits {
  retentionSeconds: number;
  maxStateBytes: number;
  /** Live (active or suspended, not expired) sessions one client may hold. */
  maxSessionsPerClient: number;
}

/**
 * The one answer for a session the caller cannot have: an unknown or expired id, a wrong token and
 * another client's session all read the same, so guessing ids reveals nothing about which exist.
 */
export function noSuchSession(): ServiceError {
  return new ServiceError('not_found', 'no session with this id and token (it may have expired)');
}

/** A new random, URL-safe session id (128 bits). */
export function newSessionId(): string {
  return `ses_${randomBytes(16).toString('base64url')}`;
}

/** The status a reader sees: an active or suspended session past its expiry is `expired`. */
export function effectiveStatus(record: SessionRecord, now: number): SessionStatus {
  if ((record.status === 'active' || record.status === 'suspended') && Date.parse(record.expires_at) <= now) return 'expired';
  return record.status;
}

function keyTtlMs(record: SessionRecord, limits: SessionLimits, now: number): number {
  return Math.max(1, Date.parse(record.expires_at) - now) + limits.retentionSeconds * 1000;
}

function checkSize(record: SessionRecord, limits: SessionLimits): string {
  const raw = JSON.stringify(record);
  if (Buffer.byteLength(raw) > limits.maxStateBytes) {
    throw new ServiceError('invalid_arguments', `session data is larger than ${limits.maxStateBytes} bytes`, {
      data: { limit: limits.maxStateBytes },
    });
  }
  return raw;
}

const subjectOf = (record: SessionRecord) => record.quota_subject ?? record.owner;
const liveMs = (record: SessionRecord, now: number) => Math.max(1, Date.parse(record.expires_at) - now);

/**
 * Stores a new session, within its creator's quota: past `maxSessionsPerClient` live sessions it
 * is the retryable `quota_exceeded` and nothing is stored — no other session is touched.
 */
export async function insertSession(store: Store, record: SessionRecord, limits: SessionLimits, now: number): Promise<void> {
  const raw = checkSize(record, limits);
  const slots = quotaKey(subjectOf(record));
  if (!(await store.slotAcquire(slots, record.session_id, { ttlMs: liveMs(record, now), limit: limits.maxSessionsPerClient }))) {
    throw quotaExceeded(
      'sessions_per_client',
      limits.maxSessionsPerClient,
      `this client already holds ${limits.maxSessionsPerClient} live sessions; terminate one or let one expire`,
    );
  }
  let stored = false;
  try {
    stored = await store.setIfAbsent(sessionKey(record.session_id), raw, { ttlMs: keyTtlMs(record, limits, now) });
  } finally {
    // Not stored (collision, store full or down): the place in the quota goes back at once.
    if (!stored) await store.slotRelease(slots, record.session_id).catch(() => undefined);
  }
  if (!stored) throw new ServiceError('conflict', 'session id collision; retry');
  await Promise.all([store.hashIncrement(STATS_KEY, 'created'), indexSession(store, record)]);
}

/** Keeps the session's place in its creator's quota in step with its status and expiry. */
async function syncQuota(store: Store, record: SessionRecord, now: number): Promise<void> {
  if (record.status === 'terminated') await store.slotRelease(quotaKey(subjectOf(record)), record.session_id);
  else await store.slotAcquire(quotaKey(subjectOf(record)), record.session_id, { ttlMs: liveMs(record, now) });
}

/** Reads a session with its raw stored text (for compare-and-set); undefined when absent. */
export async function loadSession(store: Store, id: string): Promise<{ record: SessionRecord; raw: string } | undefined> {
  const raw = await store.get(sessionKey(id));
  if (raw === undefined) return undefined;
  return { record: sessionRecordSchema.parse(JSON.parse(raw)), raw };
}

export interface SessionChange {
  state_patch?: Record<string, unknown> | undefined;
  status?: 'active' | 'suspended' | 'terminated' | undefined;
  extend_ttl_seconds?: number | undefined;
  if_version?: number | undefined;
}

/**
 * Applies `change` with optimistic concurrency. With `if_version`, a record whose version differs is
 * a `conflict`; without it the change is re-applied to the fresh record until it wins the
 * compare-and-set. `authorize` runs on every fresh read.
 */
export async function updateSession(
  store: Store,
  id: string,
  change: SessionChange,
  limits: SessionLimits,
  authorize: (record: SessionRecord) => void,
): Promise<SessionRecord> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const loaded = await loadSession(store, id);
    if (!loaded) throw noSuchSession();
    const { record, raw } = loaded;
    authorize(record);
    const now = Date.now();
    if (change.if_version !== undefined && change.if_version !== record.version) {
      await store.hashIncrement(STATS_KEY, 'conflicts');
      throw new ServiceError(
        'conflict',
        `version conflict: the session is at version ${record.version}, not ${change.if_version}; re-read it and retry`,
        {
          data: { current_version: record.version, if_version: change.if_version },
        },
      );
    }
    const status = effectiveStatus(record, now);
    if (status === 'expired' || status === 'terminated') {
      throw new ServiceError('conflict', `the session is ${status} and can no longer be changed`, { data: { status } });
    }
    if (status === 'suspended' && change.state_patch !== undefined && change.status !== 'active') {
      throw new ServiceError('conflict', 'the session is suspended: set status "active" to change its state', { data: { status } });
    }
    const ttlSeconds = change.extend_ttl_seconds ?? record.ttl_seconds;
    const next: SessionRecord = {
      ...record,
      status: change.status ?? record.status,
      state:
        change.state_patch === undefined ? record.state : (applyMergePatch(record.state, change.state_patch) as Record<string, unknown>),
      ttl_seconds: ttlSeconds,
      last_active_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlSeconds * 1000).toISOString(),
      version: record.version + 1,
    };
    const nextRaw = checkSize(next, limits);
    if (await store.compareAndSet(sessionKey(id), raw, nextRaw, { ttlMs: keyTtlMs(next, limits, now) })) {
      await Promise.all([
        store.hashIncrement(STATS_KEY, next.status === 'terminated' ? 'terminated' : 'updated'),
        indexSession(store, next),
        syncQuota(store, next, now),
      ]);
      return next;
    }
  }
  throw new ServiceError('conflict', 'the session is changing too fast; retry', { data: { retryable: true } });
}

/**
 * Refreshes the sliding TTL of an active session (last activity and expiry), without changing its
 * version. Best effort: when a concurrent writer wins, the re-read record is returned.
 */
export async function touchSession(
  store: Store,
  id: string,
  limits: SessionLimits,
  authorize: (record: SessionRecord) => void,
): Promise<SessionRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const loaded = await loadSession(store, id);
    if (!loaded) throw noSuchSession();
    const { record, raw } = loaded;
    authorize(record);
    const now = Date.now();
    const status = effectiveStatus(record, now);
    if (status !== 'active') return { ...record, status };
    const next: SessionRecord = {
      ...record,
      last_active_at: new Date(now).toISOString(),
      expires_at: new Date(now + record.ttl_seconds * 1000).toISOString(),
    };
    if (await store.compareAndSet(sessionKey(id), raw, JSON.stringify(next), { ttlMs: keyTtlMs(next, limits, now) })) {
      await Promise.all([indexSession(store, next), syncQuota(store, next, now)]);
      return next;
    }
  }
  const loaded = await loadSession(store, id);
  if (!loaded) throw noSuchSession();
  authorize(loaded.record);
  return { ...loaded.record, status: effectiveStatus(loaded.record, Date.now()) };
}

/** Records the session's current status and expiry in the active index. */
async function indexSession(store: Store, record: SessionRecord): Promise<void> {
  if (record.status === 'active') await store.hashSet(ACTIVE_INDEX_KEY, { [record.session_id]: String(Date.parse(record.expires_at)) });
  else await store.hashDelete(ACTIVE_INDEX_KEY, [record.session_id]);
}

/**
 * Sessions that are active and not expired at `now`, from the index (all replicas). Expired
 * entries are pruned as a side effect. Reads the whole index: O(active sessions) per call.
 */
export async function countActiveSessions(store: Store, now: number = Date.now()): Promise<number> {
  const index = (await store.hashGetAll(ACTIVE_INDEX_KEY)) ?? {};
  const expired: string[] = [];
  let active = 0;
  for (const [id, expiresAt] of Object.entries(index)) {
    if (Number(expiresAt) > now) active++;
    else expired.push(id);
  }
  // Pruning in slices keeps each command small; a concurrent touch re-adds a live session anyway.
  for (let i = 0; i < expired.length; i += 1_000) await store.hashDelete(ACTIVE_INDEX_KEY, expired.slice(i, i + 1_000));
  return active;
}
