/**
 * Stream quotas on both stores (memory; the real Redis shared by two replicas): a client publishes
 * to at most STREAM_MAX_PER_CLIENT streams (the N-th accepted, the N+1-th quota_exceeded), and in a
 * shared stream each publisher keeps its own latest STREAM_MAX_EVENTS events and
 * STREAM_MAX_STREAM_BYTES bytes — its oldest make room, another publisher's never do.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOk as ok,
  callOutcome as call,
  connectLegacyClient,
  connectModernClient,
  requireExternalService,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const settings = loadStreamSettings({ STREAM_MAX_PER_CLIENT: '3', STREAM_MAX_EVENTS: '3', STREAM_MAX_STREAM_BYTES: '400' });

interface Read {
  events: { data: unknown }[];
}
type ToolResult = { isError?: boolean; content: { text: string }[]; _meta?: Record<string, unknown> };

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix('stream-quota') } : undefined],
];

describe.each(backends)('stream quotas on the %s store', (_backend, env) => {
  const run = env ? it : it.skip;
  const services: RunningService[] = [];
  let writer: ConnectedClient;
  let writerElsewhere: ConnectedClient;
  let other: ConnectedClient;
  beforeAll(async () => {
    if (!env) return;
    services.push(await startTestService(createResourceStreamingService(settings), { env }));
    if (env.REDIS_URL) services.push(await startTestService(createResourceStreamingService(settings), { env }));
    const [one, two = one] = services as [RunningService, RunningService?];
    writer = await connectLegacyClient(one.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    writerElsewhere = await connectModernClient(two.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    other = await connectModernClient(one.mcpUrl, { 'x-api-key': TEST_KEYS.admin });
  });
  afterAll(async () => {
    await Promise.all([writer?.close(), writerElsewhere?.close(), other?.close()]);
    await Promise.all(services.map((s) => s.close()));
  });

  run('the 3rd stream of a client is accepted, the 4th is quota_exceeded; its own streams stay open to it', async () => {
    await ok(writer, 'publish_event', { stream: 's1', data: JSON.stringify(1) });
    await ok(writerElsewhere, 'publish_event', { stream: 's2', data: JSON.stringify(2) });
    await ok(writer, 'publish_event', { stream: 's3', data: JSON.stringify(3) });
    const refused = (await writerElsewhere.callTool('publish_event', { stream: 's4', data: JSON.stringify(4) })) as ToolResult;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toBe(
      'Quota exceeded: this client already published to 3 streams within the stream lifetime; publish to one of those (quota streams_per_client = 3)',
    );
    expect(refused._meta?.['a2a-mcp/error']).toEqual({
      code: 'quota_exceeded',
      retryable: true,
      data: { quota: 'streams_per_client', limit: 3 },
    });
    expect((await call(writer, 'publish_event', { stream: 's4', data: JSON.stringify(4) })).code).toBe('quota_exceeded');
    expect((await ok<Read>(writer, 'read_stream', { stream: 's4' })).events).toEqual([]);
    await ok(writerElsewhere, 'publish_event', { stream: 's1', data: JSON.stringify('again') });
    // Another client is not affected.
    await ok(other, 'publish_event', { stream: 's4', data: JSON.stringify('theirs') });
    expect((await ok<Read>(writer, 'read_stream', { stream: 's4' })).events.map((e) => e.data)).toEqual(['theirs']);
  });

  run('a publisher cannot push another publisher’s events out of a shared stream', async () => {
    await ok(other, 'publish_event', { stream: 's3', data: JSON.stringify('v1') });
    await ok(other, 'publish_event', { stream: 's3', data: JSON.stringify('v2') });
    // s3 already holds writer's event 3: six more, and writer keeps its latest three.
    for (let i = 1; i <= 6; i++)
      await ok(i % 2 ? writer : writerElsewhere, 'publish_event', { stream: 's3', data: JSON.stringify(`m${i}`) });
    const read = await ok<Read>(other, 'read_stream', { stream: 's3', max: 100 });
    expect(read.events.map((e) => e.data)).toEqual(['v1', 'v2', 'm4', 'm5', 'm6']);
  });

  run('bounds the bytes a publisher keeps in a stream; an event larger than that share is quota_exceeded', async () => {
    // Stored size: "type" + "message" + "data" + JSON + "published_at" + 24 + "publisher" + "writer" ≈ 70 + data.
    for (let i = 0; i < 4; i++) await ok(writer, 'publish_event', { stream: 's2', data: JSON.stringify(`${i}${'x'.repeat(100)}`) });
    const read = await ok<Read>(writer, 'read_stream', { stream: 's2', max: 100 });
    // About 175 bytes each: two fit in 400, the older ones made room.
    expect(read.events.map((e) => String(e.data).slice(0, 1))).toEqual(['2', '3']);
    const big = await call(writer, 'publish_event', { stream: 's2', data: JSON.stringify('x'.repeat(500)) });
    expect(big.code).toBe('quota_exceeded');
    expect(big.message).toBe(
      'Quota exceeded: the event is larger than what one publisher may keep in a stream (quota stream_bytes_per_publisher = 400)',
    );
    expect((await ok<Read>(writer, 'read_stream', { stream: 's2', max: 100 })).events).toHaveLength(2);
  });
});
