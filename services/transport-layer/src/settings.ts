/** Transport-layer settings, read once at start-up with core's `loadSettings`. */
import { boundedInt, loadSettings, z } from '@a2a-mcp/core';
import type { MailboxQuota } from './lib/mailbox.js';

/** Keys are environment variable names; every one has a default. */
export const settingsSchema = z.object({
  /** Deliveries before an unacknowledged message moves to the dead-letter mailbox. */
  TRANSPORT_MAX_DELIVERIES: boundedInt(5, 1000),
  /** Longest long poll (`wait_ms`) in milliseconds; larger requests are capped. */
  TRANSPORT_MAX_WAIT_MS: boundedInt(20_000, 300_000),
  /** Default and largest visibility timeout (seconds) of a lease. */
  TRANSPORT_DEFAULT_VISIBILITY_S: boundedInt(30, 43_200),
  TRANSPORT_MAX_VISIBILITY_S: boundedInt(43_200, 43_200),
  /** Default and largest message TTL (seconds); also the dedupe window. */
  TRANSPORT_DEFAULT_TTL_SECONDS: boundedInt(86_400, 30 * 86_400),
  TRANSPORT_MAX_TTL_SECONDS: boundedInt(7 * 86_400, 30 * 86_400),
  /** Most messages one receive_messages call leases, and acks it accepts. */
  TRANSPORT_MAX_BATCH: boundedInt(100, 10_000),
  /** Largest message (body + headers, serialised) in bytes. */
  TRANSPORT_MAX_MESSAGE_BYTES: boundedInt(256 * 1024, 64 * 1024 * 1024),
  /**
   * Most unfinished messages a mailbox holds (all senders); a send past it is quota_exceeded,
   * nothing is trimmed. Also the length of a dead-letter mailbox (a ring: its oldest are trimmed).
   */
  TRANSPORT_MAX_MAILBOX_DEPTH: boundedInt(10_000, 10_000_000),
  /** Most unfinished messages one sender may have in one mailbox. */
  TRANSPORT_MAX_MESSAGES_PER_SENDER: boundedInt(1_000, 10_000_000),
  /** Most bytes of unfinished messages a mailbox holds (all senders). */
  TRANSPORT_MAX_MAILBOX_BYTES: boundedInt(64 * 1024 * 1024, 64 * 1024 * 1024 * 1024),
  /** Most bytes of unfinished messages one sender may have in one mailbox. */
  TRANSPORT_MAX_BYTES_PER_SENDER: boundedInt(8 * 1024 * 1024, 64 * 1024 * 1024 * 1024),
});

export type TransportSettings = z.output<typeof settingsSchema>;

/** The mailbox quotas the settings describe. */
export function mailboxQuota(settings: TransportSettings): MailboxQuota {
  return {
    maxMessages: settings.TRANSPORT_MAX_MAILBOX_DEPTH,
    maxMessagesPerSender: settings.TRANSPORT_MAX_MESSAGES_PER_SENDER,
    maxBytes: settings.TRANSPORT_MAX_MAILBOX_BYTES,
    maxBytesPerSender: settings.TRANSPORT_MAX_BYTES_PER_SENDER,
  };
}

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadTransportSettings(source: NodeJS.ProcessEnv = process.env): TransportSettings {
  return loadSettings(settingsSchema, source);
}
