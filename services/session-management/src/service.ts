import { defineGauge, defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { countActiveSessions } from './lib/sessions.js';
import { loadSessionSettings, type SessionSettings } from './settings.js';
import { createStatsResource } from './tools/stats-resource.js';
import { createTools } from './tools/index.js';

/**
 * The session-management service declaration (port 8106).
 *
 * @param settings signing secret and limits; default: read from the environment (`SESSION_*`).
 */
export function createSessionManagementService(settings: SessionSettings = loadSessionSettings()): ServiceDefinition {
  return defineService({
    name: 'session-management',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Application sessions for agents: create one, keep its token, read and merge-patch its state with optimistic concurrency (if_version).',
    tools: createTools(settings),
    resources: [createStatsResource(settings)],
    gauges: [
      defineGauge({
        name: 'mcp_sessions_active',
        help: 'Application sessions with status active and not expired, across every replica sharing the store (aggregate replicas with max)',
        collect: ({ store }) => countActiveSessions(store),
      }),
    ],
  });
}

export { loadSessionSettings, settingsSchema } from './settings.js';
export type { SessionSettings, LoadSessionSettingsOptions } from './settings.js';
export { applyMergePatch } from './lib/merge-patch.js';
