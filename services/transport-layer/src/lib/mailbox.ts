/**
 * Mailboxes on the shared store's primitives, so memory and Redis behave alike and any number of
 * replicas can serve one mailbox:
 *
 * - a mailbox is a stream; message id = stream id (monotonic);
 * - a delivery is a lease key per message (`setIfAbsent` with TTL = visibility timeout): whoever
 *   sets it delivers; when it expires unacked, the next receive leases the message again;
 * - an ack marks the message finished (`done` hash), then drops its lease;
 * - a floor cursor records the prefix of finished messages, so receives scan only what is left;
 * - after `maxDeliveries` deliveries a message is copied to `dead-letter:<mailbox>` and finished.
 *
 * Nothing is moved in two steps that a crash could split: an unfinished message stays in the
 * stream above the floor until it is acked, dead-lettered, expired or trimmed (MAXLEN).
 */
import { randomBytes } from 'node:crypto';
import { compareStreamIds, ServiceError, type Store, type StreamEntry } from '@a2a-mcp/core';
import { deadLetterMailbox, keys } from './keys.js';

export interface Message {
  message_id: string;
  from: string;
  body: unknown;
  headers: Record<string, string>;
  enqueued_at: string;
  delivery_count: number;
}

export interface SendInput {
  to: string;
  from: string;
  body: unknown;
  headers: Record<string, string>;
  ttlMs: number;
  maxDepth: number;
  /** Extra fields (dead letters keep their origin). */
  extra?: Record<string, string>;
}

/** Appends a message; returns its id and time. */
export async function appendMessage(store: Store, input: SendInput): Promise<{ message_id: string; enqueued_at: string }> {
  const now = Date.now();
  const enqueuedAt = new Date(now).toISOString();
  const id = await store.streamAppend(
    keys.stream(input.to),
    { from: input.from, body: JSON.stringify(input.body), headers: JSON.stringify(input.headers), enqueued_at: enqueuedAt, expires_at: String(now + input.ttlMs), ...input.extra },
    // The stream outlives its newest message by a day: an idle mailbox disappears by itself.
    { maxLength: input.maxDepth, ttlMs: input.ttlMs + 86_400_000 },
  );
  await Promise.all([store.hashSet(keys.mailboxes, { [input.to]: String(now) }), store.hashIncrement(keys.counters, 'sent')]);
  return { message_id: id, enqueued_at: enqueuedAt };
}

/** Marks messages finished and releases their leases; returns how many ids were valid. */
export async function ackMessages(store: Store, mailbox: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // Finished first, lease second: a receive that slips in between sees `done` and skips the message.
  await store.hashSet(keys.done(mailbox), Object.fromEntries(ids.map((id) => [id, '1'])));
  await store.hashDelete(keys.inflight(mailbox), [...ids]);
  await Promise.all(ids.map((id) => store.delete(keys.lease(mailbox, id))));
  await store.hashIncrement(keys.counters, 'acked', ids.length);
  return ids.length;
}

export interface ClaimOptions {
  max: number;
  visibilityMs: number;
  maxDeliveries: number;
  maxDepth: number;
}

const SCAN_PAGE = 500;
const SCAN_LIMIT = 5_000;

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

/**
 * Leases up to `max` deliverable messages (new ones, or ones whose lease expired unacked).
 * Returns them, the last stream id looked at (to wait for newer appends) and the earliest lease
 * deadline still running (to wake up for a redelivery).
 */
export async function claimMessages(store: Store, mailbox: string, options: ClaimOptions): Promise<{ messages: Message[]; lastId: string; nextDeadline: number | undefined }> {
  const floorRaw = await store.get(keys.floor(mailbox));
  const floor = floorRaw ?? '0-0';
  const [done, inflight] = await Promise.all([store.hashGetAll(keys.done(mailbox)), store.hashGetAll(keys.inflight(mailbox))]);
  const finished = new Set(Object.keys(done ?? {}));
  const deadlines = inflight ?? {};
  const leased: { entry: StreamEntry; token: string }[] = [];
  const scanned: StreamEntry[] = [];
  let nextDeadline: number | undefined;
  let after = floor;
  const now = Date.now();
  while (scanned.length < SCAN_LIMIT && leased.length < options.max) {
    const page = await store.streamRange(keys.stream(mailbox), { after, count: SCAN_PAGE });
    const candidates: StreamEntry[] = [];
    for (const entry of page) {
      scanned.push(entry);
      if (finished.has(entry.id)) continue;
      if (Number(entry.fields.expires_at ?? Infinity) <= now) {
        finished.add(entry.id);
        await store.hashSet(keys.done(mailbox), { [entry.id]: '1' });
        continue;
      }
      const deadline = Number(deadlines[entry.id] ?? 0);
      if (deadline > now) {
        nextDeadline = Math.min(nextDeadline ?? Infinity, deadline);
        continue;
      }
      candidates.push(entry);
    }
    // Lease in chunks of what is still wanted, each chunk in parallel (one round trip per chunk).
    while (candidates.length > 0 && leased.length < options.max) {
      const chunk = candidates.splice(0, options.max - leased.length);
      const tokens = chunk.map(() => randomBytes(9).toString('base64url'));
      const won = await Promise.all(chunk.map((entry, i) => store.setIfAbsent(keys.lease(mailbox, entry.id), tokens[i]!, { ttlMs: options.visibilityMs })));
      chunk.forEach((entry, i) => {
        if (won[i]) leased.push({ entry, token: tokens[i]! });
      });
    }
    if (page.length < SCAN_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  const lastId = scanned.length > 0 ? scanned[scanned.length - 1]!.id : floor;

  // An ack may have landed between reading `done` and taking the lease: re-check once per batch.
  const recheck = leased.length > 0 ? ((await store.hashGetAll(keys.done(mailbox))) ?? {}) : {};
  const floorNow = leased.length > 0 ? ((await store.get(keys.floor(mailbox))) ?? '0-0') : floor;
  const outcomes = await Promise.all(leased.map(({ entry, token }) => settleLease(store, mailbox, entry, token, options, recheck, floorNow)));
  const messages: Message[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome === 'done') finished.add(leased[i]!.entry.id);
    else if (outcome) messages.push(outcome);
  });
  if (messages.length > 0) await store.hashIncrement(keys.counters, 'delivered', messages.length);
  await advanceFloor(store, mailbox, floorRaw, scanned, new Set([...finished, ...Object.keys(recheck)]));
  return { messages, lastId, nextDeadline };
}

