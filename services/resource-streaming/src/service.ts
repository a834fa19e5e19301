import { defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { loadStreamSettings, type StreamSettings } from './settings.js';
import { createStreamResource } from './tools/stream-resource.js';
import { createTools } from './tools/index.js';

/**
 * The resource-streaming service declaration (port 8107).
 *
 * @param settings stream bounds; default: read from the environment (`STREAM_*`).
 */
export function createResourceStreamingService(settings: StreamSettings = loadStreamSettings()): ServiceDefinition {
  return defineService({
    name: 'resource-streaming',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Real-time event streams: publish_event appends, read_stream reads after a cursor with an optional long poll; stream://{name} shows recent events, and 2026-07-28 clients can subscribe to it (subscriptions/listen) to be notified of each publish.',
    tools: createTools(settings),
    resourceTemplates: [createStreamResource(settings)],
    // Open streams per client (both eras) are core's OPEN_STREAMS_PER_CLIENT.
    subscriptionLimits: { maxUrisPerStream: settings.STREAM_SUBSCRIPTION_URIS },
  });
}

export { loadStreamSettings, settingsSchema } from './settings.js';
export type { StreamSettings } from './settings.js';
