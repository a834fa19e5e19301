import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOk as ok,
  callOutcome as call,
  connectLegacyClient,
  connectModernClient,
  freePort,
  metricSamples,
  requireExternalService,
  sleep,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix as uniquePrefix,
  waitForHealth,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createTransportLayerService, loadTransportSettings } from '../src/service.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const CLIENTS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'] as const;
const keyOf = (client: string) => `transport-test-key-${client}-0123456789abcdef`;
const API_KEYS = [`${TEST_KEYS.admin}:operator:admin`, ...CLIENTS.map((c) => `${keyOf(c)}:${c}:write`)].join(' ');
const settings = loadTransportSettings({ TRANSPORT_MAX_DELIVERIES: '2', TRANSPORT_MAX_WAIT_MS: '5000' });

interface Message {
  message_id: string;
  from: string;
  body: unknown;
  headers: Record<string, string>;
  delivery_count: number;
}
interface Received {
  mailbox: string;
  acked: number;
  messages: Message[];
}
interface Sent {
  message_id: string;
  mailbox: string;
  enqueued_at: string;
  deduplicated: boolean;
}

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() } : undefined],
];

describe.each(backends)('transport on the %s store', (_backend, env) => {
  (env ? describe : describe.skip)('behaviour', () => {
    let service: RunningService;
    const clients: Record<string, ConnectedClient> = {};
    beforeAll(async () => {
      service = await startTestService(createTransportLayerService(settings), { env: { ...env, MCP_API_KEYS: API_KEYS } });
      for (const c of CLIENTS) clients[c] = await connectLegacyClient(service.mcpUrl, { 'x-api-key': keyOf(c) });
      clients.operator = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.admin });
    });
    afterAll(async () => {
      await Promise.all(Object.values(clients).map((c) => c.close()));
      await service?.close();
    });

    it('delivers with the authenticated sender; an ack finishes the message', async () => {
      const sent = await ok<Sent>(clients.c0!, 'send_message', {
        to: 'c1',
        body: JSON.stringify({ hello: 'world' }),
        headers: [{ name: 'content-type', value: 'greeting' }],
      });
      expect(sent).toMatchObject({ mailbox: 'c1', deduplicated: false });
      const first = await ok<Received>(clients.c1!, 'receive_messages', { mailbox: 'c1', max: 10, visibility_timeout_s: 60 });
      expect(first.messages).toEqual([
        {
          message_id: sent.message_id,
          from: 'c0',
          body: { hello: 'world' },
          headers: { 'content-type': 'greeting' },
          enqueued_at: sent.enqueued_at,
          delivery_count: 1,
        },
      ]);
      const second = await ok<Received>(clients.c1!, 'receive_messages', { mailbox: 'c1', ack: [sent.message_id], max: 10 });
      expect(second).toEqual({ mailbox: 'c1', acked: 1, messages: [] });
    });

    it('keeps mailboxes private; admin may read any', async () => {
      await ok(clients.c0!, 'send_message', { to: 'c2', body: JSON.stringify(1) });
      // Refused by the endpoint before the tool runs: HTTP 403 insufficient_scope (scope admin), which the SDK client raises.
      await expect(call(clients.c3!, 'receive_messages', { mailbox: 'c2' })).rejects.toThrow(
        'Tool receive_messages needs the \\"admin\\" permission',
      );
      await expect(call(clients.c3!, 'receive_messages', { mailbox: 'dead-letter:c2' })).rejects.toThrow(
        'Tool receive_messages needs the \\"admin\\" permission',
      );
      const byAdmin = await ok<Received>(clients.operator!, 'receive_messages', { mailbox: 'c2', visibility_timeout_s: 60 });
      expect(byAdmin.messages.map((m) => m.body)).toEqual([1]);
      await ok(clients.c2!, 'receive_messages', { mailbox: 'c2', max: 0, ack: [byAdmin.messages[0]!.message_id] });
    });

    it('refuses a mailbox name with a lone surrogate as invalid_arguments (it cannot be a key)', async () => {
      const lone = await call(clients.c0!, 'send_message', { to: 'c1\ud800', body: JSON.stringify(1), dedupe_key: 'k' });
      expect(lone.code).toBe('invalid_arguments');
      expect(lone.message).toBe('Invalid arguments for tool send_message: to: must be printable, without spaces or lone surrogates');
      expect((await call(clients.c1!, 'receive_messages', { mailbox: '\udc00' })).code).toBe('invalid_arguments');
      // A well-formed pair (U+1F600) is a printable character like any other.
      expect(await ok<Received>(clients.operator!, 'receive_messages', { mailbox: 'c4\ud83d\ude00' })).toEqual({
        mailbox: 'c4\u{1f600}',
        acked: 0,
        messages: [],
      });
    });

    it('redelivers a message not acked within the visibility timeout (at-least-once)', async () => {
      const sent = await ok<Sent>(clients.c0!, 'send_message', { to: 'c3', body: '"again"' });
      const first = await ok<Received>(clients.c3!, 'receive_messages', { mailbox: 'c3', visibility_timeout_s: 1 });
      expect(first.messages.map((m) => m.delivery_count)).toEqual([1]);
      expect((await ok<Received>(clients.c3!, 'receive_messages', { mailbox: 'c3' })).messages).toEqual([]);
      // Long poll: wakes up when the lease runs out.
      const second = await ok<Received>(clients.c3!, 'receive_messages', { mailbox: 'c3', wait_ms: 4_000, visibility_timeout_s: 60 });
      expect(second.messages.map((m) => [m.message_id, m.delivery_count])).toEqual([[sent.message_id, 2]]);
      await ok(clients.c3!, 'receive_messages', { mailbox: 'c3', max: 0, ack: [sent.message_id] });
    });

    it('moves a message to dead-letter:<mailbox> after the maximum deliveries', async () => {
      const sent = await ok<Sent>(clients.c0!, 'send_message', { to: 'c4', body: JSON.stringify({ poison: true }) });
      for (let delivery = 1; delivery <= 2; delivery++) {
        const r = await ok<Received>(clients.c4!, 'receive_messages', { mailbox: 'c4', visibility_timeout_s: 1, wait_ms: 3_000 });
        expect(r.messages.map((m) => m.delivery_count)).toEqual([delivery]);
      }
      await sleep(1_100);
      expect((await ok<Received>(clients.c4!, 'receive_messages', { mailbox: 'c4' })).messages).toEqual([]);
      const dead = await ok<Received>(clients.c4!, 'receive_messages', { mailbox: 'dead-letter:c4', visibility_timeout_s: 60 });
      expect(dead.messages.map((m) => [m.from, m.body])).toEqual([['c0', { poison: true }]]);
      expect(dead.messages[0]!.message_id).not.toBe(sent.message_id);
    });

    it('returns the first message id for a repeated dedupe_key', async () => {
      const first = await ok<Sent>(clients.c0!, 'send_message', { to: 'c5', body: JSON.stringify(1), dedupe_key: 'order-42' });
      const again = await ok<Sent>(clients.c0!, 'send_message', { to: 'c5', body: JSON.stringify(2), dedupe_key: 'order-42' });
      expect(again).toEqual({ ...first, deduplicated: true });
      const other = await ok<Sent>(clients.c1!, 'send_message', { to: 'c5', body: JSON.stringify(3), dedupe_key: 'order-42' });
      expect(other.message_id).not.toBe(first.message_id);
      const parallel = await Promise.all(
        Array.from({ length: 5 }, () =>
          ok<Sent>(clients.c0!, 'send_message', { to: 'c5', body: JSON.stringify(4), dedupe_key: 'order-43' }),
        ),
      );
      expect(new Set(parallel.map((p) => p.message_id)).size).toBe(1);
      const got = await ok<Received>(clients.c5!, 'receive_messages', { mailbox: 'c5', max: 10, visibility_timeout_s: 60 });
      expect(got.messages.map((m) => m.body)).toEqual([1, 3, 4]);
    });

    it('long-polls until a message arrives, and caps wait_ms', async () => {
      const waiting = ok<Received>(clients.c6!, 'receive_messages', { mailbox: 'c6', wait_ms: 4_000, visibility_timeout_s: 60 });
      await sleep(100);
      await ok(clients.c0!, 'send_message', { to: 'c6', body: '"late"' });
      expect((await waiting).messages.map((m) => m.body)).toEqual(['late']);
      const capped = await ok<Received>(clients.c7!, 'receive_messages', { mailbox: 'c7', wait_ms: 600_000 });
      expect(capped.messages).toEqual([]);
    });

    it('reports mailbox depth, in-flight messages and dead letters on /metrics', async () => {
      // A service of its own (fresh store or key prefix), so every total starts at 0.
      const own = await startTestService(createTransportLayerService(settings), {
        env: { ...env, ...(env?.REDIS_URL ? { REDIS_KEY_PREFIX: uniquePrefix() } : {}), MCP_API_KEYS: API_KEYS },
      });
      const connected = await Promise.all(['c0', 'c1', 'c2'].map((c) => connectLegacyClient(own.mcpUrl, { 'x-api-key': keyOf(c) })));
      const [sender, one, two] = connected as [ConnectedClient, ConnectedClient, ConnectedClient];
      const gauges = async () => {
        const read = async (name: string) =>
          (await metricSamples(own.url, name)).map((line) => line.replace(`${name}{service="transport-layer"} `, ''));
        return {
          depth: await read('mcp_mailbox_depth'),
          inFlight: await read('mcp_messages_in_flight'),
          deadLetters: await read('mcp_mailbox_dead_letters'),
        };
      };
      try {
        expect(await gauges()).toEqual({ depth: ['0'], inFlight: ['0'], deadLetters: ['0'] });
        for (let i = 0; i < 3; i++) await ok(sender, 'send_message', { to: 'c1', body: JSON.stringify(i) });
        await ok(sender, 'send_message', { to: 'c2', body: '"poison"' });
        expect(await gauges()).toEqual({ depth: ['4'], inFlight: ['0'], deadLetters: ['0'] });
        const leased = await ok<Received>(one, 'receive_messages', { mailbox: 'c1', max: 2, visibility_timeout_s: 60 });
        expect(await gauges()).toEqual({ depth: ['4'], inFlight: ['2'], deadLetters: ['0'] });
        await ok(one, 'receive_messages', { mailbox: 'c1', max: 0, ack: [leased.messages[0]!.message_id] });
        expect(await gauges()).toEqual({ depth: ['3'], inFlight: ['1'], deadLetters: ['0'] });
        // c2's message: delivered twice (the maximum here), never acked, then dead-lettered.
        await ok(two, 'receive_messages', { mailbox: 'c2', visibility_timeout_s: 1 });
        expect(
          (await ok<Received>(two, 'receive_messages', { mailbox: 'c2', visibility_timeout_s: 1, wait_ms: 3_000 })).messages.map(
            (m) => m.delivery_count,
          ),
        ).toEqual([2]);
        await sleep(1_100);
        expect((await ok<Received>(two, 'receive_messages', { mailbox: 'c2' })).messages).toEqual([]);
        // Left: c1's two unacked messages (one leased for 60 s), and c2's dead letter.
        expect(await gauges()).toEqual({ depth: ['2'], inFlight: ['1'], deadLetters: ['1'] });
      } finally {
        await Promise.all(connected.map((c) => c.close()));
        await own.close();
      }
    });

    it('reports transport://stats', async () => {
      const stats = JSON.parse((await clients.operator!.readResource('transport://stats')).contents[0]!.text!) as {
        counters: Record<string, number>;
        mailboxes: { mailbox: string; depth: number; in_flight: number; dead_letters: number }[];
      };
      expect(stats.counters.dead_lettered).toBe(1);
      expect(stats.mailboxes.find((m) => m.mailbox === 'c4')).toEqual({ mailbox: 'c4', depth: 0, in_flight: 0, dead_letters: 1 });
      expect(stats.mailboxes.find((m) => m.mailbox === 'c5')).toMatchObject({ depth: 3, in_flight: 3 });
      const own = JSON.parse((await clients.c5!.readResource('transport://stats')).contents[0]!.text!) as {
        mailboxes: { mailbox: string }[];
      };
      expect(own.mailboxes.map((m) => m.mailbox)).toEqual(['c5']);
    });
  });
});

