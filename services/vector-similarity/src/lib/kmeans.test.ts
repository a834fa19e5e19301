import { describe, expect, it } from '@jest/globals';
import { kMeans, silhouetteScore } from './kmeans.js';
import { createRandom } from '@a2a-mcp/core/vectors';
import { packVectors } from './vectors.js';

const options = { metric: 'euclidean' as const, seed: 42, maxIterations: 100, tolerance: 1e-9 };

describe('kMeans', () => {
  // Two obvious clusters: {(0,0), (0,1)} and {(10,10), (10,11)}.
  const matrix = packVectors(
    [
      [0, 0],
      [10, 10],
      [0, 1],
      [10, 11],
    ],
    'vectors',
  );

  it('finds the two clusters, their means and the inertia', () => {
    const result = kMeans(matrix, { ...options, k: 2 });
    const a = result.assignments;
    expect(a[0]).toBe(a[2]);
    expect(a[1]).toBe(a[3]);
    expect(a[0]).not.toBe(a[1]);
    const c0 = Array.from(result.centroids.subarray(a[0]! * 2, a[0]! * 2 + 2));
    const c1 = Array.from(result.centroids.subarray(a[1]! * 2, a[1]! * 2 + 2));
    expect(c0).toEqual([0, 0.5]);
    expect(c1).toEqual([10, 10.5]);
    // every point is 0.5 from its centroid: 4 × 0.25
    expect(result.inertia).toBeCloseTo(1, 12);
    expect(result.converged).toBe(true);
    expect(Array.from(result.sizes)).toEqual([2, 2]);
  });

  it('is deterministic for a seed', () => {
    const random = createRandom(5);
    const data = Array.from({ length: 300 }, () => [random() * 10, random() * 10, random() * 10]);
    const m = packVectors(data, 'vectors');
    const r1 = kMeans(m, { ...options, k: 7, seed: 9 });
    const r2 = kMeans(m, { ...options, k: 7, seed: 9 });
    expect(r1).toEqual(r2);
    expect(Array.from(r1.sizes).reduce((s, x) => s + x, 0)).toBe(300);
  });

  it('copes with fewer distinct points than k', () => {
    const m = packVectors(
      [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      'vectors',
    );
    const result = kMeans(m, { ...options, k: 2 });
    expect(result.inertia).toBe(0);
    expect(Array.from(result.sizes).reduce((s, x) => s + x, 0)).toBe(3);
  });
});

describe('silhouetteScore', () => {
  it('matches the hand computation on a tiny 2-cluster set', () => {
    const matrix = packVectors(
      [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      'vectors',
    );
    const labels = Int32Array.from([0, 0, 1, 1]);
    // (0,0): a = 1, b = (√200 + √221)/2;  (0,1): a = 1, b = (√181 + √200)/2.
    // (10,10) mirrors (0,1) and (10,11) mirrors (0,0). s = (b − a)/b since b > a.
    const s1 = ((Math.sqrt(200) + Math.sqrt(221)) / 2 - 1) / ((Math.sqrt(200) + Math.sqrt(221)) / 2);
    const s2 = ((Math.sqrt(181) + Math.sqrt(200)) / 2 - 1) / ((Math.sqrt(181) + Math.sqrt(200)) / 2);
    expect(silhouetteScore(matrix, labels, 2, 'euclidean')).toBeCloseTo((s1 + s2) / 2, 12);
    expect((s1 + s2) / 2).toBeCloseTo(0.92929, 4);
  });

  it('a point alone in its cluster scores 0; one cluster has no silhouette', () => {
    const matrix = packVectors([[0], [1], [5]], 'vectors');
    // (0): a = 1, b = 5 → 0.8; (1): a = 1, b = 4 → 0.75; (5): alone → 0.
    expect(silhouetteScore(matrix, Int32Array.from([0, 0, 1]), 2, 'euclidean')).toBeCloseTo((0.8 + 0.75) / 3, 12);
    expect(silhouetteScore(matrix, Int32Array.from([0, 0, 0]), 1, 'euclidean')).toBeNull();
  });

  it('uses the chosen metric (manhattan)', () => {
    const matrix = packVectors(
      [
        [0, 0],
        [1, 1],
        [5, 5],
        [6, 6],
      ],
      'vectors',
    );
    // (0,0): a = 2, b = (10 + 12)/2 = 11 → 9/11; (1,1): a = 2, b = (8 + 10)/2 = 9 → 7/9; mirrored.
    expect(silhouetteScore(matrix, Int32Array.from([0, 0, 1, 1]), 2, 'manhattan')).toBeCloseTo((9 / 11 + 7 / 9) / 2, 12);
  });
});
