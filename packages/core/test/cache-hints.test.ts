/**
 * tools/list depends on the caller's permissions: a 2026-07-28 answer carries the CacheableResult
 * hint that it is private to that caller (`cacheScope: "private"`, `ttlMs: 0`) in both lanes; a
 * 2025-era answer carries no cache fields (its schema has none).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../src/index.js';
import { KEYS, rawCall, startCoreTestService } from './helpers/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startCoreTestService({ PUBLIC_TOOLS: 'echo_text' });
});
afterAll(async () => {
  await service.close();
});

type ListResult = { tools: { name: string }[]; ttlMs?: number; cacheScope?: string };

/** A 2025-era tools/list; with a progress token the fast lane declines it and the SDK answers. */
async function legacyList(headers: Record<string, string>, progress: boolean): Promise<ListResult> {
  const response = await fetch(service.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: progress ? { _meta: { progressToken: 'p' } } : {} }),
  });
  const text = await response.text();
  const json = text.startsWith('{') ? text : /^data: (.*)$/m.exec(text)![1]!;
  return (JSON.parse(json) as { result: ListResult }).result;
}

describe('tools/list cache hints', () => {
  it.each([
    ['fast lane', {}],
    ['SDK lane', { progressToken: 'p' }],
  ])('2026-07-28, %s: private to the caller, whose permissions decide the list', async (_lane, meta) => {
    const reader = await rawCall(service.mcpUrl, 'tools/list', { _meta: meta }, { 'x-api-key': KEYS.read });
    const writer = await rawCall(service.mcpUrl, 'tools/list', { _meta: meta }, { 'x-api-key': KEYS.write });
    const anonymous = await rawCall(service.mcpUrl, 'tools/list', { _meta: meta });
    const results = [reader, writer, anonymous].map((r) => (r.json as { result: ListResult }).result);
    expect(results.map((r) => r.tools.map((t) => t.name).sort())).toEqual([['echo_text'], ['echo_text', 'save_note'], ['echo_text']]);
    for (const result of results)
      expect({ ttlMs: result.ttlMs, cacheScope: result.cacheScope }).toEqual({ ttlMs: 0, cacheScope: 'private' });
  });

  it.each([
    ['fast lane', false],
    ['SDK lane', true],
  ])('2025 era, %s: no cache fields', async (_lane, progress) => {
    const result = await legacyList({ 'x-api-key': KEYS.write, 'mcp-protocol-version': '2025-11-25' }, progress);
    expect(result.tools.map((t) => t.name).sort()).toEqual(['echo_text', 'save_note']);
    expect(Object.keys(result).sort()).toEqual(['tools']);
  });
});
