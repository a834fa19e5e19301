import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, toolsFor } from '../../test/helpers.js';

const tool = toolsFor(tableProvider({})).extract_semantic_features!;

describe('extract_semantic_features', () => {
  it('returns counts, keywords, categories and synonyms in the output schema', async () => {
    const out = await runTool(tool, {
      text: 'First, heat the oven. Then bake the bread because it rises faster than before.',
      max_keywords: 2,
    });
    expect(out.word_count).toBe(14);
    expect(out.sentence_count).toBe(2);
    expect(out.keywords).toEqual([
      { word: 'first', count: 1 },
      { word: 'heat', count: 1 },
    ]);
    expect(out.semantic_categories).toMatchObject({
      process: { count: 2, matches: ['first', 'then'] },
      causation: { count: 1, matches: ['because'] },
      comparison: { count: 1, matches: ['than'] },
      temporal: { count: 1, matches: ['before'] },
      structure: { count: 0, matches: [] },
    });
    expect(out.dominant_category).toBe('process');
  });
});
