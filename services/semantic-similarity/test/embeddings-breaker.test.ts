/**
 * The OpenAI-compatible provider behind core's `embeddings` circuit breaker, over HTTP: a real
 * semantic-similarity service (port 0) against a real `/v1/embeddings` server started here.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { mcpPost, modernEnvelope, modernHeaders, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createSemanticSimilarityService } from '../src/service.js';
import { fakeVector, startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './fake-embeddings-server.js';
import { testSettings } from './helpers.js';

const API_KEY = 'sk-never-shown-0123';

let embeddings: FakeEmbeddingsServer | undefined;
let service: RunningService | undefined;
afterEach(async () => {
  await service?.close();
  await embeddings?.close();
  service = undefined;
  embeddings = undefined;
});

/** A fake endpoint and a service using it: batches of 2, breaker opening after 3 calls at ≥ 50 % failures. */
async function start(settings: Record<string, string> = {}, breakerEnv: Record<string, string> = {}) {
  embeddings = await startFakeEmbeddingsServer();
  service = await startTestService(
    createSemanticSimilarityService(
      testSettings({
        EMBEDDINGS_URL: embeddings.url,
        EMBEDDINGS_MODEL: 'fake-4d',
        EMBEDDINGS_API_KEY: API_KEY,
        EMBEDDINGS_BATCH_SIZE: '2',
        ...settings,
      }),
    ),
    {
      env: {
        CIRCUIT_BREAKER_VOLUME_THRESHOLD: '3',
        CIRCUIT_BREAKER_FAILURE_THRESHOLD: '50',
        CIRCUIT_BREAKER_RESET_TIMEOUT: '60000',
        ...breakerEnv,
      },
    },
  );
  return { embeddings, service };
}

interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, { code: string; retryable: boolean; data?: Record<string, unknown> }>;
}

async function callTool(name: string, args: Record<string, unknown>): Promise<{ status: number; text: string; result: ToolResult }> {
  const response = await mcpPost(
    service!.mcpUrl,
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, _meta: modernEnvelope } },
    { ...modernHeaders('tools/call', name), 'x-api-key': TEST_KEYS.read },
  );
  return { status: response.status, text: response.text, result: (response.json as { result: ToolResult }).result };
}

/** One tool call that embeds two texts: exactly one request to the endpoint (batch size 2). */
const similarity = () => callTool('calculate_text_similarity', { text1: 'a b', text2: 'c d', method: 'semantic' });

type Snapshot = Record<
  string,
  { state: string; stats: { fires: number; successes: number; failures: number; rejects: number; timeouts: number } }
>;

async function breakers(): Promise<Snapshot> {
  const response = await fetch(`${service!.url}/circuit-breakers`, { headers: { 'x-api-key': TEST_KEYS.admin } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { breakers: Snapshot }).breakers;
}

async function gauge(): Promise<string | undefined> {
  const text = await fetch(`${service!.url}/metrics`, { headers: { 'x-api-key': TEST_KEYS.admin } }).then((r) => r.text());
  return /^mcp_circuit_breaker_state\{breaker="embeddings",service="semantic-similarity"\} (\d)$/m.exec(text)?.[1];
}

/** Nothing a client sees may carry the key, the upstream body, the endpoint's address or a stack. */
function expectNoLeak(text: string): void {
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain('upstream secret');
  expect(text).not.toContain(embeddings!.url.replace('/v1', ''));
  expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/);
}

