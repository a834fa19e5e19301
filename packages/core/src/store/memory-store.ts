/**
 * In-memory Store: nothing to install, expiry on read and by a periodic sweep. Bounded in keys
 * (`maxKeys`): past the bound a write that would create a key is refused with the retryable
 * `unavailable` — nothing live is ever evicted to make room, so one client cannot push out
 * another's data. State is lost on restart and not shared between processes.
 */
import { ServiceError } from '../errors.js';
import {
  compareStreamIds,
  parseStreamId,
  type SetOptions,
  type SlotOptions,
  type Store,
  type StreamAckOptions,
  type StreamAppendOptions,
  type StreamBoundedAppendOptions,
  type StreamBoundedAppendResult,
  type StreamQuotaBound,
  type StreamEntry,
  type StreamGroupInfo,
  type StreamPendingEntry,
  type StreamRangeOptions,
  type StreamReadOptions,
} from './store.js';

interface PendingValue {
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

interface GroupValue {
  lastDelivered: string;
  pending: Map<string, PendingValue>;
}

/** A bounded stream's bookkeeping (`streamAppendBounded`). */
interface QuotaValue {
  ownerField: string;
  entries: number;
  bytes: number;
  perOwner: Map<string, number>;
  perOwnerBytes: Map<string, number>;
  /** Ids of each owner's entries, oldest first (kept for `recycleOwn`). */
  ownIds: Map<string, string[]>;
}

interface StreamValue {
  entries: StreamEntry[];
  lastMs: number;
  lastSeq: number;
  groups?: Map<string, GroupValue>;
  quota?: QuotaValue;
}

/** A set of members with their own expiry (ms since epoch). */
class SlotSet {
  readonly members = new Map<string, number>();
}

/** Bytes an entry counts for in a stream quota: UTF-8 lengths of field names and values. */
export function entryBytes(fields: Record<string, string>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(fields)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** Index of the first entry with an id greater than `after` (entries are in id order). */
function firstAfter(entries: readonly StreamEntry[], after: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareStreamIds(entries[mid]!.id, after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

type Value = string | Map<string, string> | StreamValue | SlotSet;

interface Entry {
  value: Value;
  expiresAt: number | undefined;
}

export interface MemoryStoreOptions {
  /**
   * Maximum number of live keys; a write that would create one more is refused with the
   * retryable `unavailable` (expired keys are swept first). Never evicts. Default 200 000.
   */
  maxKeys?: number;
  /** How often expired keys are swept, in ms. Default 30 000. */
  sweepIntervalMs?: number;
  now?: () => number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The read was aborted', 'AbortError');
}

function wrongType(key: string): TypeError {
  return new TypeError(`value at ${key} holds another kind of value`);
}

export class MemoryStore implements Store {
  readonly backend = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  /** Readers blocked in streamRead, by key. */
  private readonly waiters = new Map<string, Set<() => void>>();
  /** When the store was last swept because it was full (a full store sweeps at most once a second). */
  private lastFullSweep = Number.NEGATIVE_INFINITY;

  constructor({ maxKeys = 200_000, sweepIntervalMs = 30_000, now = Date.now }: MemoryStoreOptions = {}) {
    this.maxKeys = maxKeys;
    this.now = now;
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private liveString(key: string): (Entry & { value: string }) | undefined {
    const entry = this.live(key);
    if (entry !== undefined && typeof entry.value !== 'string') throw wrongType(key);
    return entry as (Entry & { value: string }) | undefined;
  }

  private liveHash(key: string): Map<string, string> | undefined {
    const entry = this.live(key);
    if (entry === undefined) return undefined;
    if (!(entry.value instanceof Map)) throw wrongType(key);
    return entry.value;
  }

  private liveStream(key: string): StreamValue | undefined {
    const entry = this.live(key);
    if (entry === undefined) return undefined;
    if (typeof entry.value === 'string' || entry.value instanceof Map || entry.value instanceof SlotSet) throw wrongType(key);
    return entry.value;
  }

  private liveSlots(key: string): SlotSet | undefined {
    const entry = this.live(key);
    if (entry === undefined) return undefined;
    if (!(entry.value instanceof SlotSet)) throw wrongType(key);
    return entry.value;
  }

  /** Throws `unavailable` when creating `key` would pass `maxKeys` (after sweeping expired keys). */
  private makeRoom(key: string): void {
    if (this.entries.size < this.maxKeys || this.live(key) !== undefined) return;
    const now = this.now();
    if (now - this.lastFullSweep >= 1000) {
      this.lastFullSweep = now;
      this.sweep();
    }
    if (this.entries.size >= this.maxKeys) {
      throw new ServiceError('unavailable', 'The in-memory store is full; retry later', {
        data: { quota: 'memory_store_keys', limit: this.maxKeys },
      });
    }
  }

  private write(key: string, value: Value, ttlMs: number | undefined): Entry {
    this.makeRoom(key);
    this.entries.delete(key);
    const entry: Entry = { value, expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs };
    this.entries.set(key, entry);
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
  }

  /** Runs `fn` so that a wrong-type error rejects the promise instead of throwing synchronously. */
  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  get(key: string): Promise<string | undefined> {
    return this.run(() => this.liveString(key)?.value);
  }

  set(key: string, value: string, options: SetOptions = {}): Promise<void> {
    return this.run(() => {
      this.write(key, value, options.ttlMs);
    });
  }

  setIfAbsent(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.run(() => {
      if (this.live(key)) return false;
      this.write(key, value, options.ttlMs);
      return true;
    });
  }

  delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return Promise.resolve(existed);
  }

  increment(key: string, by = 1, options: SetOptions = {}): Promise<number> {
    return this.run(() => {
      const entry = this.liveString(key);
      const current = entry ? Number(entry.value) : 0;
      if (!Number.isFinite(current)) throw new TypeError(`value at ${key} is not a number`);
      const next = current + by;
      if (entry) entry.value = String(next);
      else this.write(key, String(next), options.ttlMs);
      return next;
    });
  }

  compareAndSet(key: string, expected: string | undefined, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.run(() => {
      const entry = this.liveString(key);
      if (entry?.value !== expected) return false;
      this.write(key, value, options.ttlMs ?? (entry?.expiresAt === undefined ? undefined : entry.expiresAt - this.now()));
      return true;
    });
  }

  compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.run(() => {
      if (this.liveString(key)?.value !== expected) return false;
      this.entries.delete(key);
      return true;
    });
  }

  ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    return Promise.resolve(entry?.expiresAt === undefined ? undefined : entry.expiresAt - this.now());
  }

  expire(key: string, ttlMs: number): Promise<boolean> {
    const entry = this.live(key);
    if (entry) entry.expiresAt = this.now() + ttlMs;
    return Promise.resolve(entry !== undefined);
  }

  hashSet(key: string, fields: Record<string, string>, options: SetOptions = {}): Promise<void> {
    return this.run(() => {
      const hash = this.liveHash(key);
      if (hash) {
        for (const [field, value] of Object.entries(fields)) hash.set(field, value);
        if (options.ttlMs !== undefined) this.entries.get(key)!.expiresAt = this.now() + options.ttlMs;
      } else if (Object.keys(fields).length > 0) {
        this.write(key, new Map(Object.entries(fields)), options.ttlMs);
      }
    });
  }

  hashGet(key: string, field: string): Promise<string | undefined> {
    return this.run(() => this.liveHash(key)?.get(field));
  }

  hashGetAll(key: string): Promise<Record<string, string> | undefined> {
    return this.run(() => {
      const hash = this.liveHash(key);
      return hash ? Object.fromEntries(hash) : undefined;
    });
  }

  hashDelete(key: string, fields: string[]): Promise<number> {
    return this.run(() => {
      const hash = this.liveHash(key);
      if (!hash) return 0;
      let removed = 0;
      for (const field of fields) if (hash.delete(field)) removed++;
      if (hash.size === 0) this.entries.delete(key);
      return removed;
    });
  }

  hashIncrement(key: string, field: string, by = 1): Promise<number> {
    return this.run(() => {
      let hash = this.liveHash(key);
      if (!hash) {
        hash = new Map();
        this.write(key, hash, undefined);
      }
      const current = Number(hash.get(field) ?? '0');
      if (!Number.isFinite(current)) throw new TypeError(`field ${field} of ${key} is not a number`);
      hash.set(field, String(current + by));
      return current + by;
    });
  }

  streamAppend(key: string, fields: Record<string, string>, options: StreamAppendOptions = {}): Promise<string> {
    return this.run(() => {
      let entry = this.live(key);
      let stream = this.liveStream(key);
      if (!stream || !entry) {
        stream = { entries: [], lastMs: 0, lastSeq: 0 };
        entry = this.write(key, stream, undefined);
      }
      const id = this.nextId(stream);
      stream.entries.push({ id, fields: { ...fields } });
      if (options.maxLength !== undefined && stream.entries.length > options.maxLength)
        stream.entries.splice(0, stream.entries.length - options.maxLength);
      if (options.ttlMs !== undefined) entry.expiresAt = this.now() + options.ttlMs;
      this.wake(key);
      return id;
    });
  }

  private rangeSync(key: string, after: string | undefined, count: number | undefined): StreamEntry[] {
    const stream = this.liveStream(key);
    if (!stream) return [];
    if (after !== undefined) parseStreamId(after);
    const start = after === undefined ? 0 : firstAfter(stream.entries, after);
    return stream.entries.slice(start, count === undefined ? undefined : start + count).map((e) => ({ id: e.id, fields: { ...e.fields } }));
  }

  streamRange(key: string, options: StreamRangeOptions = {}): Promise<StreamEntry[]> {
    return this.run(() => this.rangeSync(key, options.after, options.count));
  }

  streamRead(key: string, { after, count = 100, blockMs, signal }: StreamReadOptions): Promise<StreamEntry[]> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let cursor: string;
    try {
      const stream = this.liveStream(key);
      cursor = after !== '$' ? after : stream ? `${stream.lastMs}-${stream.lastSeq}` : '0-0';
      const ready = this.rangeSync(key, cursor, count);
      if (ready.length > 0 || blockMs <= 0) return Promise.resolve(ready);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    return new Promise<StreamEntry[]>((resolve, reject) => {
      const finish = (result: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.get(key)?.delete(wake);
        result();
      };
      const wake = () => {
        // Woken by an append: the entries after the cursor are there now.
        finish(() => {
          try {
            resolve(this.rangeSync(key, cursor, count));
          } catch (error) {
            reject(asError(error));
          }
        });
      };
      const onAbort = () => finish(() => reject(abortReason(signal!)));
      const timer = setTimeout(() => finish(() => resolve([])), blockMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(wake);
    });
  }

  streamLength(key: string): Promise<number> {
    return this.run(() => this.liveStream(key)?.entries.length ?? 0);
  }

  private group(key: string, group: string): { stream: StreamValue; state: GroupValue } | undefined {
    const stream = this.liveStream(key);
    const state = stream?.groups?.get(group);
    return stream && state ? { stream, state } : undefined;
  }

  streamGroupRead(key: string, group: string, consumer: string, count: number): Promise<StreamEntry[]> {
    return this.run(() => {
      const stream = this.liveStream(key);
      if (!stream) return [];
      stream.groups ??= new Map();
      let state = stream.groups.get(group);
      if (!state) stream.groups.set(group, (state = { lastDelivered: '0-0', pending: new Map() }));
      const start = firstAfter(stream.entries, state.lastDelivered);
      const delivered = stream.entries.slice(start, start + Math.max(0, count));
      const now = this.now();
      for (const entry of delivered) state.pending.set(entry.id, { consumer, deliveredAt: now, deliveries: 1 });
      if (delivered.length > 0) state.lastDelivered = delivered[delivered.length - 1]!.id;
      return delivered.map((e) => ({ id: e.id, fields: { ...e.fields } }));
    });
  }

  streamPending(key: string, group: string, count: number): Promise<StreamPendingEntry[]> {
    return this.run(() => {
      const found = this.group(key, group);
      if (!found) return [];
      const now = this.now();
      return [...found.state.pending.entries()]
        .sort(([a], [b]) => compareStreamIds(a, b))
        .slice(0, Math.max(0, count))
        .map(([id, p]) => ({ id, consumer: p.consumer, idleMs: now - p.deliveredAt, deliveries: p.deliveries }));
    });
  }

  streamClaim(key: string, group: string, consumer: string, ids: readonly string[], minIdleMs: number): Promise<StreamEntry[]> {
    return this.run(() => {
      for (const id of ids) parseStreamId(id);
      const found = this.group(key, group);
      if (!found) return [];
      const now = this.now();
      const claimed: StreamEntry[] = [];
      for (const id of ids) {
        const pending = found.state.pending.get(id);
        if (!pending) continue;
        const index = firstAfter(found.stream.entries, id) - 1;
        const entry = index >= 0 ? found.stream.entries[index] : undefined;
        if (entry?.id !== id) {
          // Trimmed away: nothing left to deliver (Redis 7 drops it from the pending list too).
          found.state.pending.delete(id);
          continue;
        }
        if (now - pending.deliveredAt < minIdleMs) continue;
        found.state.pending.set(id, { consumer, deliveredAt: now, deliveries: pending.deliveries + 1 });
        claimed.push({ id, fields: { ...entry.fields } });
      }
      return claimed;
    });
  }

  streamAck(key: string, group: string, ids: readonly string[], options: StreamAckOptions = {}): Promise<number> {
    return this.run(() => {
      for (const id of ids) parseStreamId(id);
      const found = this.group(key, group);
      if (!found) return 0;
      let acked = 0;
      for (const id of new Set(ids)) {
        if (!found.state.pending.delete(id)) continue;
        acked++;
        if (options.delete) this.deleteEntry(found.stream, id);
      }
      return acked;
    });
  }

  /** Removes one entry and its share of the stream's quota. */
  private deleteEntry(stream: StreamValue, id: string): boolean {
    const index = firstAfter(stream.entries, id) - 1;
    const entry = index >= 0 ? stream.entries[index] : undefined;
    if (entry?.id !== id) return false;
    stream.entries.splice(index, 1);
    const quota = stream.quota;
    if (quota) {
      // Never below 0: entries appended before the stream had a quota were never counted.
      quota.entries = Math.max(0, quota.entries - 1);
      quota.bytes = Math.max(0, quota.bytes - entryBytes(entry.fields));
      const owner = entry.fields[quota.ownerField];
      if (owner !== undefined) {
        const left = (quota.perOwner.get(owner) ?? 1) - 1;
        const leftBytes = (quota.perOwnerBytes.get(owner) ?? 0) - entryBytes(entry.fields);
        if (left > 0) {
          quota.perOwner.set(owner, left);
          quota.perOwnerBytes.set(owner, Math.max(0, leftBytes));
        } else {
          quota.perOwner.delete(owner);
          quota.perOwnerBytes.delete(owner);
        }
      }
    }
    return true;
  }

  streamAppendBounded(
    key: string,
    fields: Record<string, string>,
    { quota, ttlMs }: StreamBoundedAppendOptions,
  ): Promise<StreamBoundedAppendResult> {
    return this.run(() => {
      const owner = fields[quota.ownerField] ?? '';
      const size = entryBytes(fields);
      const existing = this.liveStream(key);
      const state: QuotaValue = existing?.quota ?? {
        ownerField: quota.ownerField,
        entries: 0,
        bytes: 0,
        perOwner: new Map(),
        perOwnerBytes: new Map(),
        ownIds: new Map(),
      };
      const { maxEntries = 0, maxBytes = 0, maxEntriesPerOwner = 0, maxBytesPerOwner = 0 } = quota;
      const refusedBy = (entries: number, bytes: number, own: number, ownBytes: number): StreamQuotaBound | undefined => {
        if (maxEntriesPerOwner > 0 && own + 1 > maxEntriesPerOwner) return 'owner_entries';
        if (maxBytesPerOwner > 0 && ownBytes + size > maxBytesPerOwner) return 'owner_bytes';
        if (maxEntries > 0 && entries + 1 > maxEntries) return 'entries';
        if (maxBytes > 0 && bytes + size > maxBytes) return 'bytes';
        return undefined;
      };
      let entries = state.entries;
      let bytes = state.bytes;
      let own = state.perOwner.get(owner) ?? 0;
      let ownBytes = state.perOwnerBytes.get(owner) ?? 0;
      let refused = refusedBy(entries, bytes, own, ownBytes);
      // Recycling: find how many of the owner's oldest entries must go; delete them only if that suffices.
      const recycle: StreamEntry[] = [];
      if (refused !== undefined && quota.recycleOwn && existing) {
        for (const id of state.ownIds.get(owner) ?? []) {
          const index = firstAfter(existing.entries, id) - 1;
          const entry = index >= 0 ? existing.entries[index] : undefined;
          if (entry?.id !== id) continue;
          recycle.push(entry);
          entries--;
          bytes -= entryBytes(entry.fields);
          ownBytes -= entryBytes(entry.fields);
          own--;
          refused = refusedBy(entries, bytes, own, ownBytes);
          if (refused === undefined) break;
        }
      }
      if (refused !== undefined) return { refused };
      let stream = existing;
      if (stream) for (const entry of recycle) this.deleteEntry(stream, entry.id);
      if (stream && recycle.length > 0) {
        const gone = new Set(recycle.map((e) => e.id));
        state.ownIds.set(
          owner,
          (state.ownIds.get(owner) ?? []).filter((id) => !gone.has(id)),
        );
      }
      let entry = this.live(key);
      if (!stream || !entry) {
        stream = { entries: [], lastMs: 0, lastSeq: 0 };
        entry = this.write(key, stream, undefined);
      }
      stream.quota = state;
      const id = this.nextId(stream);
      stream.entries.push({ id, fields: { ...fields } });
      state.entries++;
      state.bytes += size;
      state.perOwner.set(owner, (state.perOwner.get(owner) ?? 0) + 1);
      state.perOwnerBytes.set(owner, (state.perOwnerBytes.get(owner) ?? 0) + size);
      if (quota.recycleOwn) {
        const ids = state.ownIds.get(owner) ?? [];
        ids.push(id);
        state.ownIds.set(owner, ids);
      }
      if (ttlMs !== undefined) entry.expiresAt = this.now() + ttlMs;
      this.wake(key);
      return { id, deleted: recycle.length };
    });
  }

  private nextId(stream: StreamValue): string {
    const now = this.now();
    if (now > stream.lastMs) {
      stream.lastMs = now;
      stream.lastSeq = 0;
    } else {
      stream.lastSeq++;
    }
    return `${stream.lastMs}-${stream.lastSeq}`;
  }

  private wake(key: string): void {
    const waiting = this.waiters.get(key);
    if (waiting) {
      this.waiters.delete(key);
      for (const wake of waiting) wake();
    }
  }

  private liveMembers(slots: SlotSet): Map<string, number> {
    const now = this.now();
    for (const [member, expiresAt] of slots.members) if (expiresAt <= now) slots.members.delete(member);
    return slots.members;
  }

  slotAcquire(key: string, member: string, { ttlMs, limit }: SlotOptions): Promise<boolean> {
    return this.run(() => {
      const existing = this.liveSlots(key);
      const members = existing ? this.liveMembers(existing) : new Map<string, number>();
      if (limit !== undefined && !members.has(member) && members.size >= limit) return false;
      let slots = existing;
      if (!slots) {
        slots = new SlotSet();
        this.write(key, slots, undefined);
      }
      slots.members.set(member, this.now() + ttlMs);
      this.entries.get(key)!.expiresAt = Math.max(...slots.members.values());
      return true;
    });
  }

  slotRelease(key: string, member: string): Promise<boolean> {
    return this.run(() => {
      const slots = this.liveSlots(key);
      if (!slots) return false;
      const live = this.liveMembers(slots).delete(member);
      if (slots.members.size === 0) this.entries.delete(key);
      return live;
    });
  }

  slotCount(key: string): Promise<number> {
    return this.run(() => {
      const slots = this.liveSlots(key);
      return slots ? this.liveMembers(slots).size : 0;
    });
  }

  streamGroupInfo(key: string, group: string): Promise<StreamGroupInfo | undefined> {
    return this.run(() => {
      const found = this.group(key, group);
      if (!found) return undefined;
      const lag = found.stream.entries.length - firstAfter(found.stream.entries, found.state.lastDelivered);
      return { pending: found.state.pending.size, lag, lastDeliveredId: found.state.lastDelivered };
    });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    return Promise.resolve();
  }
}
