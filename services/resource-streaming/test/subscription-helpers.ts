/**
 * What the subscription tests share: collecting `notifications/resources/updated` URIs, publishing
 * through the tool, and polling for cleanup that happens a moment after a client acts.
 */
import { expect } from '@jest/globals';
import type { ConnectedClient } from '@a2a-mcp/testkit';

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

/** Publishes through `publish_event`; returns the event id. */
export async function publish(client: ConnectedClient, stream: string, data: unknown): Promise<string> {
  const result = await client.callTool('publish_event', { stream, data });
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