describe('embeddings breaker over HTTP', () => {
  it('is listed, closed, before the first call (GET /circuit-breakers and /metrics)', async () => {
    await start();
    expect(await breakers()).toEqual({
      embeddings: { state: 'closed', stats: { fires: 0, successes: 0, failures: 0, rejects: 0, timeouts: 0 } },
    });
    expect(await gauge()).toBe('0');
    expect(embeddings!.requests).toEqual([]);
  });

  it('sends the texts in batches through the breaker and uses the vectors', async () => {
    await start();
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const { status, result } = await callTool('embed_texts', { texts });
    expect(status).toBe(200);
    expect(embeddings!.requests.map((r) => r.body.input)).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
    expect(embeddings!.requests.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const out = result.structuredContent as { model: string; provider: string; dimensions: number; vectors: number[][] };
    expect(out).toMatchObject({ model: 'fake-4d', provider: 'openai-compatible', dimensions: 4 });
    // "three" → (5, 2, 0, 1), norm √30.
    expect(fakeVector('three')).toEqual([5, 2, 0, 1]);
    out.vectors[2]!.forEach((x, i) => expect(x).toBeCloseTo([5, 2, 0, 1][i]! / Math.sqrt(30), 12));
    expect(await breakers()).toEqual({
      embeddings: { state: 'closed', stats: { fires: 3, successes: 3, failures: 0, rejects: 0, timeouts: 0 } },
    });
    expect(await gauge()).toBe('0');
  });

  it('reports a refused connection as a retryable tool error without leaking the URL or key', async () => {
    await start();
    await embeddings!.close();
    const { status, text, result } = await similarity();
    expect(status).toBe(200);
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'The embeddings endpoint is unavailable' }]);
    expect(result._meta!['a2a-mcp/error']).toEqual({ code: 'unavailable', retryable: true });
    expectNoLeak(text);
    expect((await breakers()).embeddings).toMatchObject({ state: 'closed', stats: { fires: 1, failures: 1 } });
  });

  it('times out a hanging endpoint after EMBEDDINGS_TIMEOUT_MS and counts it as a failure', async () => {
    await start({ EMBEDDINGS_TIMEOUT_MS: '300' });
    embeddings!.mode = 'hang';
    const { status, result } = await similarity();
    expect(status).toBe(200);
    expect(result.content[0]!.text).toBe('The embeddings endpoint is unavailable (no answer within 300 ms)');
    expect(result._meta!['a2a-mcp/error']).toMatchObject({ code: 'unavailable', retryable: true });
    expect((await breakers()).embeddings!.stats).toMatchObject({ fires: 1, failures: 1 });
  });

  it('opens after the configured threshold, then fails fast without calling the endpoint; reset needs admin', async () => {
    await start();
    embeddings!.mode = 'error500';
    for (let i = 1; i <= 2; i++) {
      const { result, text } = await similarity();
      expect(result.content[0]!.text).toBe('The embeddings endpoint is unavailable (HTTP 500)');
      expectNoLeak(text);
    }
    // Two calls are below CIRCUIT_BREAKER_VOLUME_THRESHOLD=3: still closed.
    expect((await breakers()).embeddings!.state).toBe('closed');
    await similarity();
    expect((await breakers()).embeddings).toEqual({
      state: 'open',
      stats: { fires: 3, successes: 0, failures: 3, rejects: 0, timeouts: 0 },
    });
    expect(await gauge()).toBe('2');

    embeddings!.mode = 'ok';
    const refused = await similarity();
    expect(refused.status).toBe(200);
    expect(refused.result.isError).toBe(true);
    expect(refused.result.content[0]!.text).toBe(
      'The embeddings endpoint is unavailable (circuit open after repeated failures; retry later)',
    );
    expect(refused.result._meta!['a2a-mcp/error']).toEqual({
      code: 'unavailable',
      retryable: true,
      data: { dependency: 'embeddings', circuit: 'open' },
    });
    expectNoLeak(refused.text);
    expect(embeddings!.requests).toHaveLength(3);
    expect((await breakers()).embeddings!.stats).toMatchObject({ fires: 4, rejects: 1 });

    const reset = (key?: string) =>
      fetch(`${service!.url}/circuit-breakers/reset?name=embeddings`, { method: 'POST', headers: key ? { 'x-api-key': key } : {} });
    expect((await reset()).status).toBe(401);
    expect((await reset(TEST_KEYS.read)).status).toBe(403);
    expect((await breakers()).embeddings!.state).toBe('open');
    const done = await reset(TEST_KEYS.admin);
    expect(done.status).toBe(200);
    expect(((await done.json()) as { reset: string[] }).reset).toEqual(['embeddings']);
    expect((await breakers()).embeddings!.state).toBe('closed');
    expect(await gauge()).toBe('0');
    const { result } = await similarity();
    expect(result.isError).toBeFalsy();
    expect(embeddings!.requests).toHaveLength(4);
  });

  it('lets a trial call through after CIRCUIT_BREAKER_RESET_TIMEOUT and closes when it succeeds', async () => {
    await start({}, { CIRCUIT_BREAKER_RESET_TIMEOUT: '500' });
    embeddings!.mode = 'error500';
    for (let i = 0; i < 3; i++) await similarity();
    expect((await breakers()).embeddings!.state).toBe('open');
    embeddings!.mode = 'ok';
    // Wait for the half-open transition (a state, not a duration, is asserted).
    const deadline = Date.now() + 15_000;
    while ((await breakers()).embeddings!.state !== 'half_open') {
      if (Date.now() > deadline) throw new Error('the breaker never went half-open');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await gauge()).toBe('1');
    const { result } = await similarity();
    expect(result.isError).toBeFalsy();
    expect(typeof result.structuredContent!.similarity).toBe('number');
    expect((await breakers()).embeddings!.state).toBe('closed');
    expect(await gauge()).toBe('0');
  });
});