(REDIS_URL ? describe : describe.skip)('replicas sharing Redis', () => {
  const env = { REDIS_URL: REDIS_URL ?? '', REDIS_KEY_PREFIX: uniquePrefix(), MCP_API_KEYS: API_KEYS };
  let one: RunningService;
  let two: RunningService;
  beforeAll(async () => {
    one = await startTestService(createTransportLayerService(settings), { env });
    two = await startTestService(createTransportLayerService(settings), { env });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it('delivers a message sent through one replica to a long poll on the other', async () => {
    const sender = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('c0') });
    const receiver = await connectModernClient(two.mcpUrl, { 'x-api-key': keyOf('c1') });
    const waiting = ok<Received>(receiver, 'receive_messages', { mailbox: 'c1', wait_ms: 4_000, visibility_timeout_s: 60 });
    await sleep(100);
    const sent = await ok<Sent>(sender, 'send_message', { to: 'c1', body: JSON.stringify({ via: 'one' }) });
    expect((await waiting).messages).toMatchObject([{ message_id: sent.message_id, from: 'c0', body: { via: 'one' } }]);
    await Promise.all([sender.close(), receiver.close()]);
  });

  it('leases each message to one receiver when both replicas receive from one mailbox at once', async () => {
    const sender = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('c0') });
    const viaOne = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('c3') });
    const viaTwo = await connectModernClient(two.mcpUrl, { 'x-api-key': keyOf('c3') });
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) sent.push((await ok<Sent>(sender, 'send_message', { to: 'c3', body: JSON.stringify(i) })).message_id);
    const drain = async (client: ConnectedClient) => {
      const got: Message[] = [];
      for (;;) {
        const batch = await ok<Received>(client, 'receive_messages', { mailbox: 'c3', max: 3, visibility_timeout_s: 60 });
        if (batch.messages.length === 0) return got;
        got.push(...batch.messages);
      }
    };
    const [a, b] = await Promise.all([drain(viaOne), drain(viaTwo)]);
    const all = [...a, ...b].map((m) => m.message_id);
    expect(all.sort()).toEqual([...sent].sort());
    expect([...a, ...b].every((m) => m.delivery_count === 1)).toBe(true);
    const acked = await Promise.all([
      ok<Received>(viaOne, 'receive_messages', { mailbox: 'c3', max: 0, ack: a.map((m) => m.message_id) }),
      ok<Received>(viaTwo, 'receive_messages', { mailbox: 'c3', max: 0, ack: b.map((m) => m.message_id) }),
    ]);
    expect(acked[0].acked + acked[1].acked).toBe(20);
    await Promise.all([sender.close(), viaOne.close(), viaTwo.close()]);
  });

  it('loses nothing when a replica process is killed while messages are leased', async () => {
    const port = await freePort();
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const child: ChildProcess = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: 'ignore',
    });
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`);
      const viaChild = await connectLegacyClient(`http://127.0.0.1:${port}/mcp`, { 'x-api-key': keyOf('c2') });
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await ok<Sent>(viaChild, 'send_message', { to: 'c2', body: JSON.stringify(i) })).message_id);
      const leased = await ok<Received>(viaChild, 'receive_messages', { mailbox: 'c2', max: 10, visibility_timeout_s: 1 });
      expect(leased.messages).toHaveLength(5);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await viaChild.close().catch(() => undefined);
      const survivor = await connectLegacyClient(two.mcpUrl, { 'x-api-key': keyOf('c2') });
      const redelivered = await ok<Received>(survivor, 'receive_messages', {
        mailbox: 'c2',
        max: 10,
        wait_ms: 4_000,
        visibility_timeout_s: 60,
      });
      expect(redelivered.messages.map((m) => m.message_id)).toEqual(ids);
      expect(redelivered.messages.every((m) => m.delivery_count === 2)).toBe(true);
      await survivor.close();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
