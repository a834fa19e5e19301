/**
 * MCP Inspector CLI smoke test: the official Inspector, run the way an operator would
 * (`--cli <url> --transport http --header "X-API-Key: …"`), lists exactly each service's tools
 * (docs/tools.md) and gets the hand-computed answer from one representative call per service (two for
 * the stateful services: write, then read back). The CLI runs on the fleet's Node 20.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { startTestService, TEST_KEYS, TOOL_CATALOGUE } from '@a2a-mcp/testkit';
import { runInspector, type InspectorRun } from '../src/inspector.js';
import { createRegisteredService, registeredServices } from '../src/services.js';

/** The catalogue (docs/tools.md), per service. */
const TOOLS: Record<string, readonly string[]> = TOOL_CATALOGUE;

/** A write-permission key: what an agent holds; `admin` is never needed for a tool (docs/tools.md). */
const AUTH = { 'X-API-Key': TEST_KEYS.write };

type Structured = Record<string, unknown>;

/** The structuredContent of a successful `--method tools/call`. */
function structured(run: InspectorRun): Structured {
  expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
  const result = run.json as { structuredContent?: Structured; isError?: boolean };
  expect(result.isError).toBeUndefined();
  return result.structuredContent!;
}

/** Runs `tools/call <tool>` with `--tool-arg key=value` pairs (the CLI parses JSON values: a JSON-text field is passed as a JSON string, JSON.stringify of the text). */
async function call(url: string, tool: string, args: Record<string, string>): Promise<Structured> {
  const pairs = Object.entries(args).map(([key, value]) => `${key}=${value}`);
  return structured(await runInspector(url, AUTH, ['--method', 'tools/call', '--tool-name', tool, '--tool-arg', ...pairs]));
}

