/** SEMSIM_MAX_PAIR_WORK at its edge, for both pairwise tools. */
import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, testSettings, toolsFor } from '../../test/helpers.js';

const tools = toolsFor(tableProvider({}), testSettings({ SEMSIM_MAX_PAIR_WORK: '24' }));
const texts = (n: number) => ['alpha beta', 'gamma delta', 'epsilon zeta', 'theta iota', 'kappa lambda'].slice(0, n);

describe.each(['calculate_group_similarity', 'deduplicate_texts'])('%s', (name) => {
  it('(texts − 1) × distinct tokens: 3 × 8 = 24 runs, 4 × 10 is refused', async () => {
    await expect(runTool(tools[name]!, { texts: texts(4), method: 'jaccard' })).resolves.toBeDefined();
    await expect(runTool(tools[name]!, { texts: texts(5), method: 'jaccard' })).rejects.toThrow(
      'Pairwise work is 4 other texts × 10 distinct tokens (summed over the texts) = 40; the limit is SEMSIM_MAX_PAIR_WORK=24: send fewer or shorter texts',
    );
  });

  it('counts the same tokens for the semantic method (it reports the lexical components too)', async () => {
    await expect(runTool(tools[name]!, { texts: texts(4), method: 'semantic' })).resolves.toBeDefined();
    await expect(runTool(tools[name]!, { texts: texts(5), method: 'semantic' })).rejects.toThrow(
      'Pairwise work is 4 other texts × 10 distinct tokens (summed over the texts) = 40; the limit is SEMSIM_MAX_PAIR_WORK=24',
    );
  });
});
