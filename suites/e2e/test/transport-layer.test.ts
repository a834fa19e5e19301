/**
 * transport-layer: send → dedupe → receive → ack → redelivery of an unacked lease → ack, with one
 * era sending and the other receiving, run twice with the eras swapped; both runs must give the
 * same results apart from message ids and clock times.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callOutcome, sleep } from '@a2a-mcp/testkit';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, storeBackends, type Era, type Harness } from './harness.js';

const TOOLS = CATALOGUE['transport-layer'];
let h: Harness;

interface Sent {
  message_id: string;
  mailbox: string;
  enqueued_at: string;
  deduplicated: boolean;
}
interface Received {
  mailbox: string;
  acked: number;
  messages: {
    message_id: string;
    from: string;
    body: unknown;
    headers: Record<string, string>;
    enqueued_at: string;
    delivery_count: number;
  }[];
}

/** A receive result without ids and clock times. */
const comparable = ({ messages, ...rest }: Received) => ({
  ...rest,
  messages: messages.map(({ message_id: _id, enqueued_at: _at, ...m }) => m),
});

async function chain(sender: Era, receiver: Era): Promise<unknown[]> {
  // The test key's client id is "writer": its own mailbox.
  const first = await h.callEra<Sent>(sender, 'send_message', {
    to: 'writer',
    body: '{"seq":1,"text":"hello"}',
    headers: [{ name: 'trace', value: 't1' }],
    dedupe_key: `first-${sender}`,
  });
  expect(first).toMatchObject({ mailbox: 'writer', deduplicated: false });
  // The same dedupe key within the TTL returns the first message id and enqueues nothing.
  const again = await h.callEra<Sent>(sender, 'send_message', {
    to: 'writer',
    body: '{"seq":1,"text":"hello"}',
    dedupe_key: `first-${sender}`,
  });
  expect(again).toEqual({ ...first, deduplicated: true });
  const second = await h.callEra<Sent>(sender, 'send_message', { to: 'writer', body: '[1,"two",null]' });
  expect(second.message_id).not.toBe(first.message_id);

  // Lease both for 1 s: in order, from the authenticated sender, first delivery.
  const leased = await h.callEra<Received>(receiver, 'receive_messages', { mailbox: 'writer', max: 10, visibility_timeout_s: 1 });
  expect(leased).toEqual({
    mailbox: 'writer',
    acked: 0,
    messages: [
      {
        message_id: first.message_id,
        from: 'writer',
        body: { seq: 1, text: 'hello' },
        headers: { trace: 't1' },
        enqueued_at: first.enqueued_at,
        delivery_count: 1,
      },
      {
        message_id: second.message_id,
        from: 'writer',
        body: [1, 'two', null],
        headers: {},
        enqueued_at: second.enqueued_at,
        delivery_count: 1,
      },
    ],
  });
  // Ack the first only; nothing else is ready while the second is leased.
  const ackFirst = await h.callEra<Received>(receiver, 'receive_messages', { mailbox: 'writer', max: 10, ack: [first.message_id] });
  expect(ackFirst).toEqual({ mailbox: 'writer', acked: 1, messages: [] });

  // At-least-once: once the 1 s lease has run out, the unacked second message is delivered again.
  await sleep(1_200);
  const redelivered = await h.callEra<Received>(receiver, 'receive_messages', { mailbox: 'writer', max: 10 });
  expect(redelivered.messages.map((m) => [m.message_id, m.delivery_count])).toEqual([[second.message_id, 2]]);
  const ackSecond = await h.callEra<Received>(sender, 'receive_messages', { mailbox: 'writer', max: 10, ack: [second.message_id] });
  expect(ackSecond).toEqual({ mailbox: 'writer', acked: 1, messages: [] });
  // Long poll: the receiver waits on its empty mailbox; a message sent meanwhile by the other era
  // is returned (whether it lands before or during the wait).
  const waiting = h.callEra<Received>(receiver, 'receive_messages', { mailbox: 'writer', max: 1, wait_ms: 15_000 });
  await sleep(200);
  const late = await h.callEra<Sent>(sender, 'send_message', { to: 'writer', body: '{"late":true}' });
  const woken = await waiting;
  expect(woken).toEqual({
    mailbox: 'writer',
    acked: 0,
    messages: [
      { message_id: late.message_id, from: 'writer', body: { late: true }, headers: {}, enqueued_at: late.enqueued_at, delivery_count: 1 },
    ],
  });
  const ackLate = await h.callEra<Received>(receiver, 'receive_messages', { mailbox: 'writer', max: 10, ack: [late.message_id] });
  expect(ackLate).toEqual({ mailbox: 'writer', acked: 1, messages: [] });
  return [comparable(leased), comparable(ackFirst), comparable(redelivered), comparable(ackSecond), comparable(woken)];
}

describe.each(storeBackends())('transport-layer through both eras, %s store', (_store, env) => {
  beforeAll(async () => {
    h = await openService(await SERVICES['transport-layer'](), env ? { key: 'write', env } : { key: 'write' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists exactly its two tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('delivers legacy → modern and modern → legacy with the same results', async () => {
    const legacySends = await chain('legacy', 'modern');
    const modernSends = await chain('modern', 'legacy');
    expect(modernSends).toEqual(legacySends);
  });

  it('refuses another client’s mailbox to a non-admin, in both eras', async () => {
    for (const era of ['legacy', 'modern'] as const) {
      // HTTP 403 insufficient_scope (scope admin) from the endpoint, before the tool runs; the SDK client raises it (the 2026 client in words of its own).
      await expect(callOutcome(h.clients[era], 'receive_messages', { mailbox: 'reader', max: 1 })).rejects.toThrow(
        /Tool receive_messages needs the \\"admin\\" permission|Insufficient scope: required "admin"/,
      );
    }
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
