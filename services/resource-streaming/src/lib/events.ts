/**
 * Event streams on the shared store's streams: ids are the store's monotonic stream ids, shared by
 * replicas when the store is Redis. Memory is bounded per client, never by dropping others' data:
 * each publisher keeps at most `maxEvents` events and `maxBytes` bytes in a stream (a ring of its
 * own: its oldest make room, another publisher's never do), and may publish to at most
 * `maxStreams` streams (a slot set per client; each publish renews its slot for the stream TTL).
 * Both checks are atomic on either store (Lua on Redis).
 */
import { quotaExceeded, type Store, type StreamEntry } from '@a2a-mcp/core';

export interface StreamEvent {
  event_id: string;
  type: string;
  data: unknown;
  published_at: string;
}

export const streamKey = (name: string) => `event-stream:${name}`;
/** The streams a client published to within the stream TTL (a slot set: name → expiry). */
export const clientStreamsKey = (subject: string) => `event-stream-quota:${subject}`;
/** The field of a stored event naming its publisher's quota subject. */
const PUBLISHER_FIELD = 'publisher';
/** Names of streams published to (hash name → last publish ms), for resources/list. */
export const STREAM_INDEX = 'event-stream-index';

export function toEvent(entry: StreamEntry): StreamEvent {
  return {
    event_id: entry.id,
    type: entry.fields.type ?? 'message',
    data: JSON.parse(entry.fields.data ?? 'null') as unknown,
    published_at: entry.fields.published_at ?? '',
  };
}

export interface PublishOptions {
  /** The publisher's quota subject (core's `quotaSubject`). */
  publisher: string;
  /** Events the publisher keeps in the stream. */
  maxEvents: number;
  /** Bytes the publisher keeps in the stream. */
  maxBytes: number;
  /** Streams the publisher may publish to within `ttlMs`. */
  maxStreams: number;
  ttlMs: number;
}

/**
 * Appends an event; returns it. Past the publisher's stream quota, or with an event larger than
 * its byte share, throws the retryable `quota_exceeded` and stores nothing.
 */
export async function publish(store: Store, name: string, type: string, data: unknown, options: PublishOptions): Promise<StreamEvent> {
  const now = Date.now();
  const publishedAt = new Date(now).toISOString();
  if (!(await store.slotAcquire(clientStreamsKey(options.publisher), name, { ttlMs: options.ttlMs, limit: options.maxStreams }))) {
    throw quotaExceeded(
      'streams_per_client',
      options.maxStreams,
      `this client already published to ${options.maxStreams} streams within the stream lifetime; publish to one of those`,
    );
  }
  const result = await store.streamAppendBounded(
    streamKey(name),
    { type, data: JSON.stringify(data), published_at: publishedAt, [PUBLISHER_FIELD]: options.publisher },
    {
      quota: { ownerField: PUBLISHER_FIELD, maxEntriesPerOwner: options.maxEvents, maxBytesPerOwner: options.maxBytes, recycleOwn: true },
      ttlMs: options.ttlMs,
    },
  );
  // Only an event larger than the whole byte share cannot be made room for.
  if ('refused' in result)
    throw quotaExceeded('stream_bytes_per_publisher', options.maxBytes, 'the event is larger than what one publisher may keep in a stream');
  await store.hashSet(STREAM_INDEX, { [name]: String(now) });
  return { event_id: result.id, type, data, published_at: publishedAt };
}

export interface ReadOptions {
  after: string;
  max: number;
  waitMs: number;
  signal: AbortSignal;
  /** Called with the events that arrived while waiting. When given, the wait continues until `max` events or the end of `waitMs`. */
  onArrival?: ((events: StreamEvent[]) => Promise<void>) | undefined;
}

/**
 * Events after the cursor; when there are none, waits up to `waitMs` for new ones. A cancelled
 * wait (client gone) ends with what was collected.
 */
export async function readEvents(
  store: Store,
  name: string,
  { after, max, waitMs, signal, onArrival }: ReadOptions,
): Promise<StreamEvent[]> {
  const events = (await store.streamRange(streamKey(name), { after, count: max })).map(toEvent);
  if (events.length > 0 || waitMs <= 0) return events;
  const deadline = Date.now() + waitMs;
  let cursor = after;
  while (events.length < max && !signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let arrived: StreamEvent[];
    try {
      arrived = (await store.streamRead(streamKey(name), { after: cursor, count: max - events.length, blockMs: remaining, signal })).map(
        toEvent,
      );
    } catch (error) {
      if (signal.aborted) break;
      throw error;
    }
    if (arrived.length === 0) break;
    events.push(...arrived);
    cursor = arrived[arrived.length - 1]!.event_id;
    if (!onArrival) break;
    await onArrival(arrived);
  }
  return events;
}
