/**
 * Redis Store (ioredis): shared by every replica pointed at the same Redis and key prefix.
 *
 * Connection behaviour, chosen so a Redis outage never hangs a request:
 * - lazy: nothing connects until the first operation (or `connect()`), which waits for the first
 *   connection attempt, at most `connectTimeoutMs`;
 * - afterwards, while disconnected, every operation rejects at once with a retryable
 *   `ServiceError('unavailable')` (no offline queue, no per-request retries);
 * - reconnection is automatic, with a backoff capped at `maxReconnectDelayMs`;
 * - a command that gets no answer within `commandTimeoutMs` rejects as `unavailable`.
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type * as IoRedisModule from 'ioredis';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
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

type IoRedis = typeof IoRedisModule;
let ioredis: IoRedis | undefined;
/**
 * ioredis is loaded by the first RedisStore, not when this module is imported: a service on the
 * memory store never pays for it (~20 MiB resident, issue #17). A synchronous require keeps the
 * constructor synchronous (ioredis is CommonJS).
 */
function loadIoredis(): IoRedis {
  return (ioredis ??= createRequire(import.meta.url)('ioredis') as IoRedis);
}

/** Runs an operation under a guard, e.g. a circuit breaker's `fire`. */
export type StoreGuard = <T>(operation: () => Promise<T>) => Promise<T>;

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** Prefix of every key this store touches. Default `a2a:`. */
  keyPrefix?: string;
  /** Longest wait for a connection on first use, in ms. Default 2000. */
  connectTimeoutMs?: number;
  /** A command without an answer after this long fails as `unavailable`, in ms. Default 5000. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts, in ms. Default 2000. */
  maxReconnectDelayMs?: number;
  /** Logs connection state changes (once per change, never per command). */
  logger?: Logger;
  /** Wraps every non-blocking command (core passes the `redis` circuit breaker). */
  guard?: StoreGuard;
  /** Called when the connection is ready again after being down (core closes the `redis` breaker). */
  onReconnect?: () => void;
}

const CAS = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur then return 0 end
elseif cur ~= ARGV[2] then
  return 0
end
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL') end
return 1`;

const CAD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const INCR = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if created and tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

// Creates the group at the start of an existing stream on first use (BUSYGROUP ignored), then reads.
const GROUP_READ = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[1], '0')
return redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')`;

// Appends within a stream's quota (see Store.streamAppendBounded). KEYS: stream, bookkeeping hash,
// the owner's id list (recycleOwn). ARGV: owner field, owner, max entries, max bytes, max entries
// per owner, max bytes per owner (0 = none), recycle (1/0), ttl ms (0 = keep), then field/value pairs.
const BOUNDED_APPEND = `
local stream, qkey, lkey = KEYS[1], KEYS[2], KEYS[3]
local owner = ARGV[2]
local maxN, maxB, maxOwn, maxOwnB = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local recycle, ttl = ARGV[7] == '1', tonumber(ARGV[8])
if redis.call('EXISTS', stream) == 0 then redis.call('DEL', qkey, lkey) end
local size = 0
for i = 9, #ARGV do size = size + #ARGV[i] end
local n = tonumber(redis.call('HGET', qkey, 'n') or '0')
local b = tonumber(redis.call('HGET', qkey, 'b') or '0')
local own = tonumber(redis.call('HGET', qkey, 'n:' .. owner) or '0')
local ownB = tonumber(redis.call('HGET', qkey, 'b:' .. owner) or '0')
local function refused(n1, b1, o1, ob1)
  if maxOwn > 0 and o1 + 1 > maxOwn then return 'owner_entries' end
  if maxOwnB > 0 and ob1 + size > maxOwnB then return 'owner_bytes' end
  if maxN > 0 and n1 + 1 > maxN then return 'entries' end
  if maxB > 0 and b1 + size > maxB then return 'bytes' end
  return false
end
local why = refused(n, b, own, ownB)
local drop = {}
if why and recycle then
  local popped, start = 0, 0
  -- In slices: usually the owner's oldest entry is enough.
  while why do
    local ids = redis.call('LRANGE', lkey, start, start + 63)
    if #ids == 0 then break end
    start = start + #ids
    for _, id in ipairs(ids) do
      popped = popped + 1
      local e = redis.call('XRANGE', stream, id, id)
      if #e > 0 then
        local sz = 0
        for _, v in ipairs(e[1][2]) do sz = sz + #v end
        drop[#drop + 1] = id
        n, b, own, ownB = n - 1, b - sz, own - 1, ownB - sz
        why = refused(n, b, own, ownB)
        if not why then break end
      end
    end
  end
  if not why then
    redis.call('LTRIM', lkey, popped, -1)
    if #drop > 0 then redis.call('XDEL', stream, unpack(drop)) end
  end
end
if why then return {'refused', why} end
local args = {}
for i = 9, #ARGV do args[#args + 1] = ARGV[i] end
local id = redis.call('XADD', stream, '*', unpack(args))
redis.call('HSET', qkey, 'f', ARGV[1], 'n', n + 1, 'b', b + size, 'n:' .. owner, own + 1, 'b:' .. owner, ownB + size)
if recycle then redis.call('RPUSH', lkey, id) end
if ttl > 0 then
  redis.call('PEXPIRE', stream, ttl)
  redis.call('PEXPIRE', qkey, ttl)
  if recycle then redis.call('PEXPIRE', lkey, ttl) end
end
return {'ok', id, #drop}`;

