import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, testSettings, toolsFor } from '../../test/helpers.js';

const tool = toolsFor(tableProvider({})).calculate_group_similarity!;

describe('calculate_group_similarity', () => {
  it('gives mean, min, max, population std and the extreme pairs', async () => {
    // {x, y}, {y, z}, {x, y, z}: J01 = 1/3, J02 = 2/3, J12 = 2/3
    // mean = 5/9; deviations -2/9, 1/9, 1/9 → variance = (4 + 1 + 1)/81 / 3 = 2/81 → std = √2/9
    const out = await runTool(tool, { texts: ['x y', 'y z', 'x y z'], method: 'jaccard', return_matrix: true });
    expect(out.text_count).toBe(3);
    expect(out.pair_count).toBe(3);
    expect(out.mean).toBeCloseTo(5 / 9, 12);
    expect(out.min).toBeCloseTo(1 / 3, 12);
    expect(out.max).toBeCloseTo(2 / 3, 12);
    expect(out.std).toBeCloseTo(Math.SQRT2 / 9, 12);
    expect(out.most_similar_pair).toEqual({ i: 0, j: 2, similarity: 2 / 3 });
    expect(out.least_similar_pair).toEqual({ i: 0, j: 1, similarity: 1 / 3 });
    expect(out.matrix).toEqual([
      [1, 1 / 3, 2 / 3],
      [1 / 3, 1, 2 / 3],
      [2 / 3, 2 / 3, 1],
    ]);
  });

  it('omits the matrix by default and needs two texts', async () => {
    const out = await runTool(tool, { texts: ['x', 'x'], method: 'cosine' });
    expect(out.matrix).toBeUndefined();
    expect(out).toMatchObject({ mean: 1, std: 0 });
    expect(() => tool.input.parse({ texts: ['only one'] })).toThrow('needs at least 2 texts');
  });

  it('refuses a matrix above SEMSIM_MAX_MATRIX_TEXTS', async () => {
    const small = toolsFor(tableProvider({}), testSettings({ SEMSIM_MAX_MATRIX_TEXTS: '2' })).calculate_group_similarity!;
    await expect(runTool(small, { texts: ['a', 'b', 'c'], return_matrix: true })).rejects.toMatchObject({
      code: 'invalid_arguments',
      message: 'return_matrix is limited to 2 texts (SEMSIM_MAX_MATRIX_TEXTS); got 3',
    });
  });
});
