/**
 * Mailboxes on the shared store's streams and consumer groups (Redis Streams on Redis: XADD with
 * MAXLEN, XREADGROUP, XPENDING, XCLAIM, XACK; the same semantics in memory), so any number of
 * replicas can serve one mailbox:
 *
 * - a mailbox is a stream read through one consumer group; message id = stream id (monotonic);
 * - a delivery is the group delivering the message (new: read-group; again: claim): the message is
 *   then pending, and its lease is the pending entry's idle time against the visibility timeout
 *   it was delivered with (kept in a hash);
 * - an ack acknowledges the pending entry;
 * - a pending message idle longer than its visibility timeout is claimed again (XAUTOCLAIM-style
 *   scan of the pending list, oldest first); a claim is atomic, so one receiver gets it;
 * - a message already delivered `maxDeliveries` times is, on its next claim, copied to
 *   `dead-letter:<mailbox>` and acknowledged;
 * - a finished message (acknowledged, dead-lettered, or expired unseen) is deleted from the stream;
 *   what is left is the mailbox's unfinished messages, bounded by quotas checked atomically with the
 *   append: messages and bytes per mailbox, and per sender in one mailbox. A send past a quota is
 *   refused (`quota_exceeded`) — never answered by trimming what others sent.
 *
 * A replica that dies holding leases loses nothing: the entries stay pending until their lease
 * runs out and another replica claims them.
 */
import {
  compareStreamIds,
  quotaExceeded,
  ServiceError,
  type Store,
  type StreamEntry,
  type StreamPendingEntry,
  type StreamQuotaBound,
} from '@a2a-mcp/core';
import { CONSUMER, deadLetterMailbox, GROUP, keys } from './keys.js';

export interface Message {
  message_id: string;
  from: string;
  body: unknown;
  headers: Record<string, string>;
  enqueued_at: string;
  delivery_count: number;
}

/** Bounds on the unfinished messages of one mailbox (TRANSPORT_MAX_MAILBOX_DEPTH and friends). */
export interface MailboxQuota {
  /** Unfinished messages in the mailbox. */
  maxMessages: number;
  /** Unfinished messages of one sender in the mailbox. */
  maxMessagesPerSender: number;
  /** Bytes of the mailbox's unfinished messages (every stored field, UTF-8). */
  maxBytes: number;
  /** Bytes of one sender's unfinished messages in the mailbox. */
  maxBytesPerSender: number;
}

export interface SendInput {
  to: string;
  from: string;
  /** Whose share of the mailbox the message counts against (core's `quotaSubject` of the sender). */
  sender: string;
  body: unknown;
  headers: Record<string, string>;
  ttlMs: number;
  quota: MailboxQuota;
}

/** The field of a stored message naming whose share it counts against. */
const SENDER_FIELD = 'quota_sender';

const QUOTA_NAMES: Record<StreamQuotaBound, [name: string, key: keyof MailboxQuota, what: string]> = {
  entries: ['mailbox_messages', 'maxMessages', 'the mailbox holds its maximum of unfinished messages'],
  bytes: ['mailbox_bytes', 'maxBytes', 'the mailbox holds its maximum of message bytes'],
  owner_entries: [
    'mailbox_messages_per_sender',
    'maxMessagesPerSender',
    'you already have the maximum of unfinished messages in this mailbox',
  ],
  owner_bytes: ['mailbox_bytes_per_sender', 'maxBytesPerSender', 'your unfinished messages in this mailbox hold the maximum of bytes'],
};

// The stream outlives its newest message by a day: an idle mailbox (and its group) disappears by itself.
const STREAM_GRACE_MS = 86_400_000;

/**
 * Appends a message within the mailbox's quotas; returns its id and time. Past a quota it throws
 * the retryable `quota_exceeded` naming the quota, and nothing is stored or trimmed.
 */