// Acknowledges and deletes pending entries, releasing their share of the quota. KEYS: stream,
// bookkeeping hash. ARGV: group, ids.
const ACK_DELETE = `
local stream, qkey = KEYS[1], KEYS[2]
local field = redis.call('HGET', qkey, 'f')
local acked = 0
for i = 2, #ARGV do
  local ok, r = pcall(redis.call, 'XACK', stream, ARGV[1], ARGV[i])
  if not ok then return 0 end
  if r == 1 then
    acked = acked + 1
    local e = redis.call('XRANGE', stream, ARGV[i], ARGV[i])
    if #e > 0 then
      redis.call('XDEL', stream, ARGV[i])
      if field then
        local flat, sz, owner = e[1][2], 0, nil
        for j = 1, #flat, 2 do
          sz = sz + #flat[j] + #flat[j + 1]
          if flat[j] == field then owner = flat[j + 1] end
        end
        local n = tonumber(redis.call('HGET', qkey, 'n') or '0')
        local b = tonumber(redis.call('HGET', qkey, 'b') or '0')
        redis.call('HSET', qkey, 'n', math.max(0, n - 1), 'b', math.max(0, b - sz))
        if owner then
          local o = tonumber(redis.call('HGET', qkey, 'n:' .. owner) or '0') - 1
          local ob = tonumber(redis.call('HGET', qkey, 'b:' .. owner) or '0') - sz
          if o > 0 then redis.call('HSET', qkey, 'n:' .. owner, o, 'b:' .. owner, math.max(0, ob)) else redis.call('HDEL', qkey, 'n:' .. owner, 'b:' .. owner) end
        end
      end
    end
  end
end
return acked`;

