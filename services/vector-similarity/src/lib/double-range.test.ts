import { describe, expect, it } from '@jest/globals';
import { ServiceError } from '@a2a-mcp/core';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { createTools } from '../tools/index.js';
import { loadVectorSimilaritySettings } from '../settings.js';
import { norm, normalizeRows } from './normalize.js';
import { perDimension, summarize } from './statistics.js';
import { l2Norm, rowToArray } from './vectors.js';

const of = (values: number[]) => Float64Array.from(values);

describe('norms without spurious overflow or underflow', () => {
  it('keeps the plain sums where they are safe: |(3, 4)| = 5, l1 7, max 4', () => {
    expect(l2Norm(of([3, 4]), 0, 2)).toBe(5);
    expect(norm('l1', of([3, -4]), 0, 2)).toBe(7);
    expect(norm('max', of([3, -4]), 0, 2)).toBe(4);
  });

  it('l2 of entries whose squares overflow: |(-1e308)| = 1e308, |(1e308, 1e308)| = √2 · 1e308', () => {
    expect(l2Norm(of([-1e308]), 0, 1)).toBe(1e308);
    expect(l2Norm(of([1e308, 1e308]), 0, 2) / (Math.SQRT2 * 1e308)).toBeCloseTo(1, 15);
    expect(l2Norm(of([3e200, 4e200]), 0, 2) / 5e200).toBeCloseTo(1, 15);
  });

  it('l2 of entries whose squares underflow: |(1e-200)| = 1e-200, |(3e-200, 4e-200)| = 5e-200, not 0', () => {
    expect(l2Norm(of([1e-200]), 0, 1)).toBe(1e-200);
    expect(l2Norm(of([3e-200, 4e-200]), 0, 2) / 5e-200).toBeCloseTo(1, 15);
    expect(l2Norm(of([0, 0]), 0, 2)).toBe(0);
  });

  it('l1 beyond the largest double is Infinity; just below it is exact', () => {
    expect(norm('l1', of([1e308, 1e308]), 0, 2)).toBe(Infinity);
    expect(norm('l1', of([1e308, -5e307]), 0, 2)).toBe(1.5e308);
  });

  it('normalises those vectors: (-1e308) → (-1) with factor 1e308, (1e-200, 0) → (1, 0) with factor 1e-200', () => {
    // Built directly: packVectors refuses entries beyond ±1e100; the norms must hold regardless.
    const matrix = { data: Float64Array.from([-1e308, 1e-200]), rows: 2, dimensions: 1 };
    const wide = { data: Float64Array.from([1e-200, 0]), rows: 1, dimensions: 2 };
    expect(Array.from(normalizeRows(matrix, 'l2'))).toEqual([1e308, 1e-200]);
    expect([rowToArray(matrix, 0), rowToArray(matrix, 1)]).toEqual([[-1], [1]]);
    expect(Array.from(normalizeRows(wide, 'l2'))).toEqual([1e-200]);
    expect(rowToArray(wide, 0)).toEqual([1, 0]);
  });
});

describe('normalize_vectors at the edges of the double range', () => {
  const tool = toolsByName(createTools(loadVectorSimilaritySettings({})))('normalize_vectors');
  const ctx = toolTestContext('vector-similarity');

  it('answers [[-1e100]] with [[-1]] and factor 1e100, and [[1e-200]] with [[1]] and factor 1e-200', async () => {
    expect(await runTool(tool, { vectors: [[-1e100], [1e-200]] }, ctx)).toEqual({
      norm_type: 'l2',
      dimensions: 1,
      vectors: [[-1], [1]],
      factors: [1e100, 1e-200],
      zero_vectors: 0,
    });
  });

  it('refuses an entry beyond ±1e100 before any norm is taken', async () => {
    const error = await runTool(
      tool,
      {
        vectors: [
          [1, 2],
          [1e308, 1e308],
        ],
        norm_type: 'l1',
      },
      ctx,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'invalid_arguments', message: 'vectors[1][0] is out of range: entries must be within ±1e100' });
  });
});

