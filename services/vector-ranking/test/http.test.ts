import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createVectorRankingService, settingsSchema } from '../src/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createVectorRankingService(settingsSchema.parse({})));
});
afterAll(async () => {
  await service.close();
});

const close = (value: number) => expect.closeTo(value, 10);
// The hand-worked corpus of src/lib/bm25.test.ts: IDF = ln 1.6 for both terms.
const idf = Math.log(1.6);
const corpus = [
  { docId: 'd0', content: 'the cat sat' },
  { docId: 'd1', content: 'the dog sat on the mat' },
  { docId: 'd2', content: 'cat cat dog' },
];
const bm25 = { d0: idf * (2.2 / 1.975), d1: idf * (2.2 / 2.65), d2: idf * (4.4 / 2.975 + 2.2 / 1.975) };

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  it('lists the five tools and reads ranking://config', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'calculate_bm25_scores',
      'calculate_pagerank_scores',
      'fuse_rankings',
      'hybrid_ranking_search',
      'rerank_mmr',
    ]);
    const { contents } = await client.readResource('ranking://config');
    const body = JSON.parse(contents[0]!.text!);
    expect(body.hybrid.weights).toEqual({ vector: 0.4, bm25: 0.3, pagerank: 0.2, context: 0.1 });
    expect(body.hybrid.diversity_threshold).toBe(0.7);
    expect(body.bm25).toMatchObject({ k1: 1.2, b: 0.75 });
    expect(body.pagerank).toMatchObject({ damping: 0.85 });
    expect(body.fusion.rrf_k).toBe(60);
    await client.close();
  });

  it('calls all five tools', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });

    let result = await client.callTool('calculate_bm25_scores', { query: 'cat dog', documents: corpus });
    expect(result.structuredContent).toEqual({
      results: [
        { docId: 'd2', index: 2, rank: 1, score: close(bm25.d2), normalized_score: 1 },
        { docId: 'd0', index: 0, rank: 2, score: close(bm25.d0), normalized_score: close(bm25.d0 / bm25.d2) },
        { docId: 'd1', index: 1, rank: 3, score: close(bm25.d1), normalized_score: close(bm25.d1 / bm25.d2) },
      ],
      query_terms: [
        { term: 'cat', query_frequency: 1, document_frequency: 2, idf },
        { term: 'dog', query_frequency: 1, document_frequency: 2, idf },
      ],
      corpus: { document_count: 3, average_document_length: 4, matching_documents: 3 },
      parameters: { k1: 1.2, b: 0.75 },
    });

    // a ⇄ b, b → c, c dangling: a = c = 57/188, b = 37/94 (src/lib/pagerank.test.ts); a → x is unknown
    result = await client.callTool('calculate_pagerank_scores', {
      documents: [
        { docId: 'a', links: ['b', 'x'] },
        { docId: 'b', links: ['a', 'c'] },
        { docId: 'c', links: [] },
      ],
      tolerance: 1e-12,
    });
    expect(result.structuredContent).toEqual({
      scores: [close(57 / 188), close(37 / 94), close(57 / 188)],
      ranking: [
        { docId: 'b', index: 1, rank: 1, score: close(37 / 94) },
        { docId: 'a', index: 0, rank: 2, score: close(57 / 188) },
        { docId: 'c', index: 2, rank: 3, score: close(57 / 188) },
      ],
      iterations: expect.any(Number),
      converged: true,
      delta: expect.any(Number),
      dangling_nodes: 1,
      edges: 3,
      ignored_links_count: 1,
      ignored_links: [{ from: 'a', to: 'x' }],
      parameters: { damping: 0.85, max_iterations: 100, tolerance: 1e-12 },
    });

    // q = (1,0); relevance 0.8, 0.6, 0.6; cos(d0,d1) = 0.96, cos(d0,d2) = 0 (src/lib/mmr.test.ts)
    result = await client.callTool('rerank_mmr', {
      query_vector: [1, 0],
      documents: [
        { docId: 'd0', vector: [0.8, 0.6] },
        { docId: 'd1', vector: [0.6, 0.8] },
        { docId: 'd2', vector: [0.6, -0.8] },
      ],
      lambda: 0.5,
    });
    expect(result.structuredContent).toEqual({
      lambda: 0.5,
      results: [
        { docId: 'd0', index: 0, rank: 1, mmr_score: close(0.4), relevance: close(0.8), redundancy: 0 },
        { docId: 'd2', index: 2, rank: 2, mmr_score: close(0.3), relevance: close(0.6), redundancy: close(0) },
        { docId: 'd1', index: 1, rank: 3, mmr_score: close(-0.18), relevance: close(0.6), redundancy: close(0.96) },
      ],
    });

    result = await client.callTool('fuse_rankings', {
      rankings: [
        { name: 'bm25', items: [{ docId: 'a' }, { docId: 'b' }] },
        { name: 'vector', items: [{ docId: 'b' }, { docId: 'c' }] },
      ],
    });
    expect(result.structuredContent).toEqual({
      method: 'rrf',
      k: 60,
      documents: 3,
      results: [
        {
          docId: 'b',
          rank: 1,
          score: 1 / 62 + 1 / 61,
          lists: 2,
          contributions: [
            { list: 0, name: 'bm25', rank: 2, contribution: 1 / 62 },
            { list: 1, name: 'vector', rank: 1, contribution: 1 / 61 },
          ],
        },
        { docId: 'a', rank: 2, score: 1 / 61, lists: 1, contributions: [{ list: 0, name: 'bm25', rank: 1, contribution: 1 / 61 }] },
        { docId: 'c', rank: 3, score: 1 / 62, lists: 1, contributions: [{ list: 1, name: 'vector', rank: 2, contribution: 1 / 62 }] },
      ],
    });

    // No links, no context: vector and bm25 share 0.4 : 0.3 → 4/7 and 3/7.
    result = await client.callTool('hybrid_ranking_search', {
      query: 'cat',
      query_vector: [0, 1],
      documents: [
        { docId: 'a', content: 'cat', vector: [1, 0] },
        { docId: 'b', content: 'dog', vector: [0, 1] },
      ],
    });
    expect(result.structuredContent).toEqual({
      results: [
        { docId: 'b', index: 1, rank: 1, hybridScore: close(4 / 7), components: { vector: 1, bm25: 0, pagerank: null, context: null } },
        { docId: 'a', index: 0, rank: 2, hybridScore: close(3 / 7), components: { vector: 0, bm25: 1, pagerank: null, context: null } },
      ],
      components_present: ['vector', 'bm25'],
      weights_used: { vector: close(4 / 7), bm25: close(3 / 7), pagerank: 0, context: 0 },
      documents_considered: 2,
      skipped_for_diversity: 0,
    });
    await client.close();
  });

  it('reports a dimension mismatch as a tool error naming both lengths', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const result = await client.callTool('rerank_mmr', {
      query_vector: [1, 0],
      documents: [
        { docId: 'a', vector: [1, 0] },
        { docId: 'b', vector: [1, 0, 0] },
      ],
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'documents[1].vector has 3 dimensions, the query has 2' }]);
    await client.close();
  });
});
