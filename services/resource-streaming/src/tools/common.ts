import { z } from '@a2a-mcp/core';

// `stream://{name}` matches one path segment, so names carry no `/`, `?` or `#`.
export const streamName = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : @ -');

/** The resource URI of a stream (names need no escaping: see `streamName`). */
export const streamUri = (name: string) => `stream://${name}`;

export const eventOutput = z.object({
  event_id: z.string().describe('Monotonic per stream; pass the last one as `after`'),
  type: z.string(),
  data: z.json(),
  published_at: z.string(),
});
