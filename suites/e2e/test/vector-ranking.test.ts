/** vector-ranking: all five tools through both eras, against hand-computed values. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['vector-ranking'];
let h: Harness;
beforeAll(async () => {
  h = await openService(await SERVICES['vector-ranking'](), { key: 'read' });
});
afterAll(async () => {
  await h?.close();
});

/**
 * A three-document corpus. Tokens: d1 "cat sat" (2), d2 "cat cat dog" (3), d3 "bird" (1); avgdl 2.
 * BM25 for the query "cat", k1 = 1.2, b = 0.75: N = 3, n(cat) = 2, IDF = ln((3 − 2 + 0.5)/(2 + 0.5) + 1)
 * = ln 1.6 ≈ 0.470004.
 *   d1: tf 1, K = 1.2·(0.25 + 0.75·2/2) = 1.2 → 1·2.2/(1 + 1.2) = 1 → score ln 1.6 ≈ 0.470004
 *   d2: tf 2, K = 1.2·(0.25 + 0.75·3/2) = 1.65 → 2·2.2/(2 + 1.65) = 4.4/3.65 → score ≈ 0.566580
 *   d3: 0. Normalised by the best (d2): d1 = 3.65/4.4 ≈ 0.829545.
 */
const DOCS = [
  { docId: 'd1', content: 'Cat sat' },
  { docId: 'd2', content: 'cat, cat dog' },
  { docId: 'd3', content: 'bird' },
];
const LN_1_6 = Math.log(1.6);

