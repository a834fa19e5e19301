import { defineTool, READ_ONLY_ANNOTATIONS, z } from '@a2a-mcp/core';
import { readEvents } from '../lib/events.js';
import type { StreamSettings } from '../settings.js';
import { eventOutput, streamName } from './common.js';

/** `read_stream`: events after a cursor, with a capped long poll and progress notifications. */
export function createReadStreamTool(settings: StreamSettings) {
  return defineTool({
    name: 'read_stream',
    title: 'Read stream',
    description: `Returns up to max events after the cursor (oldest retained first when no cursor) and next_cursor. With none there, waits up to wait_ms (capped at ${settings.STREAM_MAX_WAIT_MS}). With a progress token, events arriving during the wait are also sent as progress notifications and the wait continues until max events or wait_ms.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      stream: streamName.describe('Stream name'),
      after: z
        .string()
        .regex(/^\d{1,16}-\d{1,16}$/, 'must be an event id')
        .optional()
        .describe('Cursor: only events after this id (next_cursor of the previous read)'),
      max: z.number().int().positive().max(settings.STREAM_MAX_BATCH).default(100).describe('Most events to return'),
      wait_ms: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe(`Long poll when no event is there yet (capped at ${settings.STREAM_MAX_WAIT_MS})`),
    }),
    output: z.object({
      stream: z.string(),
      events: z.array(eventOutput),
      next_cursor: z.string().nullable().describe('Pass as `after` to continue; null while the stream is empty and no cursor was given'),
    }),
    handler: async ({ stream, after, max, wait_ms }, ctx) => {
      let delivered = 0;
      const events = await readEvents(ctx.store, stream, {
        after: after ?? '0-0',
        max,
        waitMs: Math.min(wait_ms, settings.STREAM_MAX_WAIT_MS),
        signal: ctx.signal,
        onArrival: ctx.wantsProgress
          ? async (arrived) => {
              for (const event of arrived) await ctx.progress(++delivered, max, JSON.stringify(event));
            }
          : undefined,
      });
      const last = events.at(-1)?.event_id ?? after ?? null;
      return { stream, events: events as never, next_cursor: last };
    },
  });
}
