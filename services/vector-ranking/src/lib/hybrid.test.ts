import { describe, expect, it } from '@jest/globals';
import { bm25 } from './bm25.js';
import { HYBRID_DEFAULTS, hybridRank, type HybridOptions } from './hybrid.js';

const base: HybridOptions = {
  query: 'cat',
  weights: { ...HYBRID_DEFAULTS.weights },
  preferredCategories: [],
  recencyWeight: 0,
  recencyHalfLifeDays: 30,
  diversityThreshold: 0.7,
  applyDiversity: false,
  topK: 10,
};
const f = (values: number[]) => Float64Array.from(values);

describe('hybridRank', () => {
  it('with text only, BM25 carries the whole weight (re-weighted, not 0.3)', () => {
    const docs = [
      { docId: 'a', content: 'the cat sat' },
      { docId: 'b', content: 'a dog' },
      { docId: 'c', content: 'cat cat cat' },
    ];
    const result = hybridRank(docs, base);
    expect(result.present).toEqual(['bm25']);
    expect(result.effectiveWeights).toEqual({ vector: 0, bm25: 1, pagerank: 0, context: 0 });
    const raw = bm25(
      'cat',
      docs.map((d) => d.content),
    ).scores;
    expect(result.results.map((r) => r.index)).toEqual([2, 0, 1]);
    expect(result.results[0]!.hybridScore).toBe(1);
    expect(result.results[1]!.hybridScore).toBeCloseTo(raw[0]! / raw[2]!, 12);
    expect(result.results[2]!.components).toEqual({ vector: null, bm25: 0, pagerank: null, context: null });
  });

  it('vector + bm25 share 0.4 : 0.3 → 4/7 and 3/7', () => {
    const docs = [
      { docId: 'a', content: 'cat', vector: f([1, 0]) },
      { docId: 'b', content: 'dog', vector: f([0, 1]) },
    ];
    const result = hybridRank(docs, { ...base, queryVector: f([0, 1]) });
    expect(result.present).toEqual(['vector', 'bm25']);
    expect(result.effectiveWeights.vector).toBeCloseTo(4 / 7, 15);
    expect(result.effectiveWeights.bm25).toBeCloseTo(3 / 7, 15);
    // a: vector 0, bm25 1 → 3/7; b: vector 1, bm25 0 → 4/7
    expect(result.results.map((r) => [r.index, r.hybridScore])).toEqual([
      [1, expect.closeTo(4 / 7, 12)],
      [0, expect.closeTo(3 / 7, 12)],
    ]);
  });

  it('pagerank and context: links, categories and recency', () => {
    const day = 86_400_000;
    const docs = [
      { docId: 'a', content: 'x', links: ['b'], categories: ['News'], timestamp: 30 * day },
      { docId: 'b', content: 'x', links: ['a', 'c'], timestamp: 0 },
      { docId: 'c', content: 'x', links: [] },
    ];
    const result = hybridRank(docs, { ...base, query: '...', preferredCategories: ['news'], recencyWeight: 0.5 });
    expect(result.present).toEqual(['pagerank', 'context']);
    expect(result.effectiveWeights.pagerank).toBeCloseTo(2 / 3, 15);
    const byId = Object.fromEntries(result.results.map((r) => [docs[r.index]!.docId, r.components]));
    // a: category 1, recency 1 (newest) → 1; b: category 0, recency 0.5^(30/30) → 0.25; c: 0
    expect(byId.a!.context).toBe(1);
    expect(byId.b!.context).toBe(0.25);
    expect(byId.c!.context).toBe(0);
    // PageRank of a → b, b → {a, c}, c dangling: b = 37/94 is the max (see pagerank.test.ts), a = c = 57/188
    expect(byId.b!.pagerank).toBe(1);
    expect(byId.a!.pagerank).toBeCloseTo(57 / 74, 6);
  });

  it('diversity skips a near-duplicate of an already-picked result', () => {
    const docs = [
      { docId: 'a', content: 'cat cat', vector: f([1, 0]) },
      { docId: 'a2', content: 'cat cat', vector: f([1, 0.1]) },
      { docId: 'b', content: 'cat', vector: f([0, 1]) },
    ];
    const plain = hybridRank(docs, { ...base, topK: 2 });
    expect(plain.results.map((r) => r.index)).toEqual([0, 1]);
    const diverse = hybridRank(docs, { ...base, topK: 2, applyDiversity: true });
    expect(diverse.results.map((r) => r.index)).toEqual([0, 2]);
    expect(diverse.skippedForDiversity).toBe(1);
  });

  it('nothing to rank by is an error', () => {
    expect(() => hybridRank([{ docId: 'a', content: 'x' }], { ...base, query: '!!!' })).toThrow('Nothing to rank by');
  });
});
