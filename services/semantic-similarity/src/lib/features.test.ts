import { describe, expect, it } from '@jest/globals';
import { extractFeatures } from './features.js';

describe('extractFeatures', () => {
  const text = 'Prices rose because demand grew. Then prices fell, and demand dropped before the crash.';

  it('counts words, content words and sentences', () => {
    const f = extractFeatures(text);
    // 14 tokens: prices rose because demand grew then prices fell and demand dropped before the crash
    expect(f.word_count).toBe(14);
    expect(f.unique_word_count).toBe(12);
    // stop words (the stopword list): because, and, before, the, then → 14 - 5 = 9
    expect(f.content_word_count).toBe(9);
    expect(f.sentence_count).toBe(2);
  });

  it('ranks keywords by count, ties in first-occurrence order', () => {
    expect(extractFeatures(text, 3).keywords).toEqual([
      { word: 'prices', count: 2 },
      { word: 'demand', count: 2 },
      { word: 'rose', count: 1 },
    ]);
  });

  it('finds category cue words and the dominant category', () => {
    const f = extractFeatures(text);
    expect(f.semantic_categories.causation).toEqual({ count: 1, matches: ['because'] });
    expect(f.semantic_categories.temporal).toEqual({ count: 1, matches: ['before'] });
    expect(f.semantic_categories.process).toEqual({ count: 1, matches: ['then'] });
    expect(f.semantic_categories.comparison).toEqual({ count: 0, matches: [] });
    expect(f.dominant_category).toBe('causation');
  });

  it('reports synonym matches from the thesaurus', () => {
    const f = extractFeatures('The kitten sat on a large rug');
    expect(f.synonym_matches.map((m) => [m.word, m.concept])).toEqual([
      ['kitten', 'cat'],
      ['sat', 'rest'],
      ['large', 'big'],
      ['rug', 'rug'],
    ]);
    expect(f.synonym_matches[0]!.synonyms).toEqual(['cat', 'feline', 'kitty']);
  });

  it('handles text without words', () => {
    const f = extractFeatures('... !!!');
    expect(f).toMatchObject({
      word_count: 0,
      sentence_count: 0,
      average_word_length: 0,
      keywords: [],
      dominant_category: null,
      synonym_matches: [],
    });
  });
});
