/**
 * The shared store: the one interface every piece of shared state goes through, so two replicas
 * behind a load balancer share limits and data. In memory by default; Redis when REDIS_URL is set.
 *
 * Semantics are the same on both backends (one contract test suite runs against both):
 * - Keys are plain strings; the Redis backend adds its key prefix (`REDIS_KEY_PREFIX`, default
 *   `a2a:`). Namespace your keys by feature, e.g. `session:<id>`, `mailbox:<agent>`.
 * - A key holds one kind of value: a string, a hash or a stream. Using a key with an operation of
 *   another kind rejects (a `TypeError` in memory, Redis' WRONGTYPE error on Redis).
 * - Every operation may reject with a retryable `ServiceError('unavailable')` when the backend is
 *   unreachable (Redis disconnected or its circuit breaker open). Operations never wait for a
 *   reconnection: callers decide whether to retry, degrade or fail the request.
 * - Times are milliseconds. TTLs are relative to "now"; a TTL of 0 or less is not allowed.
 * - Nothing live is ever evicted to make room: the memory backend refuses new keys past its cap
 *   (`unavailable`, retryable) and only expired keys go away. Per-client quotas
 *   (`streamAppendBounded`, slots) keep one client from filling the store.
 */

export interface SetOptions {
  /** Expire the key after this many milliseconds. */
  ttlMs?: number;
}

/** One entry of a stream. */
export interface StreamEntry {
  /**
   * Monotonic id `<ms>-<seq>` (the Redis stream id format on both backends): later appends to the
   * same key always get greater ids. Compare ids with `compareStreamIds`, never as strings.
   */
  id: string;
  fields: Record<string, string>;
}

export interface StreamAppendOptions {
  /** Keep at most this many entries: older ones are trimmed (exactly) on append. */
  maxLength?: number;
  /** (Re)sets the stream key's expiry on every append: a stream idle this long disappears. */
  ttlMs?: number;
}

/**
 * Bounds on a stream's entries, kept by the store with the stream (both backends, atomically), so
 * a stream can refuse an append instead of trimming what others put in it. The entry's owner is
 * the value of its `ownerField` field (the appending client's quota subject).
 */
export interface StreamQuota {
  /** The field of every entry that names its owner. */
  ownerField: string;
  /** Most entries in the stream. */
  maxEntries?: number;
  /** Most bytes in the stream: UTF-8 length of every field name and value of every entry. */
  maxBytes?: number;
  /** Most entries of one owner in the stream. */
  maxEntriesPerOwner?: number;
  /** Most bytes of one owner in the stream. */
  maxBytesPerOwner?: number;
  /**
   * When the append does not fit, delete the owner's own oldest entries first (a ring buffer per
   * owner) — only when that makes it fit, and never another owner's entries.
   */
  recycleOwn?: boolean;
}

export interface StreamBoundedAppendOptions {
  quota: StreamQuota;
  /** (Re)sets the stream's expiry (and its bookkeeping's) on every accepted append. */
  ttlMs?: number;
}

/** Which bound refused an append: the stream's entries or bytes, or the owner's entries or bytes. */
export type StreamQuotaBound = 'entries' | 'bytes' | 'owner_entries' | 'owner_bytes';

/** The outcome of `streamAppendBounded`: the new id, or the bound that refused it (nothing written). */
export type StreamBoundedAppendResult = { id: string; deleted: number } | { refused: StreamQuotaBound };

export interface StreamAckOptions {
  /**
   * Also delete the acknowledged entries from the stream (and release their share of the
   * stream's quota). Only entries that were pending are deleted.
   */
  delete?: boolean;
}

export interface SlotOptions {
  /** The member's lifetime from now; acquiring an existing member again sets it anew. */
  ttlMs: number;
  /** Most live members; without it the member is always added. */
  limit?: number;
}

export interface StreamRangeOptions {
  /** Only entries with an id strictly greater than this; default: from the start (`0-0`). */
  after?: string;
  /** At most this many entries (oldest first); default: all. */
  count?: number;
}

