/**
 * One contract, two backends: every Store behaviour the services rely on, run against MemoryStore
 * and RedisStore (real Redis at REDIS_URL, a unique key prefix per run).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { compareStreamIds, MemoryStore, ServiceError, type Store } from '../src/index.js';
import { RedisStore } from '../src/store/index.js';
import { deleteRedisPrefix, requireExternalService, uniquePrefix } from './support/external.js';

const redisUrl = requireExternalService('REDIS_URL');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const prefix = uniquePrefix('store');
const backends: [string, (() => Store) | undefined][] = [
  ['memory', () => new MemoryStore()],
  ['redis', redisUrl ? () => new RedisStore({ url: redisUrl, keyPrefix: prefix }) : undefined],
];

afterAll(async () => {
  if (redisUrl) await deleteRedisPrefix(redisUrl, prefix);
});

describe.each(backends)('Store contract: %s', (_name, create) => {
  const store = create?.() as Store;
  const run = create ? it : it.skip;
  afterAll(async () => {
    await store?.close();
  });

  run('strings: get, set, delete', async () => {
    expect(await store.get('s:missing')).toBeUndefined();
    await store.set('s:a', 'one');
    expect(await store.get('s:a')).toBe('one');
    expect(await store.ttl('s:a')).toBeUndefined();
    expect(await store.delete('s:a')).toBe(true);
    expect(await store.delete('s:a')).toBe(false);
    expect(await store.get('s:a')).toBeUndefined();
  });

  run('expiry: ttlMs, ttl and expire', async () => {
    await store.set('t:a', 'x', { ttlMs: 60_000 });
    const ttl = await store.ttl('t:a');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.set('t:a', 'y');
    expect(await store.ttl('t:a')).toBeUndefined();
    await store.set('t:short', 'x', { ttlMs: 30 });
    await sleep(80);
    expect(await store.get('t:short')).toBeUndefined();
    expect(await store.expire('t:missing', 1000)).toBe(false);
    expect(await store.expire('t:a', 30)).toBe(true);
    await sleep(80);
    expect(await store.get('t:a')).toBeUndefined();
  });

  run('setIfAbsent only sets a missing key', async () => {
    expect(await store.setIfAbsent('n:a', 'first', { ttlMs: 10_000 })).toBe(true);
    expect(await store.setIfAbsent('n:a', 'second')).toBe(false);
    expect(await store.get('n:a')).toBe('first');
  });

  run('increment is atomic, starts at 0 and sets ttl only on creation', async () => {
    expect(await store.increment('c:a', 1, { ttlMs: 60_000 })).toBe(1);
    expect(await store.increment('c:a', 5)).toBe(6);
    expect(await store.increment('c:a')).toBe(7);
    expect(await store.increment('c:a', -2)).toBe(5);
    expect(await store.ttl('c:a')).toBeGreaterThan(50_000);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('c:race')));
    expect(new Set(results).size).toBe(50);
    expect(Math.max(...results)).toBe(50);
    expect(await store.ttl('c:race')).toBeUndefined();
  });

  run('compareAndSet and compareAndDelete (leases)', async () => {
    expect(await store.compareAndSet('l:a', undefined, 'owner-1', { ttlMs: 60_000 })).toBe(true);
    expect(await store.compareAndSet('l:a', undefined, 'owner-2')).toBe(false);
    expect(await store.compareAndSet('l:a', 'owner-2', 'owner-3')).toBe(false);
    // Without ttlMs the existing expiry is kept.
    expect(await store.compareAndSet('l:a', 'owner-1', 'owner-1b')).toBe(true);
    expect(await store.ttl('l:a')).toBeGreaterThan(50_000);
    expect(await store.get('l:a')).toBe('owner-1b');
    expect(await store.compareAndDelete('l:a', 'owner-1')).toBe(false);
    expect(await store.compareAndDelete('l:a', 'owner-1b')).toBe(true);
    expect(await store.get('l:a')).toBeUndefined();
    const winners = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent('l:race', `w${i}`)));
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  run('hashes: set, get, getAll, delete, increment, ttl', async () => {
    expect(await store.hashGetAll('h:missing')).toBeUndefined();
    await store.hashSet('h:a', { user: 'ada', role: 'admin' }, { ttlMs: 60_000 });
    await store.hashSet('h:a', { role: 'reader' });
    expect(await store.hashGet('h:a', 'role')).toBe('reader');
    expect(await store.hashGet('h:a', 'nope')).toBeUndefined();
    expect(await store.hashGetAll('h:a')).toEqual({ user: 'ada', role: 'reader' });
    expect(await store.ttl('h:a')).toBeGreaterThan(50_000);
    expect(await store.hashIncrement('h:a', 'hits', 2)).toBe(2);
    expect(await store.hashIncrement('h:a', 'hits')).toBe(3);
    expect(await store.hashDelete('h:a', ['user', 'nope'])).toBe(1);
    expect(await store.hashGetAll('h:a')).toEqual({ role: 'reader', hits: '3' });
    expect(await store.hashDelete('h:a', ['role', 'hits'])).toBe(2);
    expect(await store.hashGetAll('h:a')).toBeUndefined();
    expect(await store.delete('h:a')).toBe(false);
  });

  run('a key of another kind is rejected', async () => {
    await store.set('k:string', 'x');
    await expect(store.hashGet('k:string', 'f')).rejects.toThrow();
    await store.hashSet('k:hash', { f: '1' });
    await expect(store.get('k:hash')).rejects.toThrow();
    await expect(store.streamAppend('k:hash', { a: '1' })).rejects.toThrow();
  });

  run('streams: monotonic ids, range after an id, count, maxLength, ttl', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await store.streamAppend('x:a', { n: String(i) }));
    for (let i = 1; i < ids.length; i++) expect(compareStreamIds(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
    expect(await store.streamLength('x:a')).toBe(5);
    expect((await store.streamRange('x:a')).map((e) => e.fields.n)).toEqual(['0', '1', '2', '3', '4']);
    expect(await store.streamRange('x:a', { after: ids[2]! })).toEqual([
      { id: ids[3], fields: { n: '3' } },
      { id: ids[4], fields: { n: '4' } },
    ]);
    expect((await store.streamRange('x:a', { after: '0', count: 2 })).map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(await store.streamRange('x:a', { after: ids[4]! })).toEqual([]);
    expect(await store.streamRange('x:missing')).toEqual([]);
    expect(await store.streamLength('x:missing')).toBe(0);
    await store.streamAppend('x:a', { n: '5' }, { maxLength: 3, ttlMs: 60_000 });
    expect((await store.streamRange('x:a')).map((e) => e.fields.n)).toEqual(['3', '4', '5']);
    expect(await store.ttl('x:a')).toBeGreaterThan(50_000);
    await expect(store.streamRange('x:a', { after: 'not-an-id' })).rejects.toThrow(TypeError);
  });

  run('streamRead returns what is there without waiting', async () => {
    const first = await store.streamAppend('r:now', { n: '1' });
    expect((await store.streamRead('r:now', { after: '0', blockMs: 5000 })).map((e) => e.id)).toEqual([first]);
    expect(await store.streamRead('r:now', { after: first, blockMs: 0 })).toEqual([]);
  });

  run('streamRead waits for the next append ($ = only new entries)', async () => {
    await store.streamAppend('r:wait', { n: 'old' });
    const reading = store.streamRead('r:wait', { after: '$', blockMs: 5000 });
    await sleep(50);
    const id = await store.streamAppend('r:wait', { n: 'new' });
    expect(await reading).toEqual([{ id, fields: { n: 'new' } }]);
  });

  run('streamRead times out with [] and other operations go on meanwhile', async () => {
    const reading = store.streamRead('r:timeout', { after: '0', blockMs: 150 });
    await store.set('r:other', 'still served');
    expect(await store.get('r:other')).toBe('still served');
    expect(await reading).toEqual([]);
  });

  run('streamRead rejects with the reason when aborted', async () => {
    const controller = new AbortController();
    const reading = store.streamRead('r:abort', { after: '$', blockMs: 10_000, signal: controller.signal });
    await sleep(30);
    controller.abort(new Error('client went away'));
    await expect(reading).rejects.toThrow('client went away');
    // The store still works after an aborted read.
    await store.streamAppend('r:abort', { n: '1' });
    expect(await store.streamLength('r:abort')).toBe(1);
  });

  run('consumer groups: read delivers each entry once, pending until acked, info counts pending and lag', async () => {
    expect(await store.streamGroupRead('g:missing', 'workers', 'w1', 10)).toEqual([]);
    expect(await store.streamGroupInfo('g:missing', 'workers')).toBeUndefined();
    const ids = [];
    for (let n = 1; n <= 3; n++) ids.push(await store.streamAppend('g:a', { n: String(n) }));
    expect(await store.streamGroupInfo('g:a', 'workers')).toBeUndefined();
    // The group starts at the beginning of the stream: entries sent before the first read count.
    const first = await store.streamGroupRead('g:a', 'workers', 'w1', 2);
    expect(first).toEqual([
      { id: ids[0], fields: { n: '1' } },
      { id: ids[1], fields: { n: '2' } },
    ]);
    expect(await store.streamGroupInfo('g:a', 'workers')).toEqual({ pending: 2, lag: 1, lastDeliveredId: ids[1] });
    expect(await store.streamGroupRead('g:a', 'workers', 'w2', 10)).toEqual([{ id: ids[2], fields: { n: '3' } }]);
    expect(await store.streamGroupRead('g:a', 'workers', 'w2', 10)).toEqual([]);
    // Another group sees every entry again.
    expect((await store.streamGroupRead('g:a', 'auditors', 'x', 10)).map((e) => e.id)).toEqual(ids);
    const pending = await store.streamPending('g:a', 'workers', 10);
    expect(pending.map((p) => [p.id, p.consumer, p.deliveries])).toEqual([
      [ids[0], 'w1', 1],
      [ids[1], 'w1', 1],
      [ids[2], 'w2', 1],
    ]);
    expect(await store.streamPending('g:a', 'workers', 1)).toHaveLength(1);
    expect(await store.streamAck('g:a', 'workers', [ids[0]!, ids[0]!, '1-0'])).toBe(1);
    expect(await store.streamAck('g:a', 'workers', [ids[0]!])).toBe(0);
    expect(await store.streamGroupInfo('g:a', 'workers')).toEqual({ pending: 2, lag: 0, lastDeliveredId: ids[2] });
    expect(await store.streamPending('g:a', 'nobody', 10)).toEqual([]);
    expect(await store.streamAck('g:a', 'nobody', [ids[1]!])).toBe(0);
  });

  run('consumer groups: a pending entry idle long enough is claimed once, with its delivery count', async () => {
    const id = await store.streamAppend('g:claim', { job: 'x' });
    await store.streamGroupRead('g:claim', 'workers', 'w1', 10);
    // Not idle for a minute yet: nobody can claim it.
    expect(await store.streamClaim('g:claim', 'workers', 'w2', [id], 60_000)).toEqual([]);
    await sleep(60);
    const claims = await Promise.all([
      store.streamClaim('g:claim', 'workers', 'w2', [id], 50),
      store.streamClaim('g:claim', 'workers', 'w3', [id], 50),
    ]);
    expect(claims.flat()).toEqual([{ id, fields: { job: 'x' } }]);
    const [entry] = await store.streamPending('g:claim', 'workers', 10);
    expect(entry).toMatchObject({ id, deliveries: 2 });
    expect(['w2', 'w3']).toContain(entry!.consumer);
    expect(entry!.idleMs).toBeLessThan(60_000);
    expect(await store.streamClaim('g:claim', 'workers', 'w1', [id], 0)).toEqual([{ id, fields: { job: 'x' } }]);
    expect((await store.streamPending('g:claim', 'workers', 10)).map((p) => [p.consumer, p.deliveries])).toEqual([['w1', 3]]);
    expect(await store.streamClaim('g:claim', 'workers', 'w1', ['99-0'], 0)).toEqual([]);
    await expect(store.streamClaim('g:claim', 'workers', 'w1', ['not-an-id'], 0)).rejects.toThrow(TypeError);
  });

  run('consumer groups: entries trimmed by maxLength are dropped from the pending list when claimed', async () => {
    const old = await store.streamAppend('g:trim', { n: '1' }, { maxLength: 2 });
    await store.streamAppend('g:trim', { n: '2' }, { maxLength: 2 });
    await store.streamGroupRead('g:trim', 'workers', 'w1', 1);
    const kept = await store.streamAppend('g:trim', { n: '3' }, { maxLength: 2 });
    expect(await store.streamLength('g:trim')).toBe(2);
    expect(await store.streamGroupInfo('g:trim', 'workers')).toEqual({ pending: 1, lag: 2, lastDeliveredId: old });
    expect(await store.streamClaim('g:trim', 'workers', 'w1', [old], 0)).toEqual([]);
    expect(await store.streamPending('g:trim', 'workers', 10)).toEqual([]);
    expect((await store.streamGroupRead('g:trim', 'workers', 'w1', 10)).map((e) => e.fields.n)).toEqual(['2', '3']);
    expect(await store.streamGroupInfo('g:trim', 'workers')).toEqual({ pending: 2, lag: 0, lastDeliveredId: kept });
    // The group lives in the stream key: deleting the stream removes it.
    await store.delete('g:trim');
    expect(await store.streamGroupInfo('g:trim', 'workers')).toBeUndefined();
  });

  run('ping resolves while the backend is reachable', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('RedisStore when Redis is unreachable', () => {
  it('fails fast with a retryable unavailable ServiceError, never hangs', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 });
    const error = await store.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('unavailable');
    expect((error as ServiceError).retryable).toBe(true);
    // After the first attempt, operations fail at once instead of waiting for a reconnection.
    await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await store.close();
  });
});
