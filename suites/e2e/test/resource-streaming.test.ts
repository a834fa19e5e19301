/**
 * resource-streaming: publish → read → read after a cursor → long-poll an empty tail, with one
 * era publishing and the other reading, run twice with the eras swapped on fresh streams; both
 * runs must give the same results apart from event ids and clock times.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sleep } from '@a2a-mcp/testkit';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, storeBackends, type Era, type Harness } from './harness.js';

const TOOLS = CATALOGUE['resource-streaming'];
let h: Harness;

interface Published {
  stream: string;
  event_id: string;
  published_at: string;
}
interface Read {
  stream: string;
  events: { event_id: string; type: string; data: unknown; published_at: string }[];
  next_cursor: string | null;
}

/** Event ids are `<ms>-<seq>`: compares them as (ms, seq) pairs. */
function idOrder(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am - bm : as - bs;
}

const comparable = ({ stream: _s, events, next_cursor }: Read) => ({
  events: events.map(({ type, data }) => ({ type, data })),
  cursor: next_cursor === null ? null : 'set',
});

async function chain(publisher: Era, reader: Era): Promise<unknown[]> {
  const stream = `e2e-${publisher}-${randomBytes(4).toString('hex')}`;
  const one = await h.callEra<Published>(publisher, 'publish_event', { stream, data: '{"n":1}' });
  const two = await h.callEra<Published>(publisher, 'publish_event', { stream, type: 'update', data: '[1,"two",null]' });
  const three = await h.callEra<Published>(publisher, 'publish_event', { stream, type: 'update', data: '"three"' });
  expect([one.stream, two.stream, three.stream]).toEqual([stream, stream, stream]);
  // Monotonic per stream.
  expect(idOrder(one.event_id, two.event_id)).toBeLessThan(0);
  expect(idOrder(two.event_id, three.event_id)).toBeLessThan(0);

  const all = await h.callEra<Read>(reader, 'read_stream', { stream });
  expect(all).toEqual({
    stream,
    events: [
      { event_id: one.event_id, type: 'message', data: { n: 1 }, published_at: one.published_at },
      { event_id: two.event_id, type: 'update', data: [1, 'two', null], published_at: two.published_at },
      { event_id: three.event_id, type: 'update', data: 'three', published_at: three.published_at },
    ],
    next_cursor: three.event_id,
  });
  // After the first event, at most one: the second, and the cursor points at it.
  const page = await h.callEra<Read>(reader, 'read_stream', { stream, after: one.event_id, max: 1 });
  expect(page.events.map((e) => e.event_id)).toEqual([two.event_id]);
  expect(page.next_cursor).toBe(two.event_id);
  // The publisher's era continues from that cursor.
  const rest = await h.callEra<Read>(publisher, 'read_stream', { stream, after: page.next_cursor!, max: 10 });
  expect(rest.events.map((e) => e.event_id)).toEqual([three.event_id]);
  // At the tail a short long poll returns no events.
  const tail = await h.callEra<Read>(reader, 'read_stream', { stream, after: three.event_id, wait_ms: 50 });
  expect(tail.events).toEqual([]);
  // Long poll with a progress token: the reader waits for one event, the publisher's era sends it.
  // Whether the event lands before or during the wait, the read returns exactly that event; when it
  // arrived during the wait it was also sent as a progress notification (progress 1 of max 1).
  const progress: { progress: number; total?: number; message?: string }[] = [];
  const waiting = h.callEra<Read>(
    reader,
    'read_stream',
    { stream, after: three.event_id, max: 1, wait_ms: 15_000 },
    { onprogress: (p) => progress.push(p) },
  );
  await sleep(200);
  const four = await h.callEra<Published>(publisher, 'publish_event', { stream, type: 'late', data: '{"n":4}' });
  const woken = await waiting;
  expect(woken).toEqual({
    stream,
    events: [{ event_id: four.event_id, type: 'late', data: { n: 4 }, published_at: four.published_at }],
    next_cursor: four.event_id,
  });
  expect(progress.length).toBeLessThanOrEqual(1);
  for (const p of progress) {
    expect(p).toMatchObject({ progress: 1, total: 1 });
    expect(JSON.parse(p.message!)).toEqual(woken.events[0]);
  }
  return [comparable(all), comparable(page), comparable(rest), comparable(tail), comparable(woken)];
}

describe.each(storeBackends())('resource-streaming through both eras, %s store', (_store, env) => {
  beforeAll(async () => {
    h = await openService(await SERVICES['resource-streaming'](), env ? { key: 'write', env } : { key: 'write' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists exactly its two tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('publishes and reads legacy → modern and modern → legacy with the same results', async () => {
    const legacyPublishes = await chain('legacy', 'modern');
    const modernPublishes = await chain('modern', 'legacy');
    expect(modernPublishes).toEqual(legacyPublishes);
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
