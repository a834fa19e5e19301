/**
 * Quotas instead of eviction, on both backends (memory and the real Redis at REDIS_URL): bounded
 * streams refuse the append that would pass a bound and never trim another owner's entries;
 * acknowledged-and-deleted entries give their room back; slot sets count live members per key;
 * the memory store refuses new keys past its cap and keeps every live one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryStore, ServiceError, type Store, type StreamQuota } from '../src/index.js';
import { RedisStore } from '../src/store/index.js';
import { deleteRedisPrefix, requireExternalService, uniquePrefix } from './support/external.js';

const redisUrl = requireExternalService('REDIS_URL');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const prefix = uniquePrefix('quota');
const backends: [string, (() => Store) | undefined][] = [
  ['memory', () => new MemoryStore()],
  ['redis', redisUrl ? () => new RedisStore({ url: redisUrl, keyPrefix: prefix }) : undefined],
];

afterAll(async () => {
  if (redisUrl) await deleteRedisPrefix(redisUrl, prefix);
});

/** An entry of `owner` whose bytes are 5 ("owner") + owner.length + 4 ("body") + body.length. */
const entry = (owner: string, body = 'x') => ({ owner, body });

describe.each(backends)('Store quotas: %s', (_name, create) => {
  const store = create?.() as Store;
  const run = create ? it : it.skip;
  afterAll(async () => {
    await store?.close();
  });

  run('maxEntries: the N-th append is accepted, the N+1-th refused; nothing is trimmed', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 3 };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await store.streamAppendBounded('q:n', entry('a', String(i)), { quota });
      expect(result).toEqual({ id: expect.any(String), deleted: 0 });
      ids.push((result as { id: string }).id);
    }
    expect(await store.streamAppendBounded('q:n', entry('b'), { quota })).toEqual({ refused: 'entries' });
    expect(await store.streamAppendBounded('q:n', entry('a'), { quota })).toEqual({ refused: 'entries' });
    expect((await store.streamRange('q:n')).map((e) => e.id)).toEqual(ids);
  });

  run('maxEntriesPerOwner: one owner cannot take more than its share; the others keep theirs', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 5, maxEntriesPerOwner: 2 };
    expect(await store.streamAppendBounded('q:own', entry('victim', 'v1'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:own', entry('mallory', 'm1'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:own', entry('mallory', 'm2'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:own', entry('mallory', 'm3'), { quota })).toEqual({ refused: 'owner_entries' });
    expect(await store.streamAppendBounded('q:own', entry('victim', 'v2'), { quota })).toHaveProperty('id');
    expect((await store.streamRange('q:own')).map((e) => e.fields.body)).toEqual(['v1', 'm1', 'm2', 'v2']);
  });

  run('maxBytes counts field names and values in UTF-8', async () => {
    // owner=a, body=é: 5 + 1 + 4 + 2 = 12 bytes each.
    const quota: StreamQuota = { ownerField: 'owner', maxBytes: 24 };
    expect(await store.streamAppendBounded('q:b', entry('a', 'é'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:b', entry('a', 'é'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:b', entry('a', 'x'), { quota })).toEqual({ refused: 'bytes' });
    expect(await store.streamLength('q:b')).toBe(2);
  });

  run('maxBytesPerOwner: an owner past its byte share is refused while others still fit', async () => {
    // owner=a, body=xx: 5 + 1 + 4 + 2 = 12 bytes each.
    const quota: StreamQuota = { ownerField: 'owner', maxBytesPerOwner: 24, maxBytes: 100 };
    expect(await store.streamAppendBounded('q:ob', entry('a', 'xx'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:ob', entry('a', 'xx'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:ob', entry('a', 'x'), { quota })).toEqual({ refused: 'owner_bytes' });
    expect(await store.streamAppendBounded('q:ob', entry('b', 'xx'), { quota })).toHaveProperty('id');
    const [first] = await store.streamGroupRead('q:ob', 'g', 'c', 1);
    expect(await store.streamAck('q:ob', 'g', [first!.id], { delete: true })).toBe(1);
    expect(await store.streamAppendBounded('q:ob', entry('a', 'xx'), { quota })).toHaveProperty('id');
  });

  run('recycleOwn deletes only the owner’s own oldest entries, and only when that makes room', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 4, maxEntriesPerOwner: 3, recycleOwn: true };
    for (const body of ['a1', 'b1', 'a2', 'a3']) await store.streamAppendBounded('q:r', entry(body[0]!, body), { quota });
    // a holds its share (3): its oldest goes.
    expect(await store.streamAppendBounded('q:r', entry('a', 'a4'), { quota })).toEqual({ id: expect.any(String), deleted: 1 });
    expect((await store.streamRange('q:r')).map((e) => e.fields.body)).toEqual(['b1', 'a2', 'a3', 'a4']);
    // The stream is full (4) and b may only recycle its own: b1 goes, a's stay.
    expect(await store.streamAppendBounded('q:r', entry('b', 'b2'), { quota })).toEqual({ id: expect.any(String), deleted: 1 });
    expect((await store.streamRange('q:r')).map((e) => e.fields.body)).toEqual(['a2', 'a3', 'a4', 'b2']);
    // c has nothing of its own to recycle: refused, and nothing was deleted.
    expect(await store.streamAppendBounded('q:r', entry('c', 'c1'), { quota })).toEqual({ refused: 'entries' });
    expect((await store.streamRange('q:r')).map((e) => e.fields.body)).toEqual(['a2', 'a3', 'a4', 'b2']);
  });

  run('an acknowledged and deleted entry gives its room back to its owner and the stream', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 2, maxEntriesPerOwner: 1 };
    const first = (await store.streamAppendBounded('q:ack', entry('a', '1'), { quota })) as { id: string };
    await store.streamAppendBounded('q:ack', entry('b', '2'), { quota });
    expect(await store.streamAppendBounded('q:ack', entry('a', '3'), { quota })).toEqual({ refused: 'owner_entries' });
    // Not delivered yet: an ack (of an id that is not pending) deletes nothing.
    expect(await store.streamAck('q:ack', 'g', [first.id], { delete: true })).toBe(0);
    expect(await store.streamLength('q:ack')).toBe(2);
    const delivered = await store.streamGroupRead('q:ack', 'g', 'c', 1);
    expect(delivered.map((e) => e.id)).toEqual([first.id]);
    expect(await store.streamAck('q:ack', 'g', [first.id], { delete: true })).toBe(1);
    expect((await store.streamRange('q:ack')).map((e) => e.fields.body)).toEqual(['2']);
    expect(await store.streamGroupInfo('q:ack', 'g')).toEqual({ pending: 0, lag: 1, lastDeliveredId: first.id });
    expect(await store.streamAppendBounded('q:ack', entry('a', '3'), { quota })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:ack', entry('c', '4'), { quota })).toEqual({ refused: 'entries' });
  });

  run('a bounded stream that expired starts with an empty quota', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 1 };
    // Long enough that a loaded machine does not expire it between the first two calls.
    expect(await store.streamAppendBounded('q:ttl', entry('a'), { quota, ttlMs: 500 })).toHaveProperty('id');
    expect(await store.streamAppendBounded('q:ttl', entry('a'), { quota, ttlMs: 500 })).toEqual({ refused: 'entries' });
    await sleep(700);
    expect(await store.streamAppendBounded('q:ttl', entry('a'), { quota, ttlMs: 500 })).toHaveProperty('id');
  });

  run('slots: the limit-th member is accepted, the next refused; renewing and releasing', async () => {
    expect(await store.slotAcquire('slots:a', 's1', { ttlMs: 60_000, limit: 2 })).toBe(true);
    expect(await store.slotAcquire('slots:a', 's2', { ttlMs: 60_000, limit: 2 })).toBe(true);
    expect(await store.slotAcquire('slots:a', 's3', { ttlMs: 60_000, limit: 2 })).toBe(false);
    // A member already in the set is renewed, even at the limit.
    expect(await store.slotAcquire('slots:a', 's1', { ttlMs: 60_000, limit: 2 })).toBe(true);
    expect(await store.slotCount('slots:a')).toBe(2);
    expect(await store.slotCount('slots:b')).toBe(0);
    expect(await store.slotRelease('slots:a', 's2')).toBe(true);
    expect(await store.slotRelease('slots:a', 's2')).toBe(false);
    expect(await store.slotAcquire('slots:a', 's3', { ttlMs: 60_000, limit: 2 })).toBe(true);
    // Without a limit the member is always added.
    expect(await store.slotAcquire('slots:a', 's4', { ttlMs: 60_000 })).toBe(true);
    expect(await store.slotCount('slots:a')).toBe(3);
  });

  run('slots: expired members do not count, and the set expires with its last member', async () => {
    expect(await store.slotAcquire('slots:e', 'old', { ttlMs: 500, limit: 1 })).toBe(true);
    expect(await store.slotAcquire('slots:e', 'new', { ttlMs: 500, limit: 1 })).toBe(false);
    await sleep(700);
    expect(await store.slotCount('slots:e')).toBe(0);
    expect(await store.slotAcquire('slots:e', 'new', { ttlMs: 60_000, limit: 1 })).toBe(true);
    const ttl = await store.ttl('slots:e');
    expect(ttl).toBeGreaterThan(50_000);
  });

  run('two writers racing for the last places: exactly the limit wins', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.slotAcquire('slots:race', `m${i}`, { ttlMs: 60_000, limit: 5 })),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 7 };
    const appends = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.streamAppendBounded('q:race', entry(`o${i % 3}`), { quota })),
    );
    expect(appends.filter((r) => 'id' in r)).toHaveLength(7);
    expect(await store.streamLength('q:race')).toBe(7);
  });
});