/** One representative call per service, with the answer worked out by hand. */
const CALLS: Record<string, (url: string) => Promise<void>> = {
  'data-standardization': async (url) => {
    expect(await call(url, 'standardize_values', { kind: 'boolean', values: '["yes","0","maybe"]' })).toEqual({
      kind: 'boolean',
      results: [
        { index: 0, input: 'yes', value: true },
        { index: 1, input: '0', value: false },
        { index: 2, input: 'maybe', error: 'not one of yes/no/y/n/1/0/true/false' },
      ],
      summary: { total: 3, succeeded: 2, failed: 1 },
    });
  },
  'vector-similarity': async (url) => {
    // |1-4| + |2-5| + |3-6| = 9 → similarity 1/(1+9)
    expect(await call(url, 'calculate_vector_similarity', { vector_a: '[1,2,3]', vector_b: '[4,5,6]', metric: 'manhattan' })).toEqual({
      metric: 'manhattan',
      similarity: 0.1,
      distance: 9,
      dimensions: 3,
      normalized: false,
    });
  },
  'vector-ranking': async (url) => {
    // RRF, k = 60: b is 2nd in bm25 and 1st in vector → 1/62 + 1/61; a is 1st in bm25 only → 1/61.
    const out = await call(url, 'fuse_rankings', {
      rankings: '[{"name":"bm25","items":[{"docId":"a"},{"docId":"b"}]},{"name":"vector","items":[{"docId":"b"}]}]',
    });
    expect(out).toMatchObject({ method: 'rrf', k: 60, documents: 2 });
    expect(
      (out.results as { docId: string; rank: number; score: number }[]).map(({ docId, rank, score }) => ({ docId, rank, score })),
    ).toEqual([
      { docId: 'b', rank: 1, score: 1 / 62 + 1 / 61 },
      { docId: 'a', rank: 2, score: 1 / 61 },
    ]);
  },
  'transport-layer': async (url) => {
    // The writer key's client id is "writer": a message to itself comes back from its own mailbox.
    const sent = await call(url, 'send_message', { to: 'writer', body: JSON.stringify('{"n":42}') });
    expect(sent).toMatchObject({ mailbox: 'writer', deduplicated: false });
    const received = await call(url, 'receive_messages', { mailbox: 'writer' });
    expect(received).toMatchObject({ mailbox: 'writer', acked: 0 });
    expect(received.messages).toEqual([
      { message_id: sent.message_id, from: 'writer', body: { n: 42 }, headers: {}, enqueued_at: sent.enqueued_at, delivery_count: 1 },
    ]);
  },
  'reasoning-agent': async (url) => {
    // A → B with A true, B false: the one row where an implication is false.
    expect(
      await call(url, 'evaluate_proposition', {
        formula: 'A -> B',
        assignment: '[{"variable":"A","value":true},{"variable":"B","value":false}]',
      }),
    ).toEqual({ value: false, canonical: 'A -> B', variables: ['A', 'B'], unused_assignments: [] });
  },
  'session-management': async (url) => {
    const created = await call(url, 'create_session', { ttl_seconds: '600', state: JSON.stringify('{"step":1}') });
    expect(created).toMatchObject({ status: 'active', version: 1 });
    const read = await call(url, 'get_session', { session_id: String(created.session_id), token: String(created.token) });
    expect(read).toMatchObject({ session_id: created.session_id, owner: 'writer', status: 'active', state: { step: 1 }, version: 1 });
  },
  'resource-streaming': async (url) => {
    const published = await call(url, 'publish_event', { stream: 'smoke', type: 'tick', data: JSON.stringify('{"x":1}') });
    expect(published).toMatchObject({ stream: 'smoke' });
    expect(await call(url, 'read_stream', { stream: 'smoke' })).toEqual({
      stream: 'smoke',
      events: [{ event_id: published.event_id, type: 'tick', data: { x: 1 }, published_at: published.published_at }],
      next_cursor: published.event_id,
    });
  },
  'confidence-calculator': async (url) => {
    expect(await call(url, 'calculate_fallback_confidence', { scenario: 'partial_evidence' })).toEqual({
      scenario: 'partial_evidence',
      confidence: 0.5,
      known_scenario: true,
    });
  },
  'semantic-similarity': async (url) => {
    // Stop words removed: {cat, sat, mat} vs {cat, sat, rug} → |∩| / |∪| = 2/4.
    expect(
      await call(url, 'calculate_text_similarity', { text1: 'The cat sat on the mat', text2: 'The cat sat on the rug', method: 'jaccard' }),
    ).toEqual({
      similarity: 0.5,
      method: 'jaccard',
      common_concepts: ['cat', 'sat'],
    });
  },
};

const services = registeredServices().map((s) => s.name);

it('covers every service in services.json', () => {
  expect(Object.keys(TOOLS).sort()).toEqual([...services].sort());
  expect(Object.keys(CALLS).sort()).toEqual([...services].sort());
  expect(Object.values(TOOLS).flat()).toHaveLength(51);
});

describe.each(services)('%s', (name) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(createRegisteredService(name));
  });
  afterAll(async () => {
    await service.close();
  });

  it('tools/list: exactly the tools of docs/tools.md, with no schema portability error', async () => {
    // --strict exits 6 when a tool schema has an error-severity portability problem.
    const run = await runInspector(service.mcpUrl, AUTH, ['--method', 'tools/list', '--strict']);
    expect(run.exitCode).toBe(0);
    const { tools } = run.json as { tools: { name: string }[] };
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS[name]!].sort());
  });

  it('tools/call: the hand-computed answer', async () => {
    await CALLS[name]!(service.mcpUrl);
  });
});

describe('without the key', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(createRegisteredService('confidence-calculator'));
  });
  afterAll(async () => {
    await service.close();
  });

  it('the Inspector is refused: the header is what authenticates it', async () => {
    const run = await runInspector(service.mcpUrl, {}, ['--method', 'tools/list']);
    expect(run.exitCode).not.toBe(0);
    expect(run.json).toBeUndefined();
    // The 401 (with its WWW-Authenticate challenge) sends the Inspector to OAuth, which a CI run cannot do.
    expect((JSON.parse(run.stderr) as { error: { code: string } }).error.code).toBe('auth_required');
  });
});