/** Turns a won lease into a delivery, or releases it (acked meanwhile) / dead-letters the message ('done'). */
async function settleLease(store: Store, mailbox: string, entry: StreamEntry, token: string, options: ClaimOptions, recheck: Record<string, string>, floorNow: string): Promise<Message | 'done' | undefined> {
  if (recheck[entry.id] || compareStreamIds(entry.id, floorNow) <= 0) {
    await store.compareAndDelete(keys.lease(mailbox, entry.id), token);
    return undefined;
  }
  const deliveries = await store.hashIncrement(keys.deliveries(mailbox), entry.id);
  if (deliveries > options.maxDeliveries) {
    await appendMessage(store, {
      to: deadLetterMailbox(mailbox),
      from: entry.fields.from ?? '',
      body: JSON.parse(entry.fields.body ?? 'null') as unknown,
      headers: JSON.parse(entry.fields.headers ?? '{}') as Record<string, string>,
      ttlMs: Math.max(1, Number(entry.fields.expires_at ?? 0) - Date.now()) + 7 * 86_400_000,
      maxDepth: options.maxDepth,
      extra: { original_id: entry.id, original_mailbox: mailbox, deliveries: String(deliveries - 1) },
    });
    await store.hashSet(keys.done(mailbox), { [entry.id]: '1' });
    await store.compareAndDelete(keys.lease(mailbox, entry.id), token);
    await store.hashIncrement(keys.counters, 'dead_lettered');
    return 'done';
  }
  await Promise.all([
    store.hashSet(keys.inflight(mailbox), { [entry.id]: String(Date.now() + options.visibilityMs) }),
    deliveries > 1 ? store.hashIncrement(keys.counters, 'redelivered') : undefined,
  ]);
  return toMessage(entry, deliveries);
}

/** Moves the floor past the finished prefix and forgets the bookkeeping below it. */
async function advanceFloor(store: Store, mailbox: string, floorRaw: string | undefined, scanned: StreamEntry[], finished: Set<string>): Promise<void> {
  const prefix: string[] = [];
  for (const entry of scanned) {
    if (!finished.has(entry.id)) break;
    prefix.push(entry.id);
  }
  if (prefix.length === 0) return;
  if (await store.compareAndSet(keys.floor(mailbox), floorRaw, prefix[prefix.length - 1]!)) {
    await Promise.all([store.hashDelete(keys.done(mailbox), prefix), store.hashDelete(keys.deliveries(mailbox), prefix), store.hashDelete(keys.inflight(mailbox), prefix)]);
  }
}

export interface ReceiveOptions extends ClaimOptions {
  waitMs: number;
  signal: AbortSignal;
}

/** Claims messages, long-polling up to `waitMs` when none is ready; resolves `[]` when the caller went away. */
export async function receiveMessages(store: Store, mailbox: string, options: ReceiveOptions): Promise<Message[]> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const { messages, lastId, nextDeadline } = await claimMessages(store, mailbox, options);
    const now = Date.now();
    if (messages.length > 0 || now >= deadline || options.signal.aborted) return messages;
    // Wake up for a new message, a lease that runs out, or the end of the wait (whichever is first).
    const blockMs = Math.max(1, Math.min(deadline, nextDeadline ?? Infinity, now + 5_000) - now);
    try {
      await store.streamRead(keys.stream(mailbox), { after: lastId, count: 1, blockMs, signal: options.signal });
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

/** Depth (unfinished messages), leases running and dead letters waiting, for one mailbox. */
export async function mailboxStats(store: Store, mailbox: string): Promise<MailboxStats> {
  const count = async (name: string) => {
    const floor = (await store.get(keys.floor(name))) ?? '0-0';
    const [entries, done] = await Promise.all([store.streamRange(keys.stream(name), { after: floor, count: 100_000 }), store.hashGetAll(keys.done(name))]);
    return entries.filter((e) => !done?.[e.id]).length;
  };
  const now = Date.now();
  const inflight = Object.values((await store.hashGetAll(keys.inflight(mailbox))) ?? {}).filter((d) => Number(d) > now).length;
  return { mailbox, depth: await count(mailbox), in_flight: inflight, dead_letters: await count(deadLetterMailbox(mailbox)) };
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
  const now = Date.now();
  for (const mailbox of known) {
    const stats = await mailboxStats(store, mailbox);
    const deadInFlight = Object.values((await store.hashGetAll(keys.inflight(deadLetterMailbox(mailbox)))) ?? {}).filter((d) => Number(d) > now).length;
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
