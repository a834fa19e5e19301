import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, toolsFor } from '../../test/helpers.js';

const tool = toolsFor(tableProvider({})).deduplicate_texts!;

describe('deduplicate_texts', () => {
  it('groups greedily around the first text of each group', async () => {
    const texts = ['alpha beta gamma', 'ALPHA beta, gamma!', 'delta epsilon', 'alpha beta gamma delta', 'delta epsilon zeta'];
    // jaccard: 0–1 identical tokens (1); 0–3 = 3/4; 2–4 = 2/3; 0–2 = 0
    const out = await runTool(tool, { texts, threshold: 0.7, method: 'jaccard' });
    expect(out.groups).toEqual([{ kept_index: 0, duplicate_indices: [1, 3], similarities: [1, 0.75] }]);
    expect(out.kept_indices).toEqual([0, 2, 4]);
    expect(out.removed_indices).toEqual([1, 3]);
    expect(out).toMatchObject({ removed_count: 2, unique_count: 3 });
  });

  it('treats identical token lists as duplicates even when the method sees nothing to compare', async () => {
    // Neither text has a known word, so semantic similarity is 0, but the tokens are the same.
    const out = await runTool(tool, { texts: ['Xqzzy blorft', 'xqzzy  BLORFT.'], method: 'semantic' });
    expect(out.removed_indices).toEqual([1]);
  });

  it('keeps everything when nothing is close enough', async () => {
    const out = await runTool(tool, { texts: ['one two', 'three four'], method: 'cosine' });
    expect(out).toMatchObject({ groups: [], kept_indices: [0, 1], removed_count: 0, unique_count: 2 });
  });
});
