import { describe, expect, it } from '@jest/globals';
import { normalizeRows } from './normalize.js';
import { pairwiseSimilarity, perDimension, rowNorms, summarize } from './statistics.js';
import { packVectors, rowToArray } from './vectors.js';

describe('statistics', () => {
  // (1,2), (3,4), (5,0): means (3, 2); deviations (−2,0,2) and (0,2,−2) → variance 8/3 each.
  const matrix = packVectors(
    [
      [1, 2],
      [3, 4],
      [5, 0],
    ],
    'vectors',
  );

  it('per dimension: mean, population std, min, max', () => {
    const stats = perDimension(matrix);
    expect(stats.mean).toEqual([3, 2]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stats.std[1]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stats.min).toEqual([1, 0]);
    expect(stats.max).toEqual([5, 4]);
  });

  it('norms: √5, 5, 5', () => {
    const norms = summarize(rowNorms(matrix));
    expect(norms.mean).toBeCloseTo((Math.sqrt(5) + 10) / 3, 12);
    expect(norms.min).toBeCloseTo(Math.sqrt(5), 12);
    expect(norms.max).toBe(5);
  });

  it('pairwise cosine over all 3 pairs', () => {
    // cos((1,2),(3,4)) = 11/(√5·5); cos((1,2),(5,0)) = 5/(√5·5); cos((3,4),(5,0)) = 15/25.
    const values = [11 / (5 * Math.sqrt(5)), 1 / Math.sqrt(5), 0.6];
    const result = pairwiseSimilarity(matrix, { metric: 'cosine', exactLimit: 10, samplePairs: 5, seed: 1 })!;
    expect(result.pairs).toBe(3);
    expect(result.sampled).toBe(false);
    expect(result.mean).toBeCloseTo((values[0]! + values[1]! + values[2]!) / 3, 12);
    expect(result.min).toBeCloseTo(values[1]!, 12);
    expect(result.max).toBeCloseTo(values[0]!, 12);
  });

  it('samples a fixed number of pairs above the exact limit, deterministically', () => {
    const a = pairwiseSimilarity(matrix, { metric: 'euclidean', exactLimit: 2, samplePairs: 50, seed: 3 })!;
    const b = pairwiseSimilarity(matrix, { metric: 'euclidean', exactLimit: 2, samplePairs: 50, seed: 3 })!;
    expect(a).toEqual(b);
    expect(a).toMatchObject({ pairs: 50, sampled: true });
  });
});

describe('normalizeRows', () => {
  it.each([
    ['l2', [0.6, 0.8], 5],
    ['l1', [3 / 7, 4 / 7], 7],
    ['max', [0.75, 1], 4],
  ] as const)('%s of (3, 4)', (type, expected, factor) => {
    const m = packVectors(
      [
        [3, 4],
        [0, 0],
        [-2, 1],
      ],
      'vectors',
    );
    const factors = normalizeRows(m, type);
    expect(rowToArray(m, 0)[0]).toBeCloseTo(expected[0], 15);
    expect(rowToArray(m, 0)[1]).toBeCloseTo(expected[1], 15);
    expect(factors[0]).toBe(factor);
    expect(rowToArray(m, 1)).toEqual([0, 0]);
    expect(factors[1]).toBe(0);
  });

  it('max norm keeps signs', () => {
    const m = packVectors([[-2, 1]], 'vectors');
    expect(Array.from(normalizeRows(m, 'max'))).toEqual([2]);
    expect(rowToArray(m, 0)).toEqual([-1, 0.5]);
  });
});

describe('packVectors', () => {
  it('names a length mismatch and a non-finite entry', () => {
    expect(() =>
      packVectors(
        [
          [1, 2, 3],
          [1, 2],
        ],
        'vectors',
      ),
    ).toThrow('vectors[1] has 2 dimensions, vectors[0] has 3');
    expect(() =>
      packVectors(
        [
          [1, 2],
          [1, NaN],
        ],
        'vectors',
      ),
    ).toThrow('vectors[1][1] is not a finite number');
    expect(() => packVectors([[1, Infinity]], 'vectors')).toThrow('vectors[0][1] is not a finite number');
    expect(() => packVectors([[]], 'vectors')).toThrow('vectors[0] is empty');
  });
});
