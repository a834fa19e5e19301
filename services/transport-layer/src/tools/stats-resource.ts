import { defineResource, hasPermission, type ResourceDefinition } from '@a2a-mcp/core';
import { keys } from '../lib/keys.js';
import { mailboxStats } from '../lib/mailbox.js';
import type { TransportSettings } from '../settings.js';

const MAX_MAILBOXES_LISTED = 1_000;

/** `transport://stats`: counters for everyone; per-mailbox depth, in-flight and dead letters for admin, or your own mailbox. */
export function createStatsResource(settings: TransportSettings): ResourceDefinition {
  return defineResource({
    uri: 'transport://stats',
    name: 'transport-stats',
    title: 'Transport statistics',
    description:
      'Messages sent, delivered, redelivered, acked and dead-lettered (all replicas), and per mailbox: depth, in-flight leases and dead letters (admin sees every mailbox, others their own).',
    read: async ({ store, identity }) => {
      const counters = (await store.hashGetAll(keys.counters)) ?? {};
      const known = Object.keys((await store.hashGetAll(keys.mailboxes)) ?? {}).filter((m) => !m.startsWith('dead-letter:'));
      const visible = hasPermission(identity, 'admin')
        ? known.slice(0, MAX_MAILBOXES_LISTED)
        : known.filter((m) => m === identity.clientId);
      return {
        backend: store.backend,
        counters: Object.fromEntries(
          ['sent', 'refused', 'delivered', 'redelivered', 'acked', 'dead_lettered'].map((c) => [c, Number(counters[c] ?? 0)]),
        ),
        mailbox_count: known.length,
        mailboxes: await Promise.all(visible.map((m) => mailboxStats(store, m))),
        limits: {
          max_deliveries: settings.TRANSPORT_MAX_DELIVERIES,
          max_wait_ms: settings.TRANSPORT_MAX_WAIT_MS,
          max_mailbox_depth: settings.TRANSPORT_MAX_MAILBOX_DEPTH,
          max_messages_per_sender: settings.TRANSPORT_MAX_MESSAGES_PER_SENDER,
          max_mailbox_bytes: settings.TRANSPORT_MAX_MAILBOX_BYTES,
          max_bytes_per_sender: settings.TRANSPORT_MAX_BYTES_PER_SENDER,
          max_message_bytes: settings.TRANSPORT_MAX_MESSAGE_BYTES,
        },
      };
    },
  });
}
