import { defineResource, type ResourceDefinition } from '@a2a-mcp/core';
import { STATS_KEY } from '../lib/sessions.js';
import type { SessionSettings } from '../settings.js';

/** `sessions://stats`: fleet-wide counters (shared through the store) and the limits. */
export function createStatsResource(settings: SessionSettings): ResourceDefinition {
  return defineResource({
    uri: 'sessions://stats',
    name: 'session-stats',
    title: 'Session statistics',
    description: 'Sessions created, updates, version conflicts and terminations (all replicas), the store backend and the limits.',
    read: async ({ store }) => {
      const counters = (await store.hashGetAll(STATS_KEY)) ?? {};
      const count = (name: string) => Number(counters[name] ?? 0);
      return {
        backend: store.backend,
        created: count('created'),
        updates: count('updated'),
        conflicts: count('conflicts'),
        terminated: count('terminated'),
        limits: {
          max_ttl_seconds: settings.maxTtlSeconds,
          retention_seconds: settings.retentionSeconds,
          max_state_bytes: settings.maxStateBytes,
          max_sessions_per_client: settings.maxSessionsPerClient,
        },
        ephemeral_signing_secret: settings.ephemeralSecret,
      };
    },
  });
}
