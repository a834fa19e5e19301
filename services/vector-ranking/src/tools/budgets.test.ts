/** Each work budget at its exact edge: a product equal to the limit runs, one more is refused by name. */
import { describe, expect, it } from '@jest/globals';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { settingsSchema } from '../settings.js';
import { createTools } from './index.js';

const settings = settingsSchema.parse({
  RANKING_MAX_BM25_WORK: '12',
  RANKING_MAX_TERM_DETAILS: '6',
  RANKING_MAX_PAGERANK_WORK: '20',
  RANKING_MAX_DIVERSITY_WORK: '24',
  RANKING_MAX_FUSION_OUTPUT: '4',
});
const tool = toolsByName(createTools(settings));
const ctx = toolTestContext('vector-ranking');
const call = (name: string, args: unknown) => runTool<Record<string, unknown>>(tool(name), args, ctx);
const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ docId: `d${i}`, content: i % 2 ? 'a b' : 'c' }));
const vectors = (n: number) => Array.from({ length: n }, (_, i) => ({ docId: `d${i}`, vector: [1, i] }));

describe('calculate_bm25_scores', () => {
  it('distinct query terms × documents: 3 × 4 = 12 runs, 3 × 5 is refused', async () => {
    expect(((await call('calculate_bm25_scores', { query: 'a a b c', documents: docs(4) })).results as unknown[]).length).toBe(4);
    await expect(call('calculate_bm25_scores', { query: 'a a b c', documents: docs(5) })).rejects.toThrow(
      'BM25 work is 3 query terms × 5 documents = 15; the limit is RANKING_MAX_BM25_WORK=12: send fewer query terms or documents',
    );
  });

  it('term details: results × terms, results = min(top_k, documents)', async () => {
    const two = await call('calculate_bm25_scores', { query: 'a b c', documents: docs(4), top_k: 2, include_term_details: true });
    expect((two.results as { term_scores: Record<string, number> }[]).map((r) => Object.keys(r.term_scores))).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    await expect(
      call('calculate_bm25_scores', { query: 'a b c', documents: docs(2), top_k: 10, include_term_details: true }),
    ).resolves.toBeDefined();
    await expect(
      call('calculate_bm25_scores', { query: 'a b c', documents: docs(4), top_k: 3, include_term_details: true }),
    ).rejects.toThrow(
      'The term-details answer is 3 results × 3 query terms = 9; the limit is RANKING_MAX_TERM_DETAILS=6: lower top_k, send fewer query terms, or leave include_term_details off',
    );
    await expect(call('calculate_bm25_scores', { query: 'a b c', documents: docs(4), top_k: 4 })).resolves.toBeDefined();
  });

  it('term details equal the score parts, for the returned results only', async () => {
    const out = await call('calculate_bm25_scores', { query: 'a c', documents: docs(3), top_k: 2, include_term_details: true });
    for (const r of out.results as { score: number; term_scores: Record<string, number> }[]) {
      expect(Object.values(r.term_scores).reduce((s, v) => s + v, 0)).toBeCloseTo(r.score, 12);
    }
  });
});

describe('calculate_pagerank_scores', () => {
  const graph = [
    { docId: 'a', links: ['b', 'c'] },
    { docId: 'b', links: ['c', 'd'] },
    { docId: 'c', links: ['a'] },
    { docId: 'd', links: ['a'] },
  ];
  it('(documents + links) × max_iterations: (4 + 6) × 2 = 20 runs, × 3 is refused', async () => {
    expect((await call('calculate_pagerank_scores', { documents: graph, max_iterations: 2 })).iterations).toBe(2);
    await expect(call('calculate_pagerank_scores', { documents: graph, max_iterations: 3 })).rejects.toThrow(
      'PageRank work is 10 documents and links × 3 iterations = 30; the limit is RANKING_MAX_PAGERANK_WORK=20: send fewer documents or links, or lower max_iterations',
    );
  });
});

describe('rerank_mmr', () => {
  it('min(top_k, documents) × documents × dimensions: 3 × 4 × 2 = 24 runs, 4 × 4 × 2 is refused', async () => {
    expect(((await call('rerank_mmr', { query_vector: [1, 0], documents: vectors(4), top_k: 3 })).results as unknown[]).length).toBe(3);
    expect(((await call('rerank_mmr', { query_vector: [1, 0], documents: vectors(3), top_k: 10 })).results as unknown[]).length).toBe(3);
    await expect(call('rerank_mmr', { query_vector: [1, 0], documents: vectors(4), top_k: 4 })).rejects.toThrow(
      'MMR work is 4 picks × 4 documents × 2 dimensions = 32; the limit is RANKING_MAX_DIVERSITY_WORK=24: lower top_k, or send fewer documents or shorter vectors',
    );
  });
});

describe('hybrid_ranking_search', () => {
  const withVectors = (n: number) => Array.from({ length: n }, (_, i) => ({ docId: `d${i}`, content: 'a', vector: [1, i] }));
  it('diversity: picks × documents × dimensions, only with apply_diversity', async () => {
    await expect(
      call('hybrid_ranking_search', { query: 'a', query_vector: [1, 0], documents: withVectors(4), top_k: 3, apply_diversity: true }),
    ).resolves.toBeDefined();
    await expect(
      call('hybrid_ranking_search', { query: 'a', query_vector: [1, 0], documents: withVectors(4), top_k: 4, apply_diversity: true }),
    ).rejects.toThrow(
      'Diversity work is 4 picks × 4 documents × 2 dimensions = 32; the limit is RANKING_MAX_DIVERSITY_WORK=24: lower top_k, or send fewer documents or shorter vectors',
    );
    await expect(
      call('hybrid_ranking_search', { query: 'a', query_vector: [1, 0], documents: withVectors(4), top_k: 4 }),
    ).resolves.toBeDefined();
  });
  it('the BM25 and PageRank components have the same budgets', async () => {
    await expect(call('hybrid_ranking_search', { query: 'a b c', documents: docs(5) })).rejects.toThrow(
      'BM25 work is 3 query terms × 5 documents = 15; the limit is RANKING_MAX_BM25_WORK=12',
    );
    await expect(
      call('hybrid_ranking_search', {
        query: 'a',
        documents: [
          { docId: 'x', content: 'a', links: ['y'] },
          { docId: 'y', content: 'a' },
        ],
      }),
    ).rejects.toThrow(
      'PageRank work is 3 documents and links × 100 iterations = 300; the limit is RANKING_MAX_PAGERANK_WORK=20: send fewer documents or links (the pagerank component runs 100 iterations)',
    );
  });
});

describe('fuse_rankings', () => {
  const rankings = [{ items: [{ docId: 'a' }, { docId: 'b' }] }, { items: [{ docId: 'b' }, { docId: 'c' }] }];
  it('min(top_k, fused documents) × lists: 2 × 2 = 4 runs, 3 × 2 is refused', async () => {
    expect(((await call('fuse_rankings', { rankings, top_k: 2 })).results as unknown[]).length).toBe(2);
    await expect(call('fuse_rankings', { rankings, top_k: 3 })).rejects.toThrow(
      'The fused answer is 3 results × 2 lists = 6; the limit is RANKING_MAX_FUSION_OUTPUT=4: lower top_k or send fewer lists',
    );
  });
});
