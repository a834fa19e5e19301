import { createHash, randomBytes } from 'node:crypto';
import { defineTool, jsonText, keyValueList, quotaSubject, ServiceError, z } from '@a2a-mcp/core';
import { keys } from '../lib/keys.js';
import { appendMessage, dedupeInProgress } from '../lib/mailbox.js';
import { mailboxQuota, type TransportSettings } from '../settings.js';
import { mailboxField } from './common.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PENDING_TTL_MS = 10_000;

/** `send_message`: appends a message to the recipient's mailbox; the sender is the caller. */
export function createSendMessageTool(settings: TransportSettings) {
  return defineTool({
    name: 'send_message',
    title: 'Send message',
    description: `Sends a JSON message to another agent's mailbox (its client id). The body is JSON text (any JSON value, encoded), headers a list of name/value pairs. The sender is the authenticated caller. A dedupe_key repeated within the message TTL returns the first message id instead of sending again. A mailbox holds at most ${settings.TRANSPORT_MAX_MAILBOX_DEPTH} unfinished messages, at most ${settings.TRANSPORT_MAX_MESSAGES_PER_SENDER} of them from one sender: past that the send fails with the retryable quota_exceeded (nothing already in the mailbox is dropped).`,
    permission: 'write',
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false },
    input: z.object({
      to: mailboxField.describe("Recipient mailbox: the recipient's client id"),
      body: jsonText(z.json(), {
        description:
          'Message body: any JSON value written as JSON text, e.g. "{\\"task\\":\\"resize\\",\\"id\\":7}"; a plain string keeps its quotes ("\\"hello\\""). The recipient receives the decoded value',
      }),
      headers: keyValueList({
        key: ['name', z.string().max(200)],
        value: ['value', z.string().max(4096)],
        maxItems: 100,
        description:
          'String headers (content type, correlation id, ...) as [{"name": "content-type", "value": "application/json"}]; the recipient receives them as an object',
      }).optional(),
      ttl_seconds: z
        .number()
        .int()
        .positive()
        .max(settings.TRANSPORT_MAX_TTL_SECONDS)
        .optional()
        .describe(`Message time to live and dedupe window in seconds (default ${settings.TRANSPORT_DEFAULT_TTL_SECONDS})`),
      dedupe_key: z.string().min(1).max(200).optional().describe('Idempotency key: a repeat within the TTL returns the first message id'),
    }),
    output: z.object({
      message_id: z.string(),
      mailbox: z.string(),
      enqueued_at: z.string(),
      deduplicated: z.boolean().describe('True when dedupe_key matched an earlier message and nothing was sent'),
    }),
    handler: async ({ to, body, headers = {}, ttl_seconds = settings.TRANSPORT_DEFAULT_TTL_SECONDS, dedupe_key }, ctx) => {
      if (to.startsWith('dead-letter:'))
        throw new ServiceError('invalid_arguments', 'dead-letter mailboxes cannot be sent to', { data: { field: 'to' } });
      const size = Buffer.byteLength(JSON.stringify(body)) + Buffer.byteLength(JSON.stringify(headers));
      if (size > settings.TRANSPORT_MAX_MESSAGE_BYTES)
        throw new ServiceError('invalid_arguments', `message is larger than ${settings.TRANSPORT_MAX_MESSAGE_BYTES} bytes`, {
          data: { limit: settings.TRANSPORT_MAX_MESSAGE_BYTES },
        });
      const from = ctx.identity.clientId;
      const ttlMs = ttl_seconds * 1000;
      const quota = mailboxQuota(settings);
      const sender = quotaSubject(ctx.identity);
      const send = () => appendMessage(ctx.store, { to, from, sender, body, headers, ttlMs, quota });
      if (dedupe_key === undefined) return { ...(await send()), mailbox: to, deduplicated: false };

      const key = keys.dedupe(to, from, createHash('sha256').update(dedupe_key).digest('base64url'));
      const pending = `pending:${randomBytes(9).toString('base64url')}`;
      // A short-lived claim first, so a crash between claim and send frees the key quickly.
      if (await ctx.store.setIfAbsent(key, pending, { ttlMs: PENDING_TTL_MS })) {
        let sent: Awaited<ReturnType<typeof send>>;
        try {
          sent = await send();
        } catch (error) {
          // A refused send (quota_exceeded) leaves the key free, so the retry it invites can send.
          await ctx.store.compareAndDelete(key, pending).catch(() => undefined);
          throw error;
        }
        await ctx.store.set(key, JSON.stringify(sent), { ttlMs });
        return { ...sent, mailbox: to, deduplicated: false };
      }
      for (let waited = 0; waited < 2_000 && !ctx.signal.aborted; waited += 25) {
        const value = await ctx.store.get(key);
        if (value === undefined) return { ...(await send()), mailbox: to, deduplicated: false };
        if (!value.startsWith('pending:'))
          return { ...(JSON.parse(value) as { message_id: string; enqueued_at: string }), mailbox: to, deduplicated: true };
        await sleep(25);
      }
      throw dedupeInProgress();
    },
  });
}