export async function appendMessage(store: Store, input: SendInput): Promise<{ message_id: string; enqueued_at: string }> {
  const now = Date.now();
  const enqueuedAt = new Date(now).toISOString();
  const result = await store.streamAppendBounded(
    keys.stream(input.to),
    {
      from: input.from,
      body: JSON.stringify(input.body),
      headers: JSON.stringify(input.headers),
      enqueued_at: enqueuedAt,
      expires_at: String(now + input.ttlMs),
      [SENDER_FIELD]: input.sender,
    },
    {
      quota: {
        ownerField: SENDER_FIELD,
        maxEntries: input.quota.maxMessages,
        maxBytes: input.quota.maxBytes,
        maxEntriesPerOwner: input.quota.maxMessagesPerSender,
        maxBytesPerOwner: input.quota.maxBytesPerSender,
      },
      ttlMs: input.ttlMs + STREAM_GRACE_MS,
    },
  );
  if ('refused' in result) {
    await store.hashIncrement(keys.counters, 'refused');
    const [name, key, what] = QUOTA_NAMES[result.refused];
    throw quotaExceeded(name, input.quota[key], `${what}; retry once the recipient has received some`);
  }
  await Promise.all([store.hashSet(keys.mailboxes, { [input.to]: String(now) }), store.hashIncrement(keys.counters, 'sent')]);
  return { message_id: result.id, enqueued_at: enqueuedAt };
}

/** Acknowledges messages and deletes them (their room goes back to the quotas); returns how many were leased (pending) and are now finished. */
export async function ackMessages(store: Store, mailbox: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const acked = await store.streamAck(keys.stream(mailbox), GROUP, ids, { delete: true });
  await store.hashDelete(keys.visibility(mailbox), [...ids]);
  if (acked > 0) await store.hashIncrement(keys.counters, 'acked', acked);
  return acked;
}

export interface ClaimOptions {
  max: number;
  visibilityMs: number;
  maxDeliveries: number;
  /** Dead letters a dead-letter mailbox keeps (the oldest are trimmed: they are the receiver's own). */
  maxDepth: number;
}

/** Most pending entries looked at per receive for redelivery (oldest first). */
const PENDING_SCAN = 1_000;
/** Most pending entries counted for stats and gauges, per mailbox. */
const PENDING_STATS_LIMIT = 100_000;
/** The visibility hash outlives the longest message TTL (30 days) by a day. */
const VISIBILITY_TTL_MS = 31 * 86_400_000;

function toMessage(entry: StreamEntry, deliveries: number): Message {
  return {
    message_id: entry.id,
    from: entry.fields.from ?? '',
    body: JSON.parse(entry.fields.body ?? 'null') as unknown,
    headers: JSON.parse(entry.fields.headers ?? '{}') as Record<string, string>,
    enqueued_at: entry.fields.enqueued_at ?? '',
    delivery_count: deliveries,
  };
}

/** Pending entries whose lease ran out (due), and when the next running lease ends. */
async function expiredLeases(
  store: Store,
  mailbox: string,
  fallbackMs: number,
): Promise<{ due: { pending: StreamPendingEntry; visibilityMs: number }[]; nextDeadline: number | undefined }> {
  const pending = await store.streamPending(keys.stream(mailbox), GROUP, PENDING_SCAN);
  if (pending.length === 0) return { due: [], nextDeadline: undefined };
  const visibility = (await store.hashGetAll(keys.visibility(mailbox))) ?? {};
  const now = Date.now();
  const due: { pending: StreamPendingEntry; visibilityMs: number }[] = [];
  let nextDeadline: number | undefined;
  for (const entry of pending) {
    // No recorded visibility: the delivering replica died before writing it; use the caller's.
    const visibilityMs = Number(visibility[entry.id] ?? fallbackMs);
    if (entry.idleMs >= visibilityMs) due.push({ pending: entry, visibilityMs });
    else nextDeadline = Math.min(nextDeadline ?? Infinity, now + visibilityMs - entry.idleMs);
  }
  return { due, nextDeadline };
}

/**
 * Moves a message to the mailbox's dead-letter mailbox. That mailbox holds only the receiver's own
 * failed messages, so it stays a ring buffer of `maxDepth` (its oldest are trimmed); the quotas of
 * the live mailbox do not apply.
 */