// Slots: a sorted set member → expiry (ms, Redis' clock, so every replica agrees).
const SLOT_NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`;

const SLOT_ACQUIRE = `${SLOT_NOW}
local limit = tonumber(ARGV[2])
if limit >= 0 and not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1`;

const SLOT_RELEASE = `${SLOT_NOW}
return redis.call('ZREM', KEYS[1], ARGV[1])`;

const SLOT_COUNT = `${SLOT_NOW}
return redis.call('ZCARD', KEYS[1])`;

/** The bookkeeping keys of a bounded stream (outside every feature's namespace). */
const quotaKey = (streamKey: string) => `stream-quota:${streamKey}`;
const ownerListKey = (streamKey: string, owner: string) => `stream-quota-own:${encodeURIComponent(owner)}:${streamKey}`;

type RawEntry = [string, string[]];

/** A missing stream or group answers NOGROUP (or "no such key") on Redis: for the store that is "nothing there". */
function isMissingGroup(error: unknown): boolean {
  return error instanceof loadIoredis().ReplyError && /^(NOGROUP|ERR no such key)/.test((error as Error).message);
}

function toEntries(raw: (RawEntry | null)[]): StreamEntry[] {
  return raw
    .filter((entry): entry is RawEntry => entry !== null)
    .map(([id, flat]) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
      return { id, fields };
    });
}

function flatten(fields: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fields)) out.push(k, v);
  return out;
}

function normalizeId(id: string): string {
  const [ms, seq] = parseStreamId(id);
  return `${ms}-${seq}`;
}

/** Redis-backed Store. Construct once per process; `close()` on shutdown. */
export class RedisStore implements Store {
  readonly backend = 'redis';
  readonly keyPrefix: string;
  private readonly client: Redis;
  private readonly guard: StoreGuard | undefined;
  private readonly onReconnect: (() => void) | undefined;
  private readonly logger: Logger | undefined;
  private readonly connectTimeoutMs: number;
  private firstConnect: Promise<void> | undefined;
  private firstConnectSettled = false;
  private closed = false;
  private lastState: 'ready' | 'down' | undefined;
  /** Idle connections for blocking stream reads (a blocked connection serves nothing else). */
  private readonly idleBlocking: Redis[] = [];
  private readonly busyBlocking = new Set<Redis>();

  constructor({
    url,
    keyPrefix = 'a2a:',
    connectTimeoutMs = 2000,
    commandTimeoutMs = 5000,
    maxReconnectDelayMs = 2000,
    logger,
    guard,
    onReconnect,
  }: RedisStoreOptions) {
    this.keyPrefix = keyPrefix;
    this.guard = guard;
    this.onReconnect = onReconnect;
    this.logger = logger;
    this.connectTimeoutMs = connectTimeoutMs;
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: connectTimeoutMs,
      // Force-closes a socket that does not close by itself; the default 2 s keeps a closed process alive.
      disconnectTimeout: 200,
      commandTimeout: commandTimeoutMs,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), maxReconnectDelayMs),
    };
    this.client = new (loadIoredis().Redis)(url, options);
    this.client.on('ready', () => this.state('ready'));
    this.client.on('error', (error: unknown) => this.state('down', error instanceof Error ? error : undefined));
    this.client.on('end', () => this.state('down'));
    // A server that goes away with a clean close and is back before the first reconnect attempt
    // produces no 'error': the close itself marks the connection down, so 'ready' counts as a reconnect.
    this.client.on('close', () => this.state('down'));
  }

  private state(next: 'ready' | 'down', error?: Error): void {
    if (next === this.lastState || this.closed) return;
    const wasDown = this.lastState === 'down';
    this.lastState = next;
    if (next === 'ready') {
      this.logger?.info('redis connected');
      if (wasDown) this.onReconnect?.();
    }
    // The message of a connection error names host and port, never the password.
    else this.logger?.warn('redis unavailable; reconnecting in the background', error ? { error: error.message } : {});
  }

  private unavailable(cause?: unknown): ServiceError {
    return new ServiceError('unavailable', 'The shared store (Redis) is unavailable', { cause, data: { dependency: 'redis' } });
  }

  /** Connects now (instead of on first use); rejects with `unavailable` when Redis cannot be reached. */
  connect(): Promise<void> {
    return this.ensureConnected();
  }

  private ensureConnected(): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    if (this.closed) return Promise.reject(this.unavailable());
    if (this.client.status === 'wait' && !this.firstConnect) {
      let timer: NodeJS.Timeout | undefined;
      this.firstConnect = Promise.race([
        this.client.connect(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.connectTimeoutMs))),
      ])
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(timer);
          this.firstConnectSettled = true;
        });
    }
    if (this.firstConnect && !this.firstConnectSettled) {
      return this.firstConnect.then(() => {
        if (this.client.status !== 'ready') throw this.unavailable();
      });
    }
    return Promise.reject(this.unavailable());
  }

  private mapError(error: unknown): Error {
    if (error instanceof loadIoredis().ReplyError) {
      // Redis at maxmemory with noeviction refuses writes: retryable, like the memory store when full.
      if (/\bOOM\b/.test((error as Error).message))
        return new ServiceError('unavailable', 'The shared store (Redis) is full; retry later', {
          cause: error,
          data: { dependency: 'redis' },
        });
      // Redis answered otherwise (WRONGTYPE, script errors): a programming error, not an outage.
      return error as Error;
    }
    if (error instanceof ServiceError || error instanceof TypeError) return error;
    return this.unavailable(error);
  }

  private exec<T>(operation: (client: Redis) => Promise<T>): Promise<T> {
    const run = async () => {
      await this.ensureConnected();
      try {
        return await operation(this.client);
      } catch (error) {
        throw this.mapError(error);
      }
    };
    return this.guard ? this.guard(run) : run();
  }

  private key(key: string): string {
    return this.keyPrefix + key;
  }

  /**
   * Sends a raw command (keys must already carry the prefix). For adapters such as the rate
   * limiter's Redis store; fails fast like every other operation.
   */
  sendCommand(command: string, ...args: (string | number)[]): Promise<unknown> {
    return this.exec((c): Promise<unknown> => c.call(command, ...args));
  }

  get(key: string): Promise<string | undefined> {
    return this.exec(async (c) => (await c.get(this.key(key))) ?? undefined);
  }

  set(key: string, value: string, options: SetOptions = {}): Promise<void> {
    return this.exec(async (c) => {
      if (options.ttlMs !== undefined) await c.set(this.key(key), value, 'PX', options.ttlMs);
      else await c.set(this.key(key), value);
    });
  }

  setIfAbsent(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.exec(async (c) => {
      const result =
        options.ttlMs !== undefined
          ? await c.set(this.key(key), value, 'PX', options.ttlMs, 'NX')
          : await c.set(this.key(key), value, 'NX');
      return result === 'OK';
    });
  }

  delete(key: string): Promise<boolean> {
    return this.exec(async (c) => (await c.del(this.key(key))) > 0);
  }

  increment(key: string, by = 1, options: SetOptions = {}): Promise<number> {
    return this.exec(async (c) => Number(await c.eval(INCR, 1, this.key(key), by, options.ttlMs ?? 0)));
  }

  compareAndSet(key: string, expected: string | undefined, value: string, options: SetOptions = {}): Promise<boolean> {
    return this.exec(
      async (c) =>
        (await c.eval(CAS, 1, this.key(key), expected === undefined ? '1' : '0', expected ?? '', value, options.ttlMs ?? 0)) === 1,
    );
  }

  compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.exec(async (c) => (await c.eval(CAD, 1, this.key(key), expected)) === 1);
  }

  ttl(key: string): Promise<number | undefined> {
    return this.exec(async (c) => {
      const ms = await c.pttl(this.key(key));
      return ms < 0 ? undefined : ms;
    });
  }

  expire(key: string, ttlMs: number): Promise<boolean> {
    return this.exec(async (c) => (await c.pexpire(this.key(key), ttlMs)) === 1);
  }

  hashSet(key: string, fields: Record<string, string>, options: SetOptions = {}): Promise<void> {
    if (Object.keys(fields).length === 0) return Promise.resolve();
    return this.exec(async (c) => {
      const k = this.key(key);
      const multi = c.multi().hset(k, fields);
      if (options.ttlMs !== undefined) multi.pexpire(k, options.ttlMs);
      const results = await multi.exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
    });
  }

  hashGet(key: string, field: string): Promise<string | undefined> {
    return this.exec(async (c) => (await c.hget(this.key(key), field)) ?? undefined);
  }

  hashGetAll(key: string): Promise<Record<string, string> | undefined> {
    return this.exec(async (c) => {
      const all = await c.hgetall(this.key(key));
      return Object.keys(all).length === 0 ? undefined : all;
    });
  }

  hashDelete(key: string, fields: string[]): Promise<number> {
    if (fields.length === 0) return Promise.resolve(0);
    return this.exec((c) => c.hdel(this.key(key), ...fields));
  }

  hashIncrement(key: string, field: string, by = 1): Promise<number> {
    return this.exec((c) => c.hincrby(this.key(key), field, by));
  }

  streamAppend(key: string, fields: Record<string, string>, options: StreamAppendOptions = {}): Promise<string> {
    return this.exec(async (c) => {
      const k = this.key(key);
      const args: (string | number)[] = [k];
      if (options.maxLength !== undefined) args.push('MAXLEN', '=', options.maxLength);
      args.push('*', ...flatten(fields));
      if (options.ttlMs === undefined) return String(await c.call('XADD', ...args));
      const results = await c
        .multi()
        .call('XADD', ...args)
        .pexpire(k, options.ttlMs)
        .exec();
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (failed) throw failed;
      return String(results?.[0]?.[1]);
    });
  }

  streamRange(key: string, { after, count }: StreamRangeOptions = {}): Promise<StreamEntry[]> {
    return this.exec(async (c) => {
      const args: (string | number)[] = [this.key(key), after === undefined ? '-' : `(${normalizeId(after)}`, '+'];
      if (count !== undefined) args.push('COUNT', count);
      return toEntries((await c.call('XRANGE', ...args)) as RawEntry[]);
    });
  }

  async streamRead(key: string, { after, count = 100, blockMs, signal }: StreamReadOptions): Promise<StreamEntry[]> {
    signal?.throwIfAborted();
    const cursor = after === '$' ? '$' : normalizeId(after);
    if (blockMs <= 0) return cursor === '$' ? [] : this.streamRange(key, { after: cursor, count });
    await this.ensureConnected();
    let connection = this.idleBlocking.pop();
    if (connection && connection.status !== 'ready') {
      connection.disconnect();
      connection = undefined;
    }
    connection ??= this.blockingConnection();
    this.busyBlocking.add(connection);
    const onAbort = () => connection.disconnect();
    signal?.addEventListener('abort', onAbort, { once: true });
    let reusable = false;
    try {
      if (connection.status === 'wait') await connection.connect();
      // XREAD BLOCK 0 would wait forever; blockMs > 0 here.
      const raw = (await connection.call('XREAD', 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.key(key), cursor)) as
        [string, RawEntry[]][] | null;
      reusable = true;
      return raw === null ? [] : toEntries(raw[0]![1]);
    } catch (error) {
      signal?.throwIfAborted();
      throw this.mapError(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.busyBlocking.delete(connection);
      if (reusable && !this.closed && this.idleBlocking.length < 8) this.idleBlocking.push(connection);
      else connection.disconnect();
    }
  }

  private blockingConnection(): Redis {
    const connection = this.client.duplicate({ commandTimeout: undefined, lazyConnect: true, retryStrategy: () => null });
    // Errors surface through the pending XREAD; the main connection logs outages.
    connection.on('error', () => undefined);
    return connection;
  }

  streamLength(key: string): Promise<number> {
    return this.exec((c) => c.xlen(this.key(key)));
  }

  streamAppendBounded(
    key: string,
    fields: Record<string, string>,
    { quota, ttlMs }: StreamBoundedAppendOptions,
  ): Promise<StreamBoundedAppendResult> {
    return this.exec(async (c) => {
      const owner = fields[quota.ownerField] ?? '';
      const result = (await c.eval(
        BOUNDED_APPEND,
        3,
        this.key(key),
        this.key(quotaKey(key)),
        this.key(ownerListKey(key, owner)),
        quota.ownerField,
        owner,
        quota.maxEntries ?? 0,
        quota.maxBytes ?? 0,
        quota.maxEntriesPerOwner ?? 0,
        quota.maxBytesPerOwner ?? 0,
        quota.recycleOwn ? '1' : '0',
        ttlMs ?? 0,
        ...flatten(fields),
      )) as [string, string, number?];
      if (result[0] === 'refused') return { refused: result[1] as StreamQuotaBound };
      return { id: result[1], deleted: Number(result[2] ?? 0) };
    });
  }

  slotAcquire(key: string, member: string, { ttlMs, limit }: SlotOptions): Promise<boolean> {
    return this.exec(async (c) => (await c.eval(SLOT_ACQUIRE, 1, this.key(key), member, limit ?? -1, ttlMs)) === 1);
  }

  slotRelease(key: string, member: string): Promise<boolean> {
    return this.exec(async (c) => (await c.eval(SLOT_RELEASE, 1, this.key(key), member)) === 1);
  }

  slotCount(key: string): Promise<number> {
    return this.exec(async (c) => Number(await c.eval(SLOT_COUNT, 1, this.key(key))));
  }

  streamGroupRead(key: string, group: string, consumer: string, count: number): Promise<StreamEntry[]> {
    if (count <= 0) return Promise.resolve([]);
    return this.exec(async (c) => {
      const raw = (await c.eval(GROUP_READ, 1, this.key(key), group, consumer, count)) as [string, RawEntry[]][] | null;
      return raw ? toEntries(raw[0]?.[1] ?? []) : [];
    });
  }

  streamPending(key: string, group: string, count: number): Promise<StreamPendingEntry[]> {
    if (count <= 0) return Promise.resolve([]);
    return this.exec(async (c) => {
      try {
        const raw = (await c.call('XPENDING', this.key(key), group, '-', '+', count)) as [string, string, number, number][];
        return raw.map(([id, consumer, idleMs, deliveries]) => ({ id, consumer, idleMs: Number(idleMs), deliveries: Number(deliveries) }));
      } catch (error) {
        if (isMissingGroup(error)) return [];
        throw error;
      }
    });
  }

  streamClaim(key: string, group: string, consumer: string, ids: readonly string[], minIdleMs: number): Promise<StreamEntry[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.exec(async (c) => {
      const normalized = ids.map(normalizeId);
      try {
        return toEntries(
          (await c.call(
            'XCLAIM',
            this.key(key),
            group,
            consumer,
            Math.max(0, Math.floor(minIdleMs)),
            ...normalized,
          )) as (RawEntry | null)[],
        );
      } catch (error) {
        if (isMissingGroup(error)) return [];
        throw error;
      }
    });
  }

  streamAck(key: string, group: string, ids: readonly string[], options: StreamAckOptions = {}): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.exec(async (c) => {
      const normalized = [...new Set(ids.map(normalizeId))];
      if (options.delete) return Number(await c.eval(ACK_DELETE, 2, this.key(key), this.key(quotaKey(key)), group, ...normalized));
      try {
        return Number(await c.call('XACK', this.key(key), group, ...normalized));
      } catch (error) {
        if (isMissingGroup(error)) return 0;
        throw error;
      }
    });
  }

  streamGroupInfo(key: string, group: string): Promise<StreamGroupInfo | undefined> {
    return this.exec(async (c) => {
      let groups: unknown[][];
      try {
        groups = (await c.call('XINFO', 'GROUPS', this.key(key))) as unknown[][];
      } catch (error) {
        if (isMissingGroup(error)) return undefined;
        throw error;
      }
      for (const flat of groups) {
        const info: Record<string, unknown> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1];
        if (info.name !== group) continue;
        const lastDeliveredId = String(info['last-delivered-id']);
        // Redis leaves lag unset when it cannot tell (entries deleted in between): count them.
        const lag =
          info.lag === null || info.lag === undefined
            ? ((await c.call('XRANGE', this.key(key), `(${lastDeliveredId}`, '+')) as unknown[]).length
            : Number(info.lag);
        return { pending: Number(info.pending), lag, lastDeliveredId };
      }
      return undefined;
    });
  }

  async ping(): Promise<void> {
    await this.exec((c) => c.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of [...this.idleBlocking, ...this.busyBlocking]) connection.disconnect();
    this.idleBlocking.length = 0;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
      } catch {
        this.client.disconnect();
      }
    } else {
      this.client.disconnect();
    }
  }
}
