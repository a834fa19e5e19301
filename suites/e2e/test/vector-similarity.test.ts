/** vector-similarity: all five tools through both eras, against hand-computed values. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['vector-similarity'];
let h: Harness;
beforeAll(async () => {
  h = await openService(await SERVICES['vector-similarity'](), { key: 'read' });
});
afterAll(async () => {
  await h?.close();
});

describe('vector-similarity through both eras', () => {
  it('lists exactly its five tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('the advertised output schemas reject what a tool must not return', () => {
    // The schema check in every call can fail: missing fields and wrong types are refused.
    for (const era of ['legacy', 'modern'] as const) {
      const validate = h.outputValidator(era, 'calculate_vector_similarity');
      expect(validate({ metric: 'cosine', similarity: 1, distance: 0, dimensions: 2, normalized: false })).toBe(true);
      expect(validate({})).toBe(false);
      expect(validate({ metric: 'cosine', similarity: '1', distance: 0, dimensions: 2, normalized: false })).toBe(false);
      expect(validate({ metric: 'cosine', similarity: 1, distance: 0, dimensions: 2.5, normalized: false })).toBe(false);
    }
  });

  it('calculate_vector_similarity: every metric', async () => {
    // cosine([1,0],[1,1]) = 1/(1·√2) = 1/√2 ≈ 0.707107; distance 1 − 1/√2 ≈ 0.292893.
    const cosine = await h.callBoth<Record<string, number | null | string | boolean>>('calculate_vector_similarity', {
      vector_a: [1, 0],
      vector_b: [1, 1],
      metric: 'cosine',
    });
    expect(cosine).toMatchObject({ metric: 'cosine', dimensions: 2, normalized: false });
    expect(cosine.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine.distance).toBeCloseTo(1 - Math.SQRT1_2, 6);
    // euclidean([0,0],[3,4]) = √(9+16) = 5; similarity 1/(1+5) = 1/6.
    const euclidean = await h.callBoth<Record<string, number>>('calculate_vector_similarity', {
      vector_a: [0, 0],
      vector_b: [3, 4],
      metric: 'euclidean',
    });
    expect(euclidean.distance).toBeCloseTo(5, 10);
    expect(euclidean.similarity).toBeCloseTo(1 / 6, 10);
    // manhattan([1,2,3],[4,0,3]) = 3 + 2 + 0 = 5; similarity 1/6.
    const manhattan = await h.callBoth<Record<string, number>>('calculate_vector_similarity', {
      vector_a: [1, 2, 3],
      vector_b: [4, 0, 3],
      metric: 'manhattan',
    });
    expect(manhattan.distance).toBeCloseTo(5, 10);
    expect(manhattan.similarity).toBeCloseTo(1 / 6, 10);
    // dot([1,2,3],[4,5,6]) = 4 + 10 + 18 = 32; no distance.
    const dot = await h.callBoth('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [4, 5, 6], metric: 'dot_product' });
    expect(dot).toEqual({ metric: 'dot_product', similarity: 32, distance: null, dimensions: 3, normalized: false });
    // weighted jaccard([1,2,0],[2,1,1]) = Σmin / Σmax = (1+1+0) / (2+2+1) = 2/5; distance 3/5.
    const jaccard = await h.callBoth<Record<string, number>>('calculate_vector_similarity', {
      vector_a: [1, 2, 0],
      vector_b: [2, 1, 1],
      metric: 'jaccard',
    });
    expect(jaccard.similarity).toBeCloseTo(0.4, 10);
    expect(jaccard.distance).toBeCloseTo(0.6, 10);
    // hamming: bits (x ≥ 0.5) 0110 vs 1100 differ in 2 places; similarity 1/(1+2) = 1/3.
    const hamming = await h.callBoth<Record<string, number>>('calculate_vector_similarity', {
      vector_a: [0.2, 0.7, 0.9, 0.1],
      vector_b: [0.6, 0.8, 0.4, 0],
      metric: 'hamming',
    });
    expect(hamming.distance).toBe(2);
    expect(hamming.similarity).toBeCloseTo(1 / 3, 10);
    // normalize first: euclidean between unit vectors [1,0] and [0,1] (from [2,0] and [0,5]) = √2.
    const normalized = await h.callBoth<Record<string, number | boolean>>('calculate_vector_similarity', {
      vector_a: [2, 0],
      vector_b: [0, 5],
      metric: 'euclidean',
      normalize: true,
    });
    expect(normalized.normalized).toBe(true);
    expect(normalized.distance).toBeCloseTo(Math.SQRT2, 10);
    expect(normalized.similarity).toBeCloseTo(1 / (1 + Math.SQRT2), 10);
  });

  it('batch_vector_similarity: top-k by cosine, a mismatched candidate skipped', async () => {
    // query [1,0]: a=[1,0] → 1, b=[0,1] → 0, c=[1,1] → 1/√2, d has 3 dimensions → skipped.
    const result = await h.callBoth<
      { results: { id: string; index: number; rank: number; similarity: number; distance: number }[] } & Record<string, unknown>
    >('batch_vector_similarity', {
      query_vector: [1, 0],
      candidates: [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
        { id: 'c', vector: [1, 1] },
        { id: 'd', vector: [1, 2, 3] },
      ],
      metric: 'cosine',
      top_k: 2,
    });
    expect(result).toMatchObject({
      metric: 'cosine',
      dimensions: 2,
      candidates_skipped: 1,
      skipped: [{ id: 'd', index: 3, dimensions: 3 }],
    });
    expect(result.results.map((r) => [r.id, r.index, r.rank])).toEqual([
      ['a', 0, 1],
      ['c', 2, 2],
    ]);
    expect(result.results[0]!.similarity).toBeCloseTo(1, 10);
    expect(result.results[1]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(result.results[1]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 6);
    // With a threshold of 0.5, b (0) is not a match: a and c are.
    const thresholded = await h.callBoth<{ matched: number; results: { id: string }[] }>('batch_vector_similarity', {
      query_vector: [1, 0],
      candidates: [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
        { id: 'c', vector: [1, 1] },
      ],
      threshold: 0.5,
    });
    expect(thresholded.matched).toBe(2);
    expect(thresholded.results.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('vector_statistics: per dimension, norms and pairwise cosine', async () => {
    // [1,2], [3,4], [5,0]: mean [3,2]; population std √(8/3) ≈ 1.632993 in both dimensions;
    // min [1,0], max [5,4]; norms √5, 5, 5 → mean (√5+10)/3 ≈ 4.078689, std ≈ 1.302930.
    // pairwise cosine: (1,2)·(3,4) = 11/(√5·5) ≈ 0.983870, (1,2)·(5,0) = 1/√5 ≈ 0.447214,
    // (3,4)·(5,0) = 15/25 = 0.6 → mean ≈ 0.677028, population std ≈ 0.225758.
    const stats = await h.callBoth<{
      count: number;
      dimensions: number;
      per_dimension: Record<'mean' | 'std' | 'min' | 'max', number[]>;
      norms: Record<string, number>;
      pairwise: Record<string, number | string | boolean>;
    }>('vector_statistics', {
      vectors: [
        [1, 2],
        [3, 4],
        [5, 0],
      ],
      include_pairwise: true,
    });
    expect(stats.count).toBe(3);
    expect(stats.dimensions).toBe(2);
    expect(stats.per_dimension.mean).toEqual([3, 2]);
    expect(stats.per_dimension.min).toEqual([1, 0]);
    expect(stats.per_dimension.max).toEqual([5, 4]);
    for (const std of stats.per_dimension.std) expect(std).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(stats.norms.mean).toBeCloseTo((Math.sqrt(5) + 10) / 3, 6);
    expect(stats.norms.std).toBeCloseTo(1.30293, 5);
    expect(stats.norms.min).toBeCloseTo(Math.sqrt(5), 10);
    expect(stats.norms.max).toBeCloseTo(5, 10);
    expect(stats.pairwise).toMatchObject({ metric: 'cosine', pairs: 3, sampled: false });
    expect(stats.pairwise.mean).toBeCloseTo(0.677028, 5);
    expect(stats.pairwise.std).toBeCloseTo(0.225758, 5);
    expect(stats.pairwise.min).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(stats.pairwise.max).toBeCloseTo(11 / (5 * Math.sqrt(5)), 6);
  });

  it('normalize_vectors: l2, l1 and max; a zero vector stays zero with factor 0', async () => {
    // l2: [3,4] / 5 = [0.6, 0.8]; [0,0] stays.
    const l2 = await h.callBoth<{ vectors: number[][]; factors: number[]; zero_vectors: number; norm_type: string; dimensions: number }>(
      'normalize_vectors',
      {
        vectors: [
          [3, 4],
          [0, 0],
        ],
        norm_type: 'l2',
      },
    );
    expect(l2).toMatchObject({ norm_type: 'l2', dimensions: 2, zero_vectors: 1 });
    expect(l2.vectors[0]![0]).toBeCloseTo(0.6, 10);
    expect(l2.vectors[0]![1]).toBeCloseTo(0.8, 10);
    expect(l2.vectors[1]).toEqual([0, 0]);
    expect(l2.factors[1]).toBe(0);
    // l1: [1,3] / (1+3) = [0.25, 0.75]; max: [2,-4] / 4 = [0.5, -1].
    const l1 = await h.callBoth<{ vectors: number[][] }>('normalize_vectors', { vectors: [[1, 3]], norm_type: 'l1' });
    expect(l1.vectors).toEqual([[0.25, 0.75]]);
    const max = await h.callBoth<{ vectors: number[][] }>('normalize_vectors', { vectors: [[2, -4]], norm_type: 'max' });
    expect(max.vectors).toEqual([[0.5, -1]]);
  });

  it('cluster_vectors: two obvious clusters, inertia and silhouette', async () => {
    // {a=[0,0], b=[0,1]} and {c=[10,10], d=[10,11]}: centroids [0,0.5] and [10,10.5];
    // inertia = 4 · 0.5² = 1. Silhouette: a → 1 − 1/((√200+√221)/2) ≈ 0.931054, b → 1 − 1/((√181+√200)/2)
    // ≈ 0.927525, c like b, d like a → mean ≈ 0.929290.
    const result = await h.callBoth<{
      k: number;
      assignments: number[];
      clusters: { cluster: number; size: number; centroid: number[]; ids?: string[] }[];
      inertia: number;
      silhouette_score: number;
      converged: boolean;
    }>('cluster_vectors', {
      vectors: [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      ids: ['a', 'b', 'c', 'd'],
      k: 2,
      seed: 7,
    });
    expect(result.k).toBe(2);
    const [a, b, c, d] = result.assignments;
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(a).not.toBe(c);
    const byIds = Object.fromEntries(result.clusters.map((cluster) => [[...(cluster.ids ?? [])].sort().join(','), cluster]));
    expect(byIds['a,b']).toMatchObject({ size: 2, centroid: [0, 0.5] });
    expect(byIds['c,d']).toMatchObject({ size: 2, centroid: [10, 10.5] });
    expect(result.inertia).toBeCloseTo(1, 10);
    expect(result.silhouette_score).toBeCloseTo(0.92929, 5);
    expect(result.converged).toBe(true);
  });

  it('cluster_vectors: cosine k-means groups by direction; inertia is Σ squared cosine distance', async () => {
    // [1,0] and [2,0.1] point along x, [0,1] and [0.1,3] along y. Centroids are the arithmetic means
    // [1.5, 0.05] and [0.05, 2]; inertia = Σ (1 − cos(point, centroid))², computed here from that definition.
    const vectors = [
      [1, 0],
      [2, 0.1],
      [0, 1],
      [0.1, 3],
    ];
    const result = await h.callBoth<{
      metric: string;
      assignments: number[];
      clusters: { size: number; centroid: number[] }[];
      inertia: number;
      silhouette_score: number;
    }>('cluster_vectors', { vectors, k: 2, metric: 'cosine' });
    expect(result.metric).toBe('cosine');
    const [a, b, c, d] = result.assignments;
    expect([a === b, c === d, a !== c]).toEqual([true, true, true]);
    const centroidOf = (i: number) => result.clusters[result.assignments[i]!]!.centroid;
    expect(centroidOf(0)).toEqual([1.5, 0.05].map((v) => expect.closeTo(v, 12)));
    expect(centroidOf(2)).toEqual([0.05, 2].map((v) => expect.closeTo(v, 12)));
    const cosine = (x: number[], y: number[]) => (x[0]! * y[0]! + x[1]! * y[1]!) / (Math.hypot(x[0]!, x[1]!) * Math.hypot(y[0]!, y[1]!));
    const inertia = vectors.reduce((sum, v, i) => sum + (1 - cosine(v, centroidOf(i))) ** 2, 0);
    expect(result.inertia).toBeCloseTo(inertia, 15);
    expect(result.inertia).toBeCloseTo(4.26049e-7, 11);
    expect(result.silhouette_score).toBeGreaterThan(0.99);
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