async function deadLetter(store: Store, mailbox: string, entry: StreamEntry, deliveries: number, options: ClaimOptions): Promise<void> {
  const now = Date.now();
  const ttlMs = Math.max(1, Number(entry.fields.expires_at ?? 0) - now) + 7 * 86_400_000;
  const target = deadLetterMailbox(mailbox);
  await store.streamAppend(
    keys.stream(target),
    {
      from: entry.fields.from ?? '',
      body: entry.fields.body ?? 'null',
      headers: entry.fields.headers ?? '{}',
      enqueued_at: new Date(now).toISOString(),
      expires_at: String(now + ttlMs),
      original_id: entry.id,
      original_mailbox: mailbox,
      deliveries: String(deliveries),
    },
    { maxLength: options.maxDepth, ttlMs: ttlMs + STREAM_GRACE_MS },
  );
  await Promise.all([store.hashSet(keys.mailboxes, { [target]: String(now) }), store.hashIncrement(keys.counters, 'sent')]);
  await store.streamAck(keys.stream(mailbox), GROUP, [entry.id], { delete: true });
  await store.hashDelete(keys.visibility(mailbox), [entry.id]);
  await store.hashIncrement(keys.counters, 'dead_lettered');
}

/**
 * Leases up to `max` deliverable messages: first those whose lease ran out unacked (claimed again,
 * or dead-lettered after `maxDeliveries`), then new ones. Returns them (oldest first), and the
 * earliest end of a lease still running (to wake up for a redelivery).
 */
export async function claimMessages(
  store: Store,
  mailbox: string,
  options: ClaimOptions,
): Promise<{ messages: Message[]; nextDeadline: number | undefined }> {
  const stream = keys.stream(mailbox);
  const delivered: { entry: StreamEntry; deliveries: number }[] = [];
  const { due, nextDeadline } = await expiredLeases(store, mailbox, options.visibilityMs);
  while (due.length > 0 && delivered.length < options.max) {
    // Claim in chunks of what is still wanted, each chunk in parallel; dead letters do not count.
    const chunk = due.splice(0, options.max - delivered.length);
    const claims = await Promise.all(
      chunk.map(({ pending, visibilityMs }) => store.streamClaim(stream, GROUP, CONSUMER, [pending.id], visibilityMs)),
    );
    for (let i = 0; i < chunk.length; i++) {
      const entry = claims[i]![0];
      if (!entry) continue; // another receiver claimed it first, or it was trimmed away
      const deliveries = chunk[i]!.pending.deliveries + 1;
      if (deliveries > options.maxDeliveries) await deadLetter(store, mailbox, entry, deliveries - 1, options);
      else delivered.push({ entry, deliveries });
    }
  }
  if (delivered.length < options.max) {
    for (const entry of await store.streamGroupRead(stream, GROUP, CONSUMER, options.max - delivered.length))
      delivered.push({ entry, deliveries: 1 });
  }
  if (delivered.length === 0) return { messages: [], nextDeadline };

  const now = Date.now();
  const expired = delivered.filter(({ entry }) => Number(entry.fields.expires_at ?? Infinity) <= now).map(({ entry }) => entry.id);
  const live = delivered.filter(({ entry }) => !expired.includes(entry.id));
  // Expired messages are finished unseen.
  if (expired.length > 0)
    await Promise.all([store.streamAck(stream, GROUP, expired, { delete: true }), store.hashDelete(keys.visibility(mailbox), expired)]);
  if (live.length > 0) {
    await Promise.all([
      store.hashSet(keys.visibility(mailbox), Object.fromEntries(live.map(({ entry }) => [entry.id, String(options.visibilityMs)])), {
        ttlMs: VISIBILITY_TTL_MS,
      }),
      store.hashIncrement(keys.counters, 'delivered', live.length),
      live.some((d) => d.deliveries > 1)
        ? store.hashIncrement(keys.counters, 'redelivered', live.filter((d) => d.deliveries > 1).length)
        : undefined,
    ]);
  }
  live.sort((a, b) => compareStreamIds(a.entry.id, b.entry.id));
  return { messages: live.map(({ entry, deliveries }) => toMessage(entry, deliveries)), nextDeadline };
}