(redisUrl ? describe : describe.skip)('Store quotas: two RedisStore clients (two replicas)', () => {
  const one = new RedisStore({ url: redisUrl ?? '', keyPrefix: prefix });
  const two = new RedisStore({ url: redisUrl ?? '', keyPrefix: prefix });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
  });

  it('cannot both slip past a quota', async () => {
    const quota: StreamQuota = { ownerField: 'owner', maxEntries: 10, maxEntriesPerOwner: 6 };
    const appends = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).streamAppendBounded('q:replicas', entry('a', String(i)), { quota })),
    );
    expect(appends.filter((r) => 'id' in r)).toHaveLength(6);
    const slots = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).slotAcquire('slots:replicas', `m${i}`, { ttlMs: 60_000, limit: 4 })),
    );
    expect(slots.filter(Boolean)).toHaveLength(4);
  });
});

describe('MemoryStore never evicts', () => {
  it('refuses a new key past maxKeys with a retryable unavailable, and keeps every live key', async () => {
    const store = new MemoryStore({ maxKeys: 3 });
    await store.set('victim', 'live');
    await store.hashSet('h', { a: '1' });
    await store.streamAppend('s', { a: '1' });
    const refused = await store.set('attacker', 'x').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: 'unavailable', retryable: true, data: { quota: 'memory_store_keys', limit: 3 } });
    await expect(store.setIfAbsent('attacker', 'x')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.increment('attacker')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.slotAcquire('attacker', 'm', { ttlMs: 1000 })).rejects.toMatchObject({ code: 'unavailable' });
    expect(await store.get('victim')).toBe('live');
    expect(await store.hashGetAll('h')).toEqual({ a: '1' });
    expect(await store.streamLength('s')).toBe(1);
    // Writes to existing keys still work; a deleted key makes room.
    await store.set('victim', 'updated');
    await store.hashSet('h', { b: '2' });
    await store.streamAppend('s', { b: '2' });
    expect(await store.delete('h')).toBe(true);
    await store.set('attacker', 'x');
    expect(await store.get('victim')).toBe('updated');
    await store.close();
  });

  it('makes room from expired keys only', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ maxKeys: 2, now: () => now });
    await store.set('stale', 'x', { ttlMs: 10 });
    await store.set('live', 'y');
    await expect(store.set('new', 'z')).rejects.toMatchObject({ code: 'unavailable' });
    now += 2_000;
    await store.set('new', 'z');
    expect(await store.get('live')).toBe('y');
    expect(await store.get('new')).toBe('z');
    await store.close();
  });
});

(redisUrl ? describe : describe.skip)('RedisStore at maxmemory (a private redis-server, noeviction)', () => {
  it('refuses writes with a retryable unavailable and keeps every key', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const child: ChildProcess = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory',
        '3mb',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'oom:', connectTimeoutMs: 5_000 });
    try {
      for (let i = 0; i < 100; i++) {
        try {
          await store.ping();
          break;
        } catch {
          await sleep(50);
        }
      }
      await store.set('victim', 'live');
      let refused: unknown;
      for (let i = 0; i < 1_000 && refused === undefined; i++) {
        await store.set(`filler:${i}`, 'x'.repeat(100_000)).catch((error: unknown) => (refused = error));
      }
      expect(refused).toBeInstanceOf(ServiceError);
      expect(refused).toMatchObject({ code: 'unavailable', retryable: true, data: { dependency: 'redis' } });
      expect(await store.get('victim')).toBe('live');
    } finally {
      await store.close();
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    }
  });
});