export interface StreamReadOptions {
  /**
   * Only entries with an id strictly greater than this. `$` means "entries appended after this
   * call started" (what a live tail wants the first time; then pass the last id seen).
   */
  after: string;
  /** At most this many entries; default 100. */
  count?: number;
  /** Wait up to this long for an entry when none is there yet; 0 does not wait. */
  blockMs: number;
  /** Abort the wait: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** One entry of a consumer group's pending list: delivered, not yet acknowledged. */
export interface StreamPendingEntry {
  id: string;
  /** The consumer it was last delivered to. */
  consumer: string;
  /** Milliseconds since its last delivery (read or claim). */
  idleMs: number;
  /** How many times it was delivered (1 after the first read; each claim adds 1). */
  deliveries: number;
}

/** The state of a consumer group. */
export interface StreamGroupInfo {
  /** Entries delivered and not acknowledged (the pending list). */
  pending: number;
  /** Entries in the stream not yet delivered to the group. */
  lag: number;
  /** The newest id delivered to the group (`0-0` before the first read). */
  lastDeliveredId: string;
}

/**
 * The store every stateful feature uses. Get one from `ctx.store` in a tool (or
 * `RunningService.store`); never construct a backend in a service.
 *
 * @example
 * // A lease: only one replica works on a job at a time; renew before it expires, release when done.
 * if (await store.setIfAbsent(`lease:${job}`, workerId, { ttlMs: 30_000 })) {
 *   await store.compareAndSet(`lease:${job}`, workerId, workerId, { ttlMs: 30_000 }); // renew
 *   await store.compareAndDelete(`lease:${job}`, workerId); // release
 * }
 */
export interface Store {
  /** `memory` or `redis`, shown on /status. */
  readonly backend: string;

