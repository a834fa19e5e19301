/**
 * End to end over HTTP with real MCP clients, as docs/retrieval-conventions.md describes:
 * semantic-similarity `embed_texts` → vector-similarity `batch_vector_similarity` →
 * vector-ranking `rerank_mmr`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createVectorRankingService } from '@a2a-mcp/vector-ranking';
import { createVectorSimilarityService } from '@a2a-mcp/vector-similarity';
import { createSemanticSimilarityService } from '../src/service.js';
import { testSettings } from './helpers.js';

const query = 'How do I bake fresh bread at home?';
const passages = {
  stocks: 'The stock market fell sharply today as investors sold shares.',
  bread: 'Knead the dough, let it rise, then bake the loaf in a hot oven.',
  cat: 'The cat sat on the mat.',
  breadAgain: 'Knead the dough, let it rise, and bake the loaf in a very hot oven.',
  flour: 'Homemade bread needs flour, yeast, water and a pinch of salt.',
  rain: 'Heavy rain flooded the streets of the city.',
};
const ids = Object.keys(passages);

const services: RunningService[] = [];
const clients: ConnectedClient[] = [];
let semantic: ConnectedClient;
let vectors: ConnectedClient;
let ranking: ConnectedClient;
beforeAll(async () => {
  const [s, v, r] = await Promise.all([
    startTestService(createSemanticSimilarityService(testSettings({ SEMSIM_VOCAB_SIZE: '50000' }))),
    startTestService(createVectorSimilarityService()),
    startTestService(createVectorRankingService()),
  ]);
  services.push(s, v, r);
  const headers = { 'x-api-key': TEST_KEYS.read };
  // One client of each era on the way, to show they interoperate.
  semantic = await connectModernClient(s.mcpUrl, headers);
  vectors = await connectLegacyClient(v.mcpUrl, headers);
  ranking = await connectModernClient(r.mcpUrl, headers);
  clients.push(semantic, vectors, ranking);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(services.map((s) => s.close()));
});

describe('embed → search → diversify', () => {
  it('finds the bread passage first and keeps its near-duplicate out of second place', async () => {
    const embedded = await semantic.callTool('embed_texts', { texts: [query, ...Object.values(passages)] });
    expect(embedded.isError).toBeFalsy();
    const {
      vectors: [queryVector, ...passageVectors],
      dimensions,
    } = embedded.structuredContent as { vectors: number[][]; dimensions: number };
    expect(dimensions).toBe(100);

    const search = await vectors.callTool('batch_vector_similarity', {
      query_vector: queryVector,
      metric: 'cosine',
      top_k: 4,
      candidates: passageVectors.map((vector, i) => ({ id: ids[i]!, vector })),
    });
    expect(search.isError).toBeFalsy();
    const shortlist = (search.structuredContent as { results: { id: string; index: number; similarity: number }[] }).results;
    expect(shortlist).toHaveLength(4);
    expect(['bread', 'breadAgain']).toContain(shortlist[0]!.id);
    expect(
      shortlist
        .slice(0, 3)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['bread', 'breadAgain', 'flour']);

    const reranked = await ranking.callTool('rerank_mmr', {
      query_vector: queryVector,
      lambda: 0.5,
      top_k: 3,
      documents: shortlist.map((r) => ({ docId: r.id, vector: passageVectors[r.index]! })),
    });
    expect(reranked.isError).toBeFalsy();
    const picks = (reranked.structuredContent as { results: { docId: string; relevance: number; redundancy: number }[] }).results;
    expect(picks[0]!.docId).toBe(shortlist[0]!.id);
    expect(picks[0]!.relevance).toBeCloseTo(shortlist[0]!.similarity, 5);
    // Diversity: the paraphrase of the first pick is nearly redundant, so the flour passage comes next.
    expect(picks[1]!.docId).toBe('flour');
  });
});
