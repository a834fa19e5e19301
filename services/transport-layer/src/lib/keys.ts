/** Store keys of the transport layer. Mailbox names are URI-encoded so `:` in a client id is harmless. */
const m = (mailbox: string) => `mbox:${encodeURIComponent(mailbox)}`;

export const keys = {
  /** The mailbox's messages: a stream with the consumer group `GROUP` (its pending list holds the leases). */
  stream: (mailbox: string) => m(mailbox),
  /** Lease length (ms) each pending message was delivered with (hash id → ms). */
  visibility: (mailbox: string) => `${m(mailbox)}:visibility`,
  /** Dedupe record of one (recipient, sender, key). */
  dedupe: (mailbox: string, sender: string, hash: string) => `${m(mailbox)}:dedupe:${encodeURIComponent(sender)}:${hash}`,
  /** Every mailbox that ever received a message (hash mailbox → last send ms). */
  mailboxes: 'transport:mailboxes',
  /** Fleet-wide counters (hash). */
  counters: 'transport:counters',
};

/** The consumer group every replica reads a mailbox through. */
export const GROUP = 'receivers';

/**
 * The consumer name in the group. One name for every replica: a lease belongs to whoever holds the
 * message ids, and redelivery goes by idle time, so per-replica consumers would only pile up in
 * the group after restarts.
 */
export const CONSUMER = 'receiver';

/** The dead-letter mailbox of `mailbox`. */
export const deadLetterMailbox = (mailbox: string) => `dead-letter:${mailbox}`;
