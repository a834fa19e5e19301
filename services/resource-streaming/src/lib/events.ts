/**
 * Event streams on the shared store's streams: ids are the store's monotonic stream ids, trimmed to
 * a fixed length on every publish (bounded memory), shared by replicas when the store is Redis.
 */
import { type Store, type StreamEntry } from '@a2a-mcp/core';

export interface StreamEvent {
  event_id: string;
  type: string;
  data: unknown;
  published_at: string;
}

export const streamKey = (name: string) => `event-stream:${name}`;
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

/** Appends an event; returns its id. */
export async function publish(store: Store, name: string, type: string, data: unknown, options: { maxEvents: number; ttlMs: number }): Promise<StreamEvent> {
  const now = Date.now();
  const publishedAt = new Date(now).toISOString();
  const id = await store.streamAppend(streamKey(name), { type, data: JSON.stringify(data), published_at: publishedAt }, { maxLength: options.maxEvents, ttlMs: options.ttlMs });
  await store.hashSet(STREAM_INDEX, { [name]: String(now) });
  return { event_id: id, type, data, published_at: publishedAt };
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
export async function readEvents(store: Store, name: string, { after, max, waitMs, signal, onArrival }: ReadOptions): Promise<StreamEvent[]> {
  const events = (await store.streamRange(streamKey(name), { after, count: max })).map(toEvent);
  if (events.length > 0 || waitMs <= 0) return events;
  const deadline = Date.now() + waitMs;
  let cursor = after;
  while (events.length < max && !signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let arrived: StreamEvent[];
    try {
      arrived = (await store.streamRead(streamKey(name), { after: cursor, count: max - events.length, blockMs: remaining, signal })).map(toEvent);
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
