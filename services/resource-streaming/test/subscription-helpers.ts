/**
 * What the stream and subscription tests share: two replicas on one Redis, collecting
 * `notifications/resources/updated` URIs, publishing through the tool, and polling for cleanup
 * that happens a moment after a client acts.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { startTestService, uniqueKeyPrefix, type ConnectedClient } from '@a2a-mcp/testkit';
import { createResourceStreamingService, type StreamSettings } from '../src/service.js';

/**
 * Two resource-streaming replicas sharing `redisUrl` under a fresh key prefix, started in the
 * describe block's beforeAll and closed in its afterAll; read `replicas.one` / `replicas.two` in tests.
 */
export function twoReplicas(redisUrl: string, settings: StreamSettings): { one: RunningService; two: RunningService } {
  const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: uniqueKeyPrefix() };
  const replicas = {} as { one: RunningService; two: RunningService };
  beforeAll(async () => {
    replicas.one = await startTestService(createResourceStreamingService(settings), { env });
    replicas.two = await startTestService(createResourceStreamingService(settings), { env });
  });
  afterAll(async () => {
    await Promise.all([replicas.one?.close(), replicas.two?.close()]);
  });
  return replicas;
}

/** Collects updated URIs; `nth(n)` resolves once n have arrived. */
export function collector(): { updates: string[]; onUpdated: (uri: string) => void; nth: (n: number) => Promise<string> } {
  const updates: string[] = [];
  let waiters: (() => void)[] = [];
  return {
    updates,
    onUpdated: (uri) => {
      updates.push(uri);
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    nth: async (n) => {
      while (updates.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return updates[n - 1]!;
    },
  };
}

/** Publishes `data` (encoded as JSON text, the tool's input form) through `publish_event`; returns the event id. */
export async function publish(client: ConnectedClient, stream: string, data: unknown): Promise<string> {
  const result = await client.callTool('publish_event', { stream, data: JSON.stringify(data) });
  expect(result.isError).toBeUndefined();
  return String(result.structuredContent?.event_id);
}

/** Polls until `check` passes: cleanup runs when the socket closes, a moment after the client acts. */
export async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (error) {
      if (i >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
