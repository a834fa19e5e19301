import { defineTool, jsonText, quotaSubject, ServiceError, z } from '@a2a-mcp/core';
import { publish } from '../lib/events.js';
import type { StreamSettings } from '../settings.js';
import { streamName, streamUri } from './common.js';

/** `publish_event`: appends an event to a stream. */
export function createPublishEventTool(settings: StreamSettings) {
  return defineTool({
    name: 'publish_event',
    title: 'Publish event',
    description: `Appends an event to a stream and returns its id (monotonic per stream). The payload (data) is JSON text: any JSON value, encoded. A stream keeps each publisher's latest ${settings.STREAM_MAX_EVENTS} events (your oldest make room, never another publisher's). A client may publish to at most ${settings.STREAM_MAX_PER_CLIENT} streams (within the stream lifetime): past that the call fails with the retryable quota_exceeded. Subscribers of stream://{name} are notified.`,
    permission: 'write',
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false },
    input: z.object({
      stream: streamName.describe('Stream name'),
      type: z.string().min(1).max(100).default('message').describe('Event type (default "message")'),
      data: jsonText(z.json(), {
        description:
          'Event payload: any JSON value written as JSON text, e.g. "{\\"order\\":42}" or "42"; readers receive the decoded value',
      }),
    }),
    output: z.object({ stream: z.string(), event_id: z.string(), published_at: z.string() }),
    handler: async ({ stream, type, data }, ctx) => {
      const size = Buffer.byteLength(JSON.stringify(data)) + type.length;
      if (size > settings.STREAM_MAX_EVENT_BYTES)
        throw new ServiceError('invalid_arguments', `event is larger than ${settings.STREAM_MAX_EVENT_BYTES} bytes`, {
          data: { limit: settings.STREAM_MAX_EVENT_BYTES },
        });
      const event = await publish(ctx.store, stream, type, data, {
        publisher: quotaSubject(ctx.identity),
        maxEvents: settings.STREAM_MAX_EVENTS,
        maxBytes: settings.STREAM_MAX_STREAM_BYTES,
        maxStreams: settings.STREAM_MAX_PER_CLIENT,
        ttlMs: settings.STREAM_TTL_SECONDS * 1000,
      });
      // Best effort (never throws): the event is stored, so a lost notification must not fail the call.
      await ctx.resources?.notifyUpdated(streamUri(stream));
      return { stream, event_id: event.event_id, published_at: event.published_at };
    },
  });
}
