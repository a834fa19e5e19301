import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, toolsFor } from '../../test/helpers.js';

const provider = tableProvider({ 'The cat sat on the mat': [1, 0, 0], 'The cat sat on a rug': [1, 1, 0] });
const tool = toolsFor(provider).calculate_text_similarity!;
const args = { text1: 'The cat sat on the mat', text2: 'The cat sat on a rug' };
// Tokens: {cat, sat, mat} and {cat, sat, rug}.
// jaccard = |{cat, sat}| / |{cat, sat, mat, rug}| = 2/4 = 0.5
// cosine = (1·1 + 1·1) / (√3 · √3) = 2/3
// semantic = cos((1,0,0), (1,1,0)) = 1/√2
const jaccard = 0.5;
const cosine = 2 / 3;
const semantic = 1 / Math.SQRT2;

describe('calculate_text_similarity', () => {
  it('computes hybrid = 0.3 jaccard + 0.3 cosine + 0.4 semantic with components', async () => {
    const out = await runTool(tool, { ...args, return_components: true });
    expect(out.method).toBe('hybrid');
    expect(out.similarity).toBeCloseTo(0.3 * jaccard + 0.3 * cosine + 0.4 * semantic, 12); // 0.632843
    expect(out.similarity).toBeCloseTo(0.632843, 6);
    expect(out.components).toEqual({ jaccard, cosine: expect.closeTo(cosine, 12), semantic: expect.closeTo(semantic, 6) });
    expect(out.common_concepts).toEqual(['cat', 'sat']);
  });

  it.each([
    ['jaccard', jaccard],
    ['cosine', cosine],
    ['semantic', semantic],
  ])('computes %s alone', async (method, expected) => {
    const out = await runTool(tool, { ...args, method });
    expect(out.similarity).toBeCloseTo(expected, 6);
    expect(out.components).toBeUndefined();
  });

  it('does not embed for lexical methods', async () => {
    const calls = provider.calls.length;
    await runTool(tool, { ...args, method: 'jaccard' });
    expect(provider.calls.length).toBe(calls);
  });

  it('keeps stop words when asked', async () => {
    // {the, cat, sat, on, mat} vs {the, cat, sat, on, a, rug}: ∩ = 4, ∪ = 7
    const out = await runTool(tool, { ...args, method: 'jaccard', remove_stop_words: false });
    expect(out.similarity).toBeCloseTo(4 / 7, 12);
  });

  it('rejects an empty text, an unknown method and an over-long text', () => {
    expect(() => tool.input.parse({ text1: '', text2: 'x' })).toThrow('must not be empty');
    expect(() => tool.input.parse({ ...args, method: 'levenshtein' })).toThrow();
    expect(() => tool.input.parse({ text1: 'x'.repeat(20_001), text2: 'x' })).toThrow('at most 20000 characters (SEMSIM_MAX_TEXT_LENGTH)');
  });
});
