import { defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { createTransportGauges } from './gauges.js';
import { loadTransportSettings, type TransportSettings } from './settings.js';
import { createStatsResource } from './tools/stats-resource.js';
import { createTools } from './tools/index.js';

/**
 * The transport-layer service declaration (port 8104).
 *
 * @param settings delivery limits; default: read from the environment (`TRANSPORT_*`).
 */
export function createTransportLayerService(settings: TransportSettings = loadTransportSettings()): ServiceDefinition {
  return defineService({
    name: 'transport-layer',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Agent-to-agent messages with at-least-once delivery: send_message to a client id; receive_messages from your own mailbox, acking what you processed.',
    tools: createTools(settings),
    resources: [createStatsResource(settings)],
    gauges: createTransportGauges(),
  });
}

export { loadTransportSettings, settingsSchema } from './settings.js';
export type { TransportSettings } from './settings.js';
