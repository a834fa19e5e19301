/** Store keys of the transport layer. Mailbox names are URI-encoded so `:` in a client id is harmless. */
const m = (mailbox: string) => `mbox:${encodeURIComponent(mailbox)}`;

export const keys = {
  /** The mailbox's messages (a stream). */
  stream: (mailbox: string) => m(mailbox),
  /** Stream id up to which every message is finished (acked, dead-lettered or expired). */
  floor: (mailbox: string) => `${m(mailbox)}:floor`,
  /** Finished message ids above the floor (hash id → "1"). */
  done: (mailbox: string) => `${m(mailbox)}:done`,
  /** Deliveries per message id (hash). */
  deliveries: (mailbox: string) => `${m(mailbox)}:deliveries`,
  /** Lease deadline (ms) per message id (hash; advisory, the lease key is authoritative). */
  inflight: (mailbox: string) => `${m(mailbox)}:inflight`,
  /** The lease of one message (string with TTL = visibility timeout). */
  lease: (mailbox: string, id: string) => `${m(mailbox)}:lease:${id}`,
  /** Dedupe record of one (recipient, sender, key). */
  dedupe: (mailbox: string, sender: string, hash: string) => `${m(mailbox)}:dedupe:${encodeURIComponent(sender)}:${hash}`,
  /** Every mailbox that ever received a message (hash mailbox → last send ms). */
  mailboxes: 'transport:mailboxes',
  /** Fleet-wide counters (hash). */
  counters: 'transport:counters',
};

/** The dead-letter mailbox of `mailbox`. */
export const deadLetterMailbox = (mailbox: string) => `dead-letter:${mailbox}`;