  // --- Strings ---------------------------------------------------------------------------------
  get(key: string): Promise<string | undefined>;
  /** Sets the value; without `ttlMs` the key does not expire (any previous expiry is removed). */
  set(key: string, value: string, options?: SetOptions): Promise<void>;
  /** Sets only if the key does not exist; true when it was set. The building block of leases and locks. */
  setIfAbsent(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Deletes a key of any kind (string, hash, stream); true when it existed. */
  delete(key: string): Promise<boolean>;
  /**
   * Atomically adds `by` (default 1; an integer) and returns the new value; a missing key counts as 0.
   * `ttlMs` applies only when the key is created (fixed-window counters).
   */
  increment(key: string, by?: number, options?: SetOptions): Promise<number>;
  /**
   * Atomically replaces the value when it still equals `expected` (`undefined`: the key is absent).
   * True when replaced. Without `ttlMs` an existing expiry is kept (renew a lease by passing it).
   */
  compareAndSet(key: string, expected: string | undefined, value: string, options?: SetOptions): Promise<boolean>;
  /** Atomically deletes the key when its value equals `expected`; true when deleted (releasing a lease). */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  /** Remaining time to live in ms; undefined when the key is absent or has no expiry. */
  ttl(key: string): Promise<number | undefined>;
  /** Sets the expiry of an existing key of any kind; false when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;

  // --- Hashes (records with named fields, e.g. a session) ---------------------------------------
  /** Sets fields of the hash (creating it); `ttlMs` (re)sets the whole hash's expiry. */
  hashSet(key: string, fields: Record<string, string>, options?: SetOptions): Promise<void>;
  hashGet(key: string, field: string): Promise<string | undefined>;
  /** All fields; undefined when the hash does not exist. */
  hashGetAll(key: string): Promise<Record<string, string> | undefined>;
  /** Removes fields; returns how many existed. A hash left without fields disappears. */
  hashDelete(key: string, fields: string[]): Promise<number>;
  /** Atomically adds `by` (an integer) to a numeric field and returns the new value; a missing field counts as 0. */
  hashIncrement(key: string, field: string, by?: number): Promise<number>;

  // --- Streams (append-only logs: mailboxes, resumable event streams) ---------------------------
  /** Appends an entry and returns its id (greater than every earlier id of this stream). */
  streamAppend(key: string, fields: Record<string, string>, options?: StreamAppendOptions): Promise<string>;
  /** Entries after `after`, oldest first, without waiting. A missing stream is empty. */
  streamRange(key: string, options?: StreamRangeOptions): Promise<StreamEntry[]>;
  /**
   * Like `streamRange`, but when nothing is there waits up to `blockMs` for the next append;
   * resolves `[]` on timeout, rejects with `signal.reason` when aborted. Long waits do not block
   * other operations (the Redis backend uses a separate connection per waiting read).
   */
  streamRead(key: string, options: StreamReadOptions): Promise<StreamEntry[]>;
  /** Number of entries (0 for a missing stream). */
  streamLength(key: string): Promise<number>;
  /**
   * Appends an entry within the stream's quota, atomically with every other replica's appends:
   * nothing is trimmed except, with `recycleOwn`, the appending owner's own oldest entries. A
   * refused append writes nothing and names the bound. An entry's bytes are the UTF-8 lengths of
   * its field names and values. Use only this (and `streamAck` with `delete`) on such a stream.
   */
  streamAppendBounded(key: string, fields: Record<string, string>, options: StreamBoundedAppendOptions): Promise<StreamBoundedAppendResult>;

  // --- Consumer groups (Redis Streams semantics: XREADGROUP, XPENDING, XCLAIM, XACK) -------------
  // A group delivers each entry of a stream once, to one reader, and tracks it as pending until it
  // is acknowledged; a pending entry idle for long enough can be claimed again (redelivery). Groups
  // live in the stream key: they disappear with it (expiry, delete).

  /**
   * Delivers up to `count` entries never delivered to `group` (oldest first); each becomes pending
   * for `consumer` with 1 delivery. Creates the group at the start of the stream on first use; a
   * missing stream gives `[]`. Never waits (wait with `streamRead` after `lastDeliveredId`).
   */
  streamGroupRead(key: string, group: string, consumer: string, count: number): Promise<StreamEntry[]>;
  /** Pending entries of the group, oldest first, at most `count`; `[]` when the stream or group is missing. */
  streamPending(key: string, group: string, count: number): Promise<StreamPendingEntry[]>;
  /**
   * Claims the pending `ids` that have been idle at least `minIdleMs`: each is delivered again to
   * `consumer` (idle reset to 0, deliveries + 1) and returned. Atomic per id, so of two claimers only
   * one gets an entry. Ids no longer in the stream (trimmed) are dropped from the pending list.
   */
  streamClaim(key: string, group: string, consumer: string, ids: readonly string[], minIdleMs: number): Promise<StreamEntry[]>;
  /**
   * Acknowledges `ids` (removes them from the pending list); returns how many were pending. With
   * `delete`, those entries also leave the stream and its quota.
   */
  streamAck(key: string, group: string, ids: readonly string[], options?: StreamAckOptions): Promise<number>;
  /** Pending count, lag and last delivered id; undefined when the stream or group is missing. */
  streamGroupInfo(key: string, group: string): Promise<StreamGroupInfo | undefined>;

  // --- Slots (bounded sets of expiring members: per-client counts of live sessions, streams) -----
  /**
   * Adds `member` to the set `key` with its own expiry, or renews it; false (nothing changed) when
   * the set already holds `limit` live members and `member` is not one of them. Expired members
   * do not count. Atomic across replicas. The key expires with its last member.
   */
  slotAcquire(key: string, member: string, options: SlotOptions): Promise<boolean>;
  /** Removes `member`; true when it was a live member. */
  slotRelease(key: string, member: string): Promise<boolean>;
  /** Live members of the set (0 when missing). */
  slotCount(key: string): Promise<number>;

  // --- Lifecycle -------------------------------------------------------------------------------
  /** Throws when the backend is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const STREAM_ID = /^(\d{1,16})-(\d{1,16})$/;

/** Parses a stream id (`<ms>-<seq>`, or `0` meaning `0-0`); throws a TypeError when malformed. */
export function parseStreamId(id: string): [number, number] {
  if (id === '0') return [0, 0];
  const match = STREAM_ID.exec(id);
  if (!match) throw new TypeError(`not a stream id: ${id.slice(0, 40)}`);
  return [Number(match[1]), Number(match[2])];
}

/** Orders two stream ids: negative when `a` is older than `b`, 0 when equal, positive otherwise. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = parseStreamId(a);
  const [bm, bs] = parseStreamId(b);
  return am === bm ? as - bs : am - bm;
}

/** Reads a JSON value stored with `writeJson`; undefined when absent. `parse` validates it (e.g. a zod schema's `parse`). */
export async function readJson<T>(store: Store, key: string, parse: (value: unknown) => T): Promise<T | undefined> {
  const raw = await store.get(key);
  return raw === undefined ? undefined : parse(JSON.parse(raw));
}

/** Stores `value` as JSON under `key`. */
export function writeJson(store: Store, key: string, value: unknown, options?: SetOptions): Promise<void> {
  return store.set(key, JSON.stringify(value), options);
}
