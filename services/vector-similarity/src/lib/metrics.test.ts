import { describe, expect, it } from '@jest/globals';
import { compareVectors, type Metric } from './metrics.js';

const f = (values: number[]) => Float64Array.from(values);

describe('compareVectors on hand-worked pairs', () => {
  // a = (1,2,3), b = (4,5,6): a·b = 4 + 10 + 18 = 32, ‖a‖ = √14, ‖b‖ = √77.
  // euclidean: √(9 + 9 + 9) = √27; manhattan: 3 + 3 + 3 = 9.
  // jaccard: Σmin = 1 + 2 + 3 = 6, Σmax = 4 + 5 + 6 = 15 → 0.4.
  // hamming: every entry ≥ 0.5 in both → 0 differing bits → similarity 1.
  it.each<[Metric, number, number | null]>([
    ['cosine', 32 / Math.sqrt(14 * 77), 1 - 32 / Math.sqrt(14 * 77)],
    ['euclidean', 1 / (1 + Math.sqrt(27)), Math.sqrt(27)],
    ['manhattan', 0.1, 9],
    ['dot_product', 32, null],
    ['jaccard', 0.4, 0.6],
    ['hamming', 1, 0],
  ])('%s', (metric, similarity, distance) => {
    const result = compareVectors(metric, f([1, 2, 3]), f([4, 5, 6]));
    expect(result.similarity).toBeCloseTo(similarity, 12);
    if (distance === null) expect(result.distance).toBeNull();
    else expect(result.distance).toBeCloseTo(distance, 12);
  });

  it('cosine of orthogonal, opposite and zero vectors', () => {
    expect(compareVectors('cosine', f([1, 0]), f([0, 3])).similarity).toBe(0);
    expect(compareVectors('cosine', f([1, 2]), f([-2, -4])).similarity).toBe(-1);
    expect(compareVectors('cosine', f([0, 0]), f([1, 1]))).toEqual({ similarity: 0, distance: 1 });
  });

  it('hamming discretises at 0.5 (0.5 itself is a 1)', () => {
    // bits (0,1,1,0) vs (1,0,1,0): two positions differ → 1 / (1 + 2).
    expect(compareVectors('hamming', f([0.2, 0.5, 0.9, 0.4]), f([0.7, 0.1, 0.95, 0.3]))).toEqual({ similarity: 1 / 3, distance: 2 });
  });

  it('jaccard uses positive entries only; two vectors with none are identical (1)', () => {
    // positive parts (1,0,3) and (2,1,0): Σmin = 1, Σmax = 2 + 1 + 3 = 6.
    expect(compareVectors('jaccard', f([1, -2, 3]), f([2, 1, -1])).similarity).toBeCloseTo(1 / 6, 15);
    expect(compareVectors('jaccard', f([-1, 0]), f([0, -3]))).toEqual({ similarity: 1, distance: 0 });
  });
});
