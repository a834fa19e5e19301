import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, testSettings, toolsFor } from '../../test/helpers.js';

const tool = toolsFor(tableProvider({})).find_similar_texts!;

describe('find_similar_texts', () => {
  const candidates = ['red apple pie', 'green apple', 'blue car', 'apple', 'red apple pie'];

  it('ranks by similarity, best first, ties in input order, with top_k and threshold', async () => {
    // query {red, apple}: jaccard with {red, apple, pie} = 2/3, {green, apple} = 1/3, {blue, car} = 0, {apple} = 1/2
    const out = await runTool(tool, { query: 'Red apple', candidates, method: 'jaccard', top_k: 3, threshold: 0.3 });
    expect(out.matches).toEqual([
      { index: 0, text: 'red apple pie', similarity: 2 / 3 },
      { index: 4, text: 'red apple pie', similarity: 2 / 3 },
      { index: 3, text: 'apple', similarity: 0.5 },
    ]);
    expect(out.candidates_considered).toBe(5);
    expect(out.matches_above_threshold).toBe(4);
  });

  it('keeps everything ≥ 0 by default and returns at most 10', async () => {
    const out = await runTool(tool, { query: 'apple', candidates: Array.from({ length: 12 }, (_, i) => `apple ${i}`), method: 'cosine' });
    expect(out.matches).toHaveLength(10);
    expect(out.matches_above_threshold).toBe(12);
  });

  it('bounds the candidate list', () => {
    expect(() => tool.input.parse({ query: 'a', candidates: [] })).toThrow('needs at least 1 text');
    const small = toolsFor(tableProvider({}), testSettings({ SEMSIM_MAX_TEXTS: '3' })).find_similar_texts!;
    expect(() => small.input.parse({ query: 'a', candidates: ['a', 'b', 'c', 'd'] })).toThrow(
      'must hold at most 3 texts (SEMSIM_MAX_TEXTS)',
    );
  });
});
