import { defineResourceTemplate, type ResourceTemplateDefinition } from '@a2a-mcp/core';
import { STREAM_INDEX, streamKey, toEvent } from '../lib/events.js';
import type { StreamSettings } from '../settings.js';

const LISTED = 100;

/** `stream://{name}`: the most recent events of a stream as NDJSON (one event per line). */
export function createStreamResource(settings: StreamSettings): ResourceTemplateDefinition {
  return defineResourceTemplate({
    uriTemplate: 'stream://{name}',
    name: 'stream',
    title: 'Event stream',
    description: `The latest ${settings.STREAM_RESOURCE_EVENTS} events of a stream, oldest first, as NDJSON.`,
    mimeType: 'application/x-ndjson',
    // publish_event announces every append: 2026-07-28 clients may subscribe (subscriptions/listen).
    subscribable: true,
    list: async ({ store }) =>
      Object.entries((await store.hashGetAll(STREAM_INDEX)) ?? {})
        .sort((a, b) => Number(b[1]) - Number(a[1]))
        .slice(0, LISTED)
        .map(([name]) => ({ uri: `stream://${name}`, name })),
    read: async ({ name = '' }, { store }) => {
      const entries = await store.streamRange(streamKey(name));
      return entries
        .slice(-settings.STREAM_RESOURCE_EVENTS)
        .map((entry) => `${JSON.stringify(toEvent(entry))}\n`)
        .join('');
    },
  });
}
