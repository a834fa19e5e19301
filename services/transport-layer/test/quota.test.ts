/**
 * Mailbox quotas on both stores (memory; the real Redis shared by two replicas): a sender cannot
 * push out what others put in a mailbox — past its share, or past the mailbox's bound, its send is
 * refused with the retryable quota_exceeded naming the quota, and every message already there is
 * delivered. Received-and-acked messages give their room back.
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
import { createTransportLayerService, loadTransportSettings } from '../src/service.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const CLIENTS = ['victim', 'inbox', 'mallory', 'late'] as const;
const keyOf = (client: string) => `transport-quota-key-${client}-0123456789abcdef`;
const API_KEYS = [`${TEST_KEYS.admin}:operator:admin`, ...CLIENTS.map((c) => `${keyOf(c)}:${c}:write`)].join(' ');

interface Message {
  message_id: string;
  from: string;
  body: unknown;
}
interface Received {
  messages: Message[];
}
type ToolResult = { isError?: boolean; content: { text: string }[]; _meta?: Record<string, unknown> };

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix('transport-quota') } : undefined],
];

describe.each(backends)('mailbox quotas on the %s store', (_backend, env) => {
  const run = env ? it : it.skip;
  const services: RunningService[] = [];
  const clients: Record<string, ConnectedClient> = {};
  beforeAll(async () => {
    if (!env) return;
    const settings = loadTransportSettings({
      TRANSPORT_MAX_MAILBOX_DEPTH: '5',
      TRANSPORT_MAX_MESSAGES_PER_SENDER: '3',
      TRANSPORT_MAX_BYTES_PER_SENDER: '2000',
    });
    services.push(await startTestService(createTransportLayerService(settings), { env: { ...env, MCP_API_KEYS: API_KEYS } }));
    // With Redis mallory writes through a second replica: the quota is shared.
    if (env.REDIS_URL)
      services.push(await startTestService(createTransportLayerService(settings), { env: { ...env, MCP_API_KEYS: API_KEYS } }));
    const [one, two = one] = services as [RunningService, RunningService?];
    clients.victim = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('victim') });
    clients.inbox = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('inbox') });
    clients.mallory = await connectModernClient(two.mcpUrl, { 'x-api-key': keyOf('mallory') });
    clients.late = await connectLegacyClient(one.mcpUrl, { 'x-api-key': keyOf('late') });
  });
  afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.close()));
    await Promise.all(services.map((s) => s.close()));
  });

  run('the 3rd message of a sender is accepted, the 4th refused; the 5-message mailbox refuses the 6th; nothing is dropped', async () => {
    await ok(clients.victim!, 'send_message', { to: 'inbox', body: JSON.stringify('v1') });
    await ok(clients.victim!, 'send_message', { to: 'inbox', body: JSON.stringify('v2') });
    for (let i = 1; i <= 3; i++) await ok(clients.mallory!, 'send_message', { to: 'inbox', body: JSON.stringify(`m${i}`) });
    const refused = (await clients.mallory!.callTool('send_message', { to: 'inbox', body: JSON.stringify('m4') })) as ToolResult;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toBe(
      'Quota exceeded: you already have the maximum of unfinished messages in this mailbox; retry once the recipient has received some (quota mailbox_messages_per_sender = 3)',
    );
    expect(refused._meta?.['a2a-mcp/error']).toEqual({
      code: 'quota_exceeded',
      retryable: true,
      data: { quota: 'mailbox_messages_per_sender', limit: 3 },
    });
    // The mailbox is full (2 + 3 = 5): a third sender is refused too, with the mailbox's quota.
    const full = await call(clients.late!, 'send_message', { to: 'inbox', body: JSON.stringify('l1'), dedupe_key: 'once' });
    expect(full.code).toBe('quota_exceeded');
    expect(full.message).toBe(
      'Quota exceeded: the mailbox holds its maximum of unfinished messages; retry once the recipient has received some (quota mailbox_messages = 5)',
    );
    // Everything that was accepted is delivered, the victim's messages first.
    const received = await ok<Received>(clients.inbox!, 'receive_messages', { mailbox: 'inbox', max: 100, visibility_timeout_s: 60 });
    expect(received.messages.map((m) => [m.from, m.body])).toEqual([
      ['victim', 'v1'],
      ['victim', 'v2'],
      ['mallory', 'm1'],
      ['mallory', 'm2'],
      ['mallory', 'm3'],
    ]);
    // Leased but not acked: still unfinished, still counted.
    expect((await call(clients.late!, 'send_message', { to: 'inbox', body: JSON.stringify('l1'), dedupe_key: 'once' })).code).toBe(
      'quota_exceeded',
    );
    // Acking two of mallory's frees two places: one for mallory, one for the refused sender (same dedupe key, sent now).
    await ok(clients.inbox!, 'receive_messages', { mailbox: 'inbox', max: 0, ack: received.messages.slice(2, 4).map((m) => m.message_id) });
    const late = await ok<{ deduplicated: boolean }>(clients.late!, 'send_message', {
      to: 'inbox',
      body: JSON.stringify('l1'),
      dedupe_key: 'once',
    });
    expect(late.deduplicated).toBe(false);
    await ok(clients.mallory!, 'send_message', { to: 'inbox', body: JSON.stringify('m4') });
    expect((await call(clients.mallory!, 'send_message', { to: 'inbox', body: JSON.stringify('m5') })).code).toBe('quota_exceeded');
    const next = await ok<Received>(clients.inbox!, 'receive_messages', { mailbox: 'inbox', max: 100, visibility_timeout_s: 60 });
    expect(next.messages.map((m) => m.body)).toEqual(['l1', 'm4']);
    await ok(clients.inbox!, 'receive_messages', {
      mailbox: 'inbox',
      max: 0,
      ack: [...received.messages, ...next.messages].map((m) => m.message_id),
    });
  });

  run('bounds the bytes one sender may have in a mailbox (TRANSPORT_MAX_BYTES_PER_SENDER)', async () => {
    // Each stored message is a little over 1000 bytes: the second passes 2000.
    await ok(clients.mallory!, 'send_message', { to: 'victim', body: JSON.stringify('x'.repeat(1000)) });
    const refused = await call(clients.mallory!, 'send_message', { to: 'victim', body: JSON.stringify('x'.repeat(1000)) });
    expect(refused.code).toBe('quota_exceeded');
    expect(refused.message).toBe(
      'Quota exceeded: your unfinished messages in this mailbox hold the maximum of bytes; retry once the recipient has received some (quota mailbox_bytes_per_sender = 2000)',
    );
    await ok(clients.late!, 'send_message', { to: 'victim', body: JSON.stringify('x'.repeat(1000)) });
  });
});
