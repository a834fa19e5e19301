import { describe, expect, it } from '@jest/globals';
import { cosineSimilarity, jaccardSimilarity } from './lexical.js';
import { tokenize } from './text.js';

describe('jaccardSimilarity', () => {
  it('is |A ∩ B| / |A ∪ B| over token sets', () => {
    // A = {cat, sat, mat}, B = {cat, lay, rug}: ∩ = {cat} (1), ∪ = 5 → 1/5
    expect(jaccardSimilarity(tokenize('The cat sat on the mat'), tokenize('The cat lay on the rug'))).toBeCloseTo(0.2, 12);
    // Sets ignore repetition: {a, b} vs {b, c}: 1 / 3
    expect(jaccardSimilarity(['a', 'a', 'b'], ['b', 'c', 'c'])).toBeCloseTo(1 / 3, 12);
    expect(jaccardSimilarity(['x', 'y'], ['y', 'x'])).toBe(1);
    expect(jaccardSimilarity(['x'], ['y'])).toBe(0);
  });

  it('is 0 when either text has no tokens', () => {
    expect(jaccardSimilarity([], ['a'])).toBe(0);
    expect(jaccardSimilarity([], [])).toBe(0);
  });
});

describe('cosineSimilarity', () => {
  it('is the cosine of term-frequency vectors', () => {
    // a = (cat 2, dog 1), b = (cat 1, dog 2, bird 1): a·b = 2 + 2 = 4, ‖a‖ = √5, ‖b‖ = √6 → 4/√30 ≈ 0.730297
    expect(cosineSimilarity(['cat', 'cat', 'dog'], ['cat', 'dog', 'dog', 'bird'])).toBeCloseTo(4 / Math.sqrt(30), 12);
    expect(cosineSimilarity(['cat', 'cat', 'dog'], ['cat', 'dog', 'dog', 'bird'])).toBeCloseTo(0.730297, 6);
    // Scaling counts does not change the cosine: (1, 1) vs (2, 2) → 1
    expect(cosineSimilarity(['a', 'b'], ['a', 'a', 'b', 'b'])).toBeCloseTo(1, 12);
    expect(cosineSimilarity(['a'], ['b'])).toBe(0);
  });

  it('is 0 when either text has no tokens', () => {
    expect(cosineSimilarity([], ['a'])).toBe(0);
  });
});