describe('vector-ranking through both eras', () => {
  it('lists exactly its five tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('calculate_bm25_scores: Okapi BM25 with Lucene IDF', async () => {
    const result = await h.callBoth<{
      results: { docId: string; index: number; rank: number; score: number; normalized_score: number }[];
      query_terms: { term: string; query_frequency: number; document_frequency: number; idf: number }[];
      corpus: { document_count: number; average_document_length: number; matching_documents: number };
      parameters: { k1: number; b: number };
    }>('calculate_bm25_scores', { query: 'cat', documents: DOCS });
    expect(result.parameters).toEqual({ k1: 1.2, b: 0.75 });
    expect(result.corpus).toEqual({ document_count: 3, average_document_length: 2, matching_documents: 2 });
    expect(result.query_terms).toHaveLength(1);
    expect(result.query_terms[0]).toMatchObject({ term: 'cat', query_frequency: 1, document_frequency: 2 });
    expect(result.query_terms[0]!.idf).toBeCloseTo(LN_1_6, 10);
    const [first, second] = result.results;
    expect([first!.docId, first!.index, first!.rank, second!.docId, second!.index, second!.rank]).toEqual(['d2', 1, 1, 'd1', 0, 2]);
    expect(first!.score).toBeCloseTo(LN_1_6 * (4.4 / 3.65), 10);
    expect(first!.normalized_score).toBeCloseTo(1, 10);
    expect(second!.score).toBeCloseTo(LN_1_6, 10);
    expect(second!.normalized_score).toBeCloseTo(3.65 / 4.4, 10);
    // d3 scores 0 and, if listed at all, comes last.
    for (const rest of result.results.slice(2)) expect(rest).toMatchObject({ docId: 'd3', score: 0 });
  });

  it('calculate_bm25_scores: a repeated query term counts twice; per-term details', async () => {
    // Docs "the quick brown fox" (4), "fox fox fox jumps over the lazy dog" (8), "quick quick" (2):
    // avgdl 14/3; "quick" and "fox" are each in 2 of 3 documents → IDF ln 1.6 for both.
    //   a: K = 1.2·(0.25 + 0.75·4/(14/3)) = 15/14; quick 2.2/(1 + 15/14), fox twice that → 3·2.2/(29/14)·ln 1.6
    //   b: K = 1.2·(0.25 + 0.75·8/(14/3)) = 129/70; fox (qf 2) 2·3·2.2/(3 + 129/70)·ln 1.6
    //   c: K = 1.2·(0.25 + 0.75·2/(14/3)) = 24/35; quick 2·2.2/(2 + 24/35)·ln 1.6
    const a = ((3 * 2.2) / (1 + 15 / 14)) * LN_1_6;
    const b = ((2 * 3 * 2.2) / (3 + 129 / 70)) * LN_1_6;
    const c = ((2 * 2.2) / (2 + 24 / 35)) * LN_1_6;
    const result = await h.callBoth<{
      results: { docId: string; score: number; normalized_score: number; term_scores?: Record<string, number> }[];
      query_terms: { term: string; query_frequency: number }[];
      corpus: Record<string, number>;
    }>('calculate_bm25_scores', {
      query: 'quick fox fox',
      documents: [
        { docId: 'a', content: 'the quick brown fox' },
        { docId: 'b', content: 'fox fox fox jumps over the lazy dog' },
        { docId: 'c', content: 'quick quick' },
      ],
      include_term_details: true,
    });
    expect(result.query_terms.map((t) => [t.term, t.query_frequency])).toEqual([
      ['quick', 1],
      ['fox', 2],
    ]);
    expect(result.corpus.average_document_length).toBeCloseTo(14 / 3, 12);
    expect(result.results.map((r) => r.docId)).toEqual(['a', 'b', 'c']);
    expect(result.results.map((r) => r.score)).toEqual([a, b, c].map((v) => expect.closeTo(v, 10)));
    expect(result.results.map((r) => r.normalized_score)).toEqual([1, b / a, c / a].map((v) => expect.closeTo(v, 10)));
    expect(result.results[0]!.term_scores).toEqual({ quick: expect.closeTo(a / 3, 10), fox: expect.closeTo((2 * a) / 3, 10) });
  });

  it('calculate_pagerank_scores: a 2-cycle plus a dangling node, an unknown link ignored', async () => {
    // A ↔ B, C dangling (its rank spread evenly), d = 0.85. By symmetry PR(A) = PR(B) = x,
    // PR(C) = y = 0.05 + 0.85·y/3 → y = 0.15/2.15 = 3/43 ≈ 0.069767; x = (1 − y)/2 = 20/43 ≈ 0.465116.
    const result = await h.callBoth<{
      scores: number[];
      ranking: { docId: string; rank: number }[];
      converged: boolean;
      dangling_nodes: number;
      edges: number;
      ignored_links_count: number;
      ignored_links: { from: string; to: string }[];
      parameters: Record<string, number>;
    }>('calculate_pagerank_scores', {
      documents: [
        { docId: 'A', links: ['B', 'nowhere'] },
        { docId: 'B', links: ['A'] },
        { docId: 'C', links: [] },
      ],
    });
    expect(result.scores).toHaveLength(3);
    expect(result.scores[0]).toBeCloseTo(20 / 43, 5);
    expect(result.scores[1]).toBeCloseTo(20 / 43, 5);
    expect(result.scores[2]).toBeCloseTo(3 / 43, 5);
    expect(result.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result).toMatchObject({
      converged: true,
      dangling_nodes: 1,
      edges: 2,
      ignored_links_count: 1,
      ignored_links: [{ from: 'A', to: 'nowhere' }],
    });
    expect(result.parameters).toEqual({ damping: 0.85, max_iterations: 100, tolerance: 0.000001 });
    expect(result.ranking[2]).toMatchObject({ docId: 'C', rank: 3 });
  });

  it('rerank_mmr: relevance first, then the less redundant document', async () => {
    // q = [1,0]; a = [1,0] (rel 1), b = [1,1] (rel 1/√2), c = [0,1] (rel 0); λ = 0.7.
    // Pick 1: a, MMR 0.7·1 − 0.3·0 = 0.7. Pick 2: b → 0.7/√2 − 0.3·cos(b,a) = 0.4/√2 ≈ 0.282843,
    // c → 0 − 0.3·0 = 0 → b. Pick 3: c → 0 − 0.3·max(cos(c,a) = 0, cos(c,b) = 1/√2) ≈ −0.212132.
    const result = await h.callBoth<{
      lambda: number;
      results: { docId: string; rank: number; mmr_score: number; relevance: number; redundancy: number }[];
    }>('rerank_mmr', {
      query_vector: [1, 0],
      documents: [
        { docId: 'c', vector: [0, 1] },
        { docId: 'b', vector: [1, 1] },
        { docId: 'a', vector: [1, 0] },
      ],
      lambda: 0.7,
    });
    expect(result.lambda).toBe(0.7);
    expect(result.results.map((r) => [r.docId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const [a, b, c] = result.results;
    expect(a!.mmr_score).toBeCloseTo(0.7, 10);
    expect(a!.redundancy).toBe(0);
    expect(b!.relevance).toBeCloseTo(Math.SQRT1_2, 10);
    expect(b!.redundancy).toBeCloseTo(Math.SQRT1_2, 10);
    expect(b!.mmr_score).toBeCloseTo(0.4 * Math.SQRT1_2, 10);
    expect(c!.relevance).toBeCloseTo(0, 10);
    expect(c!.redundancy).toBeCloseTo(Math.SQRT1_2, 10);
    expect(c!.mmr_score).toBeCloseTo(-0.3 * Math.SQRT1_2, 10);
  });

  it('fuse_rankings: reciprocal rank fusion (k = 60) and CombMNZ', async () => {
    // RRF: list 1 = [x, y, z], list 2 = [y, w]. y = 1/62 + 1/61 ≈ 0.032522, x = 1/61 ≈ 0.016393,
    // w = 1/62 ≈ 0.016129, z = 1/63 ≈ 0.015873.
    const rrf = await h.callBoth<{
      method: string;
      k: number | null;
      documents: number;
      results: {
        docId: string;
        rank: number;
        score: number;
        lists: number;
        contributions: { list: number; name?: string; rank: number; contribution: number }[];
      }[];
    }>('fuse_rankings', {
      rankings: [
        { name: 'bm25', items: [{ docId: 'x' }, { docId: 'y' }, { docId: 'z' }] },
        { name: 'vector', items: [{ docId: 'y' }, { docId: 'w' }] },
      ],
    });
    expect(rrf).toMatchObject({ method: 'rrf', k: 60, documents: 4 });
    expect(rrf.results.map((r) => [r.docId, r.rank, r.lists])).toEqual([
      ['y', 1, 2],
      ['x', 2, 1],
      ['w', 3, 1],
      ['z', 4, 1],
    ]);
    expect(rrf.results.map((r) => r.score)).toEqual([1 / 62 + 1 / 61, 1 / 61, 1 / 62, 1 / 63].map((v) => expect.closeTo(v, 12)));
    expect(rrf.results[0]!.contributions).toEqual([
      { list: 0, name: 'bm25', rank: 2, contribution: expect.closeTo(1 / 62, 12) },
      { list: 1, name: 'vector', rank: 1, contribution: expect.closeTo(1 / 61, 12) },
    ]);
    // CombMNZ: min-max per list. List 1 scores 0.9, 0.5, 0.1 → x 1, y 0.5, z 0; list 2 scores 0.8,
    // 0.4 → y 1, w 0. Sums: y 1.5, x 1 → times lists: y 3, x 1.
    const mnz = await h.callBoth<{ method: string; k: number | null; results: { docId: string; score: number }[] }>('fuse_rankings', {
      rankings: [
        {
          items: [
            { docId: 'x', score: 0.9 },
            { docId: 'y', score: 0.5 },
            { docId: 'z', score: 0.1 },
          ],
        },
        {
          items: [
            { docId: 'y', score: 0.8 },
            { docId: 'w', score: 0.4 },
          ],
        },
      ],
      method: 'combmnz',
      top_k: 2,
    });
    expect(mnz).toMatchObject({ method: 'combmnz', k: null });
    expect(mnz.results.map((r) => r.docId)).toEqual(['y', 'x']);
    expect(mnz.results[0]!.score).toBeCloseTo(3, 10);
    expect(mnz.results[1]!.score).toBeCloseTo(1, 10);
  });

  it('hybrid_ranking_search: vector and BM25 present, re-weighted; links and context left out', async () => {
    // Present: vector (0.4) and bm25 (0.3) → effective 4/7 and 3/7. vector = max(0, cos(doc, [1,0])):
    // d1 [1,0] → 1, d2 [0,1] → 0, d3 [1,1] → 1/√2. bm25 normalised (above): d1 3.65/4.4, d2 1, d3 0.
    // d1 = 4/7 + 3/7·3.65/4.4 ≈ 0.926948; d2 = 3/7 ≈ 0.428571; d3 = 4/7·1/√2 ≈ 0.404061.
    const vectors: Record<string, number[]> = { d1: [1, 0], d2: [0, 1], d3: [1, 1] };
    const result = await h.callBoth<{
      results: { docId: string; index: number; rank: number; hybridScore: number; components: Record<string, number | null> }[];
      components_present: string[];
      weights_used: Record<string, number>;
      documents_considered: number;
      skipped_for_diversity: number;
    }>('hybrid_ranking_search', { query: 'cat', query_vector: [1, 0], documents: DOCS.map((d) => ({ ...d, vector: vectors[d.docId] })) });
    expect([...result.components_present].sort()).toEqual(['bm25', 'vector']);
    expect(result.weights_used.vector).toBeCloseTo(4 / 7, 10);
    expect(result.weights_used.bm25).toBeCloseTo(3 / 7, 10);
    expect(result.weights_used.pagerank).toBe(0);
    expect(result.weights_used.context).toBe(0);
    expect(result.documents_considered).toBe(3);
    expect(result.skipped_for_diversity).toBe(0);
    expect(result.results.map((r) => [r.docId, r.index, r.rank])).toEqual([
      ['d1', 0, 1],
      ['d2', 1, 2],
      ['d3', 2, 3],
    ]);
    expect(result.results.map((r) => r.hybridScore)).toEqual(
      [4 / 7 + (3 / 7) * (3.65 / 4.4), 3 / 7, (4 / 7) * Math.SQRT1_2].map((v) => expect.closeTo(v, 10)),
    );
    expect(result.results[0]!.components).toEqual({
      vector: expect.closeTo(1, 10),
      bm25: expect.closeTo(3.65 / 4.4, 10),
      pagerank: null,
      context: null,
    });
  });

  it('hybrid_ranking_search: BM25, PageRank and context (category + recency), re-weighted without vectors', async () => {
    // No vectors → weights bm25 0.3, pagerank 0.2, context 0.1 over 0.6: 1/2, 1/3, 1/6.
    // bm25 "fox": a 1, b 0. PageRank a ↔ b: equal → both 1 after dividing by the best.
    // context = 0.5·category + 0.5·recency (half-life 30 days, reference = newest = a):
    //   a: category "Animals" ~ "animals" → 1, age 0 → 1 → 1;  b: 0, age 30 days → 0.5 → 0.25.
    // a = 1/2 + 1/3 + 1/6 = 1; b = 0 + 1/3 + 1/6·0.25 = 0.375.
    const result = await h.callBoth<{
      results: { docId: string; hybridScore: number; components: Record<string, number | null> }[];
      components_present: string[];
      weights_used: Record<string, number>;
    }>('hybrid_ranking_search', {
      query: 'fox',
      documents: [
        { docId: 'a', content: 'fox', links: ['b'], categories: ['Animals'], timestamp: '2026-01-31T00:00:00Z' },
        { docId: 'b', content: 'dog', links: ['a'], categories: ['pets'], timestamp: '2026-01-01T00:00:00Z' },
      ],
      context: { preferred_categories: ['animals'], recency_weight: 0.5, recency_half_life_days: 30 },
    });
    expect([...result.components_present].sort()).toEqual(['bm25', 'context', 'pagerank']);
    expect(result.weights_used).toEqual({
      vector: 0,
      bm25: expect.closeTo(0.5, 12),
      pagerank: expect.closeTo(1 / 3, 12),
      context: expect.closeTo(1 / 6, 12),
    });
    expect(result.results.map((r) => r.docId)).toEqual(['a', 'b']);
    expect(result.results[0]!.hybridScore).toBeCloseTo(1, 12);
    expect(result.results[1]!.hybridScore).toBeCloseTo(0.375, 12);
    expect(result.results[1]!.components).toEqual({
      vector: null,
      bm25: 0,
      pagerank: expect.closeTo(1, 12),
      context: expect.closeTo(0.25, 12),
    });
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
