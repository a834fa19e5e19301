import { describe, expect, it } from '@jest/globals';
import { createBuiltinProvider, createSentenceEncoder, SIF_A } from './builtin-embeddings.js';
import type { WordVectors } from './word-vectors.js';

/** Four words of rank 0..3 in a vocabulary of N = 4: cat (1,0), rug (0,1), the (1,1), sat (0,2). */
function tinyVocabulary(): WordVectors {
  const words = ['the', 'cat', 'rug', 'sat'];
  const vectors = new Float32Array([1, 1, 1, 0, 0, 1, 0, 2]);
  return {
    dimensions: 2,
    size: 4,
    totalVocabulary: 4,
    vectors,
    ranks: new Int32Array([0, 1, 2, 3]),
    indexOf: (w) => (words.includes(w) ? words.indexOf(w) : undefined),
  };
}

describe('createSentenceEncoder (SIF weighting)', () => {
  const H4 = 1 + 1 / 2 + 1 / 3 + 1 / 4; // 25/12
  const weight = (rank: number): number => SIF_A / (SIF_A + 1 / ((rank + 1) * H4));

  it('weights each word by a / (a + p(w)) with p from its Zipf rank', () => {
    const encoder = createSentenceEncoder(tinyVocabulary());
    expect(encoder.weightOf(0)).toBeCloseTo(0.001 / (0.001 + 12 / 25), 12);
    expect(encoder.weightOf(3)).toBeCloseTo(weight(3), 12);
    expect(encoder.weightOf(3)).toBeGreaterThan(encoder.weightOf(0));
  });

  it('averages the known content words with those weights, skipping stop words and unknown words', () => {
    const encoder = createSentenceEncoder(tinyVocabulary());
    // "the" is a stop word, "on" too, "zebra" is unknown: cat (rank 1) and rug (rank 2) remain.
    const { vector, knownTokens } = encoder.encode('The cat on the rug, zebra');
    const [w1, w2] = [weight(1), weight(2)];
    expect(knownTokens).toBe(2);
    expect(vector[0]).toBeCloseTo(w1 / (w1 + w2), 6);
    expect(vector[1]).toBeCloseTo(w2 / (w1 + w2), 6);
  });

  it('falls back to stop words when no content word is known, and gives the zero vector when nothing is', () => {
    const encoder = createSentenceEncoder(tinyVocabulary());
    expect(Array.from(encoder.encode('the the').vector)).toEqual([1, 1]);
    const unknown = encoder.encode('zebra giraffe!');
    expect(unknown.knownTokens).toBe(0);
    expect(Array.from(unknown.vector)).toEqual([0, 0]);
  });
});

describe('createBuiltinProvider', () => {
  it('reports a failed load as unavailable and retries on the next call', async () => {
    const provider = createBuiltinProvider({ path: '/nonexistent/vectors.json', maxWords: 10 });
    await expect(provider.embed(['cat'], new AbortController().signal)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The built-in word vectors could not be loaded',
    });
    await expect(provider.embed(['cat'], new AbortController().signal)).rejects.toMatchObject({ code: 'unavailable' });
    expect(provider.dimensions()).toBeUndefined();
  });
});
