import { describe, expect, it } from '@jest/globals';
import { bm25, bm25Idf } from './bm25.js';

describe('bm25 on a hand-worked three-document corpus', () => {
  // D0 "the cat sat"             |D| = 3   tf(cat) = 1, tf(dog) = 0
  // D1 "the dog sat on the mat"  |D| = 6   tf(cat) = 0, tf(dog) = 1
  // D2 "cat cat dog"             |D| = 3   tf(cat) = 2, tf(dog) = 1
  // N = 3, avgdl = 12 / 3 = 4, n(cat) = n(dog) = 2.
  // IDF = ln((3 − 2 + 0.5) / (2 + 0.5) + 1) = ln(1.6) ≈ 0.470004
  // K(|D| = 3) = 1.2 · (1 − 0.75 + 0.75 · 3/4) = 1.2 · 0.8125 = 0.975
  // K(|D| = 6) = 1.2 · (1 − 0.75 + 0.75 · 6/4) = 1.2 · 1.375  = 1.65
  // D0: cat  ln1.6 · 1·2.2/(1 + 0.975)                          = ln1.6 · 1.113924 ≈ 0.523548
  // D1: dog  ln1.6 · 1·2.2/(1 + 1.65)                           = ln1.6 · 0.830189 ≈ 0.390192
  // D2: cat  ln1.6 · 2·2.2/(2 + 0.975) + dog ln1.6 · 2.2/1.975  = ln1.6 · (1.478992 + 1.113924) ≈ 1.218680
  const docs = ['the cat sat', 'the dog sat on the mat', 'cat cat dog'];
  const idf = Math.log(1.6);

  it('scores, IDF and corpus statistics', () => {
    const result = bm25('Cat dog', docs);
    expect(result.averageDocumentLength).toBe(4);
    expect(result.terms).toEqual([
      { term: 'cat', query_frequency: 1, document_frequency: 2, idf },
      { term: 'dog', query_frequency: 1, document_frequency: 2, idf },
    ]);
    expect(result.scores[0]).toBeCloseTo(idf * (2.2 / 1.975), 12);
    expect(result.scores[1]).toBeCloseTo(idf * (2.2 / 2.65), 12);
    expect(result.scores[2]).toBeCloseTo(idf * (4.4 / 2.975 + 2.2 / 1.975), 12);
    expect(result.scores[0]).toBeCloseTo(0.523548, 6);
    expect(result.scores[1]).toBeCloseTo(0.390192, 6);
    expect(result.scores[2]).toBeCloseTo(1.21868, 5);
  });

  it('the +1 IDF never goes negative, even for a term in every document', () => {
    // "sat" is in 2 of 3; "the" in 2 of 3; a term in all 3: ln(0.5/3.5 + 1) = ln(8/7) > 0
    expect(bm25Idf(3, 3)).toBeCloseTo(Math.log(8 / 7), 15);
    expect(bm25Idf(3, 3)).toBeGreaterThan(0);
  });

  it('a repeated query term counts each time; per-term contributions add up', () => {
    const once = bm25('cat', docs);
    const twice = bm25('cat cat', docs);
    expect(twice.scores[2]).toBeCloseTo(2 * once.scores[2]!, 12);
    expect(twice.termScores(2)[0]).toBeCloseTo(twice.scores[2]!, 12);
  });

  it('b = 0 ignores length; k1 = 0 makes tf binary', () => {
    // b = 0: K = k1 = 1.2 for every document: D0 cat = ln1.6 · 2.2/2.2 = ln1.6
    expect(bm25('cat', docs, { b: 0 }).scores[0]).toBeCloseTo(idf, 12);
    // k1 = 0: every matching term contributes exactly its IDF
    expect(bm25('cat dog', docs, { k1: 0 }).scores[2]).toBeCloseTo(2 * idf, 12);
  });

  it('no matching term, empty documents', () => {
    expect(Array.from(bm25('zebra', docs).scores)).toEqual([0, 0, 0]);
    expect(Array.from(bm25('cat', ['', '']).scores)).toEqual([0, 0]);
  });
});
