import { describe, expect, it } from '@jest/globals';
import { maximalMarginalRelevance } from './mmr.js';

const f = (values: number[]) => Float64Array.from(values);

describe('maximalMarginalRelevance on three hand vectors', () => {
  // q = (1, 0); d0 = (0.8, 0.6), d1 = (0.6, 0.8), d2 = (0.6, −0.8), all unit length.
  // relevance: d0 0.8, d1 0.6, d2 0.6.  cos(d0,d1) = 0.96, cos(d0,d2) = 0, cos(d1,d2) = −0.28.
  const query = f([1, 0]);
  const docs = [f([0.8, 0.6]), f([0.6, 0.8]), f([0.6, -0.8])];

  it('λ = 0.5 picks d0, then d2 (diverse), then d1', () => {
    // pick 1: 0.5·rel → d0 (0.4).
    // pick 2: d1 0.5·0.6 − 0.5·0.96 = −0.18; d2 0.5·0.6 − 0.5·0 = 0.3 → d2.
    // pick 3: d1 redundancy max(0.96, −0.28) = 0.96 → −0.18.
    const picks = maximalMarginalRelevance(query, docs, 0.5, 3);
    expect(picks.map((p) => p.index)).toEqual([0, 2, 1]);
    expect(picks[0]).toEqual({ index: 0, mmr: expect.closeTo(0.4, 12), relevance: expect.closeTo(0.8, 12), redundancy: 0 });
    expect(picks[1]!.mmr).toBeCloseTo(0.3, 12);
    expect(picks[1]!.redundancy).toBeCloseTo(0, 12);
    expect(picks[2]!.mmr).toBeCloseTo(-0.18, 12);
    expect(picks[2]!.redundancy).toBeCloseTo(0.96, 12);
  });

  it('λ = 1 is pure relevance (ties by input order)', () => {
    expect(maximalMarginalRelevance(query, docs, 1, 3).map((p) => p.index)).toEqual([0, 1, 2]);
  });

  it('top_k larger than the set returns every document once', () => {
    expect(maximalMarginalRelevance(query, docs, 0.7, 10)).toHaveLength(3);
  });
});