export interface ReceiveOptions extends ClaimOptions {
  waitMs: number;
  signal: AbortSignal;
}

/** Claims messages, long-polling up to `waitMs` when none is ready; resolves `[]` when the caller went away. */
export async function receiveMessages(store: Store, mailbox: string, options: ReceiveOptions): Promise<Message[]> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const { messages, nextDeadline } = await claimMessages(store, mailbox, options);
    const now = Date.now();
    if (messages.length > 0 || now >= deadline || options.signal.aborted) return messages;
    // Everything up to the group's last delivered id is delivered: wait for a newer append, a lease
    // that runs out, or the end of the wait (whichever is first).
    const lastDelivered = (await store.streamGroupInfo(keys.stream(mailbox), GROUP))?.lastDeliveredId ?? '0-0';
    const blockMs = Math.max(1, Math.min(deadline, nextDeadline ?? Infinity, now + 5_000) - now);
    try {
      await store.streamRead(keys.stream(mailbox), { after: lastDelivered, count: 1, blockMs, signal: options.signal });
    } catch (error) {
      if (options.signal.aborted) return [];
      throw error;
    }
  }
}

export interface MailboxStats {
  mailbox: string;
  depth: number;
  in_flight: number;
  dead_letters: number;
}

/** Unfinished messages of a mailbox: pending (leased or awaiting redelivery) plus not yet delivered. */
async function depthOf(store: Store, mailbox: string): Promise<number> {
  const info = await store.streamGroupInfo(keys.stream(mailbox), GROUP);
  return info ? info.pending + info.lag : store.streamLength(keys.stream(mailbox));
}

/** Messages of a mailbox whose lease is still running. */
export async function inFlightOf(store: Store, mailbox: string): Promise<number> {
  const pending = await store.streamPending(keys.stream(mailbox), GROUP, PENDING_STATS_LIMIT);
  if (pending.length === 0) return 0;
  const visibility = (await store.hashGetAll(keys.visibility(mailbox))) ?? {};
  return pending.filter((p) => visibility[p.id] !== undefined && p.idleMs < Number(visibility[p.id])).length;
}

/** Depth (unfinished messages), leases running and dead letters waiting, for one mailbox. */
export async function mailboxStats(store: Store, mailbox: string): Promise<MailboxStats> {
  const [depth, inFlight, deadLetters] = await Promise.all([
    depthOf(store, mailbox),
    inFlightOf(store, mailbox),
    depthOf(store, deadLetterMailbox(mailbox)),
  ]);
  return { mailbox, depth, in_flight: inFlight, dead_letters: deadLetters };
}

export interface TransportTotals {
  /** Unfinished messages in regular mailboxes. */
  depth: number;
  /** Running leases in every mailbox (dead-letter ones too). */
  inFlight: number;
  /** Unfinished messages in dead-letter mailboxes. */
  deadLetters: number;
}

/** Totals over the `limit` most recently sent-to mailboxes (the gauges). */
export async function transportTotals(store: Store, limit: number): Promise<TransportTotals> {
  const known = Object.entries((await store.hashGetAll(keys.mailboxes)) ?? {})
    .filter(([mailbox]) => !mailbox.startsWith('dead-letter:'))
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .slice(0, limit)
    .map(([mailbox]) => mailbox);
  const totals: TransportTotals = { depth: 0, inFlight: 0, deadLetters: 0 };
  for (const mailbox of known) {
    const stats = await mailboxStats(store, mailbox);
    const deadInFlight = await inFlightOf(store, deadLetterMailbox(mailbox));
    totals.depth += stats.depth;
    totals.inFlight += stats.in_flight + deadInFlight;
    totals.deadLetters += stats.dead_letters;
  }
  return totals;
}

/** Throws `conflict` naming the dedupe key while another send with it is in progress. */
export function dedupeInProgress(): ServiceError {
  return new ServiceError('conflict', 'a message with this dedupe_key is being sent right now; retry', { data: { retryable: true } });
}
