import { describe, expect, it } from '@jest/globals';
import { MemoryStore } from '@a2a-mcp/core';
import { ackMessages, appendMessage, receiveMessages } from './mailbox.js';

const options = { max: 10, visibilityMs: 60_000, maxDeliveries: 3, maxDepth: 100 };
const quota = { maxMessages: 100, maxMessagesPerSender: 100, maxBytes: 1_000_000, maxBytesPerSender: 1_000_000 };

describe('receiveMessages', () => {
  it('ends a long poll at once, without messages, when the caller goes away', async () => {
    const store = new MemoryStore();
    const controller = new AbortController();
    const started = Date.now();
    const pending = receiveMessages(store, 'a', { ...options, waitMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await expect(pending).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
    await store.close();
  });

  it('wakes a waiting receive when a message arrives, and skips acked messages', async () => {
    const store = new MemoryStore();
    const pending = receiveMessages(store, 'a', { ...options, waitMs: 60_000, signal: new AbortController().signal });
    const { message_id } = await appendMessage(store, {
      to: 'a',
      from: 'b',
      body: { n: 1 },
      headers: {},
      ttlMs: 60_000,
      sender: 'b',
      quota,
    });
    const [message] = await pending;
    expect(message).toMatchObject({ message_id, from: 'b', body: { n: 1 }, delivery_count: 1 });
    await ackMessages(store, 'a', [message_id]);
    await appendMessage(store, { to: 'a', from: 'b', body: { n: 2 }, headers: {}, ttlMs: 60_000, sender: 'b', quota });
    const next = await receiveMessages(store, 'a', { ...options, waitMs: 0, signal: new AbortController().signal });
    expect(next.map((m) => m.body)).toEqual([{ n: 2 }]);
    await store.close();
  });

  it('skips expired messages', async () => {
    const store = new MemoryStore();
    await appendMessage(store, { to: 'a', from: 'b', body: 1, headers: {}, ttlMs: 1, sender: 'b', quota });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await receiveMessages(store, 'a', { ...options, waitMs: 0, signal: new AbortController().signal })).toEqual([]);
    await store.close();
  });
});