describe('statistics at the edges of the double range', () => {
  it('summarize: (0, 0, 1e308) has mean 1e308/3 and std 1e308·√2/3, not Infinity', () => {
    const s = summarize(Float64Array.from([0, 0, 1e308]));
    expect(s.mean / (1e308 / 3)).toBeCloseTo(1, 14);
    expect(s.std / ((1e308 * Math.SQRT2) / 3)).toBeCloseTo(1, 14);
    expect([s.min, s.max]).toEqual([0, 1e308]);
  });

  it('summarize: (1e308, 1e308) has mean 1e308 and std 0 (the plain sum would be Infinity)', () => {
    expect(summarize(Float64Array.from([1e308, 1e308]))).toEqual({ mean: 1e308, std: 0, min: 1e308, max: 1e308 });
  });

  it('summarize: (1e-200, 3e-200) has std 1e-200, not the 0 of underflowed squares', () => {
    const s = summarize(Float64Array.from([1e-200, 3e-200]));
    expect(s.mean / 2e-200).toBeCloseTo(1, 14);
    expect(s.std / 1e-200).toBeCloseTo(1, 14);
  });

  it('perDimension: the overflowing column is redone, the others keep their plain values', () => {
    const stats = perDimension({ data: Float64Array.from([1, 0, 3, 0, 5, 1e308]), rows: 3, dimensions: 2 });
    expect(stats.mean[0]).toBe(3);
    expect(stats.std[0]).toBe(Math.sqrt(8 / 3));
    expect(stats.mean[1]! / (1e308 / 3)).toBeCloseTo(1, 14);
    expect(stats.std[1]! / ((1e308 * Math.SQRT2) / 3)).toBeCloseTo(1, 14);
  });

  it('vector_statistics answers [[0], [0], [1e-200]] with std 1e-200·√2/3, not 0', async () => {
    const tool = toolsByName(createTools(loadVectorSimilaritySettings({})))('vector_statistics');
    const out = await runTool<{ per_dimension: { mean: number[]; std: number[] } }>(
      tool,
      { vectors: [[0], [0], [1e-200]], include_pairwise: false },
      toolTestContext('vector-similarity'),
    );
    expect(out.per_dimension.std[0]! / ((1e-200 * Math.SQRT2) / 3)).toBeCloseTo(1, 14);
  });
});

describe('entries are bounded by ±1e100, so nothing downstream overflows', () => {
  const byName = toolsByName(createTools(loadVectorSimilaritySettings({})));
  const ctx = toolTestContext('vector-similarity');
  const refusal = (name: string, args: unknown) => runTool(byName(name), args, ctx).catch((e: unknown) => e);

  it('refuses an entry beyond the bound, naming it, on the copying path and on both one-pass paths', async () => {
    expect(await refusal('calculate_vector_similarity', { vector_a: [1e101], vector_b: [1] })).toMatchObject({
      code: 'invalid_arguments',
      message: 'vector_a[0] is out of range: entries must be within ±1e100',
    });
    for (const metric of ['cosine', 'dot_product', 'euclidean']) {
      const error = await refusal('batch_vector_similarity', {
        query_vector: [1, 1],
        candidates: [
          { id: 'a', vector: [1, 2] },
          { id: 'b', vector: [1e200, 1] },
        ],
        metric,
      });
      expect(error).toMatchObject({
        code: 'invalid_arguments',
        message: 'candidates[1].vector[0] is out of range: entries must be within ±1e100',
      });
    }
    expect(await refusal('normalize_vectors', { vectors: [[-1e308]] })).toMatchObject({
      code: 'invalid_arguments',
      message: 'vectors[0][0] is out of range: entries must be within ±1e100',
    });
  });

  it('answers at the bound: (1e100) and (-1e100) are 2e100 apart, similarity 1 / (1 + 2e100)', async () => {
    expect(
      await runTool(byName('calculate_vector_similarity'), { vector_a: [1e100], vector_b: [-1e100], metric: 'euclidean' }, ctx),
    ).toEqual({ metric: 'euclidean', similarity: 5e-101, distance: 2e100, dimensions: 1, normalized: false });
    const clustered = await runTool<{ inertia: number }>(
      byName('cluster_vectors'),
      { vectors: [[1e100], [-1e100], [1e100]], k: 2, seed: 1, metric: 'euclidean' },
      ctx,
    );
    expect(clustered.inertia).toBe(0);
  });
});
