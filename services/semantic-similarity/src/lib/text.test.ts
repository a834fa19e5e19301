import { describe, expect, it } from '@jest/globals';
import { countTerms, rawTokens, STOP_WORDS, tokenize } from './text.js';

describe('tokenize', () => {
  it('lower-cases, splits on anything but letters, marks and digits, and drops stop words', () => {
    expect(tokenize('The cat sat on the mat.')).toEqual(['cat', 'sat', 'mat']);
    expect(rawTokens("Don't stop-words! 42x")).toEqual(['don', 't', 'stop', 'words', '42x']);
  });

  it('keeps non-Latin letters and NFKC-normalises', () => {
    expect(rawTokens('Café ＡＢＣ naïve Ωmega 東京')).toEqual(['café', 'abc', 'naïve', 'ωmega', '東京']);
  });

  it('uses the stopword package list, which keeps negations', () => {
    expect(STOP_WORDS.has('the')).toBe(true);
    expect(STOP_WORDS.has('not')).toBe(false);
    expect(STOP_WORDS.size).toBe(108);
    expect(tokenize('It is not the end', { removeStopWords: false })).toEqual(['it', 'is', 'not', 'the', 'end']);
  });

  it('drops tokens shorter than minWordLength (counted in characters, not UTF-16 units)', () => {
    expect(tokenize('a be cat 𠀀𠀁 dogs', { removeStopWords: false, minWordLength: 3 })).toEqual(['cat', 'dogs']);
    expect(tokenize('𠀀𠀁 ab', { removeStopWords: false, minWordLength: 2 })).toEqual(['𠀀𠀁', 'ab']);
  });

  it('returns no tokens for punctuation only', () => {
    expect(tokenize('!!! ... ???')).toEqual([]);
  });
});

describe('countTerms', () => {
  it('counts in order of first occurrence', () => {
    expect([...countTerms(['b', 'a', 'b', 'c', 'b'])]).toEqual([
      ['b', 3],
      ['a', 1],
      ['c', 1],
    ]);
  });
});
