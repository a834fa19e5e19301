import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { ackMessages, receiveMessages } from '../lib/mailbox.js';
import type { TransportSettings } from '../settings.js';
import { assertMailboxAccess, mailboxField, mailboxPermission } from './common.js';

const messageId = z.string().regex(/^\d{1,16}-\d{1,16}$/, 'must be a message id from receive_messages');

/** `receive_messages`: acks, then leases messages from the caller's mailbox (long poll). */
export function createReceiveMessagesTool(settings: TransportSettings) {
  return defineTool({
    name: 'receive_messages',
    title: 'Receive messages',
    description: `Acknowledges the given message ids, then leases up to max messages from a mailbox (your client id; admin: any), waiting up to wait_ms (capped at ${settings.TRANSPORT_MAX_WAIT_MS}) when none is ready. At-least-once: a message not acked within visibility_timeout_s is delivered again; after ${settings.TRANSPORT_MAX_DELIVERIES} deliveries it moves to the mailbox dead-letter:<mailbox>.`,
    permission: 'write',
    permissionFor: mailboxPermission,
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false },
    input: z.object({
      mailbox: mailboxField.describe('Mailbox to read: your client id, or dead-letter:<your client id>'),
      max: z.number().int().min(0).max(settings.TRANSPORT_MAX_BATCH).default(10).describe('Most messages to lease (0: only ack)'),
      wait_ms: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe(`Long poll: wait this long for a message when none is ready (capped at ${settings.TRANSPORT_MAX_WAIT_MS})`),
      visibility_timeout_s: z
        .number()
        .int()
        .positive()
        .max(settings.TRANSPORT_MAX_VISIBILITY_S)
        .default(settings.TRANSPORT_DEFAULT_VISIBILITY_S)
        .describe('Lease length: unacked messages are delivered again after this many seconds'),
      ack: z
        .array(messageId)
        .max(settings.TRANSPORT_MAX_BATCH)
        .default([])
        .describe('Message ids to acknowledge (processed before leasing)'),
    }),
    output: z.object({
      mailbox: z.string(),
      acked: z.number().int(),
      messages: z.array(
        z.object({
          message_id: z.string(),
          from: z.string().describe('Authenticated client id of the sender'),
          body: z.json(),
          headers: z.record(z.string(), z.string()),
          enqueued_at: z.string(),
          delivery_count: z.number().int().describe('1 on first delivery; more means a redelivery'),
        }),
      ),
    }),
    handler: async ({ mailbox, max, wait_ms, visibility_timeout_s, ack }, ctx) => {
      assertMailboxAccess(ctx.identity, mailbox);
      const acked = await ackMessages(ctx.store, mailbox, [...new Set(ack)]);
      if (max === 0) return { mailbox, acked, messages: [] };
      const messages = await receiveMessages(ctx.store, mailbox, {
        max,
        waitMs: Math.min(wait_ms, settings.TRANSPORT_MAX_WAIT_MS),
        visibilityMs: visibility_timeout_s * 1000,
        maxDeliveries: settings.TRANSPORT_MAX_DELIVERIES,
        maxDepth: settings.TRANSPORT_MAX_MAILBOX_DEPTH,
        signal: ctx.signal,
      });
      if (ctx.signal.aborted && messages.length === 0 && wait_ms > 0) throw new ServiceError('timeout', 'the wait was cancelled');
      return { mailbox, acked, messages: messages as never };
    },
  });
}
