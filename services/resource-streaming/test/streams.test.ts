import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compareStreamIds, type RunningService } from '@a2a-mcp/core';
import {
  callOk as ok,
  callOutcome as call,
  connectLegacyClient,
  connectModernClient,
  requireExternalService,
  sleep,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix as uniquePrefix,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';
import { twoReplicas } from './subscription-helpers.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const settings = loadStreamSettings({ STREAM_MAX_EVENTS: '5', STREAM_MAX_WAIT_MS: '3000', STREAM_RESOURCE_EVENTS: '3' });

interface Published {
  stream: string;
  event_id: string;
  published_at: string;
}
interface Event {
  event_id: string;
  type: string;
  data: unknown;
  published_at: string;
}
interface Read {
  stream: string;
  events: Event[];
  next_cursor: string | null;
}

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() } : undefined],
];

describe.each(backends)('streams on the %s store', (_backend, env) => {
  (env ? describe : describe.skip)('behaviour', () => {
    let service: RunningService;
    let writer: ConnectedClient;
    let reader: ConnectedClient;
    beforeAll(async () => {
      service = await startTestService(createResourceStreamingService(settings), { env: env ?? {} });
      writer = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
      reader = await connectModernClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    });
    afterAll(async () => {
      await Promise.all([writer?.close(), reader?.close()]);
      await service?.close();
    });

    it('gives monotonic ids and reads after a cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          (await ok<Published>(writer, 'publish_event', { stream: 'orders', type: 'created', data: JSON.stringify({ i }) })).event_id,
        );
      expect(compareStreamIds(ids[0]!, ids[1]!)).toBeLessThan(0);
      expect(compareStreamIds(ids[1]!, ids[2]!)).toBeLessThan(0);
      const all = await ok<Read>(reader, 'read_stream', { stream: 'orders' });
      expect(all.events.map((e) => [e.event_id, e.type, e.data])).toEqual(ids.map((id, i) => [id, 'created', { i }]));
      expect(all.next_cursor).toBe(ids[2]);
      const page = await ok<Read>(reader, 'read_stream', { stream: 'orders', after: ids[0], max: 1 });
      expect(page.events.map((e) => e.event_id)).toEqual([ids[1]]);
      expect(page.next_cursor).toBe(ids[1]);
      const none = await ok<Read>(reader, 'read_stream', { stream: 'orders', after: ids[2] });
      expect(none).toEqual({ stream: 'orders', events: [], next_cursor: ids[2] });
      expect(await ok<Read>(reader, 'read_stream', { stream: 'empty' })).toEqual({ stream: 'empty', events: [], next_cursor: null });
    });

    it('keeps at most STREAM_MAX_EVENTS events per stream', async () => {
      for (let i = 0; i < 8; i++) await ok(writer, 'publish_event', { stream: 'bounded', data: JSON.stringify(i) });
      const read = await ok<Read>(reader, 'read_stream', { stream: 'bounded', max: 100 });
      expect(read.events.map((e) => e.data)).toEqual([3, 4, 5, 6, 7]);
    });

    it('long-polls for the next event, and caps the wait', async () => {
      const { event_id } = await ok<Published>(writer, 'publish_event', { stream: 'live', data: '"first"' });
      const waiting = ok<Read>(reader, 'read_stream', { stream: 'live', after: event_id, wait_ms: 3_000 });
      await sleep(100);
      await ok(writer, 'publish_event', { stream: 'live', data: '"second"' });
      expect((await waiting).events.map((e) => e.data)).toEqual(['second']);
      const capped = await ok<Read>(reader, 'read_stream', { stream: 'quiet', wait_ms: 600_000 });
      expect(capped.events).toEqual([]);
    });

    it('sends events arriving during the wait as progress notifications', async () => {
      const progress: { progress: number; message?: string }[] = [];
      const waiting = reader.callTool(
        'read_stream',
        { stream: 'progress', max: 2, wait_ms: 3_000 },
        { onprogress: (p) => progress.push(p) },
      );
      await sleep(100);
      await ok(writer, 'publish_event', { stream: 'progress', type: 'tick', data: JSON.stringify(1) });
      await sleep(50);
      await ok(writer, 'publish_event', { stream: 'progress', type: 'tick', data: JSON.stringify(2) });
      const result = (await waiting).structuredContent as unknown as Read;
      expect(result.events.map((e) => e.data)).toEqual([1, 2]);
      expect(progress.map((p) => p.progress)).toEqual([1, 2]);
      expect(progress.map((p) => (JSON.parse(p.message ?? '{}') as Event).data)).toEqual([1, 2]);
    });

    it('serves stream://{name} as NDJSON of the recent events', async () => {
      for (let i = 0; i < 4; i++) await ok(writer, 'publish_event', { stream: 'feed', data: JSON.stringify({ i }) });
      const { contents } = await reader.readResource('stream://feed');
      expect(contents[0]!.mimeType).toBe('application/x-ndjson');
      const lines = contents[0]!
        .text!.trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Event);
      expect(lines.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
      const { resources } = await reader.listResources();
      expect(resources.map((r) => r.uri)).toContain('stream://feed');
    });

    it('rejects bad names and cursors', async () => {
      expect((await call(writer, 'publish_event', { stream: 'a/b', data: JSON.stringify(1) })).code).toBe('invalid_arguments');
      expect((await call(reader, 'read_stream', { stream: 'orders', after: 'latest' })).code).toBe('invalid_arguments');
    });
  });
});

(REDIS_URL ? describe : describe.skip)('replicas sharing Redis', () => {
  const replicas = twoReplicas(REDIS_URL ?? '', settings);

  it('reads in order on one replica what was published on the other', async () => {
    const publisher = await connectLegacyClient(replicas.one.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const subscriber = await connectModernClient(replicas.two.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const waiting = ok<Read>(subscriber, 'read_stream', { stream: 'shared', wait_ms: 3_000 });
    await sleep(100);
    const first = await ok<Published>(publisher, 'publish_event', { stream: 'shared', data: JSON.stringify(0) });
    expect((await waiting).events.map((e) => e.event_id)).toEqual([first.event_id]);
    for (let i = 1; i < 4; i++) await ok(publisher, 'publish_event', { stream: 'shared', data: JSON.stringify(i) });
    const rest = await ok<Read>(subscriber, 'read_stream', { stream: 'shared', after: first.event_id });
    expect(rest.events.map((e) => e.data)).toEqual([1, 2, 3]);
    await Promise.all([publisher.close(), subscriber.close()]);
  });
});
