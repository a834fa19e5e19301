import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, toolsFor } from '../../test/helpers.js';

const tool = toolsFor(tableProvider({})).preprocess_text!;

describe('preprocess_text', () => {
  it('tokenises, removes stop words and counts', async () => {
    const out = await runTool(tool, { text: 'The cat and the other cat sat on a mat.' });
    expect(out).toEqual({
      tokens: ['cat', 'cat', 'sat', 'mat'],
      token_count: 4,
      unique_words: ['cat', 'sat', 'mat'],
      unique_word_count: 3,
      word_counts: [
        { word: 'cat', count: 2 },
        { word: 'sat', count: 1 },
        { word: 'mat', count: 1 },
      ],
      original_token_count: 10,
      removed_count: 6,
    });
  });

  it('keeps stop words and applies the minimum length', async () => {
    const out = await runTool(tool, { text: 'I am a big cat', remove_stop_words: false, min_word_length: 3 });
    expect(out.tokens).toEqual(['big', 'cat']);
    expect(out.removed_count).toBe(3);
  });
});
