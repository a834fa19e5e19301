import { describe, expect, it } from '@jest/globals';
import { ServiceError } from '@a2a-mcp/core';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { createTools } from '../tools/index.js';
import { loadVectorSimilaritySettings } from '../settings.js';
import { norm, normalizeRows } from './normalize.js';
import { l2Norm, packVectors, rowToArray } from './vectors.js';

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
    const matrix = packVectors([[-1e308], [1e-200]], 'vectors');
    const wide = packVectors([[1e-200, 0]], 'vectors');
    expect(Array.from(normalizeRows(matrix, 'l2'))).toEqual([1e308, 1e-200]);
    expect([rowToArray(matrix, 0), rowToArray(matrix, 1)]).toEqual([[-1], [1]]);
    expect(Array.from(normalizeRows(wide, 'l2'))).toEqual([1e-200]);
    expect(rowToArray(wide, 0)).toEqual([1, 0]);
  });
});

describe('normalize_vectors at the edges of the double range', () => {
  const tool = toolsByName(createTools(loadVectorSimilaritySettings({})))('normalize_vectors');
  const ctx = toolTestContext('vector-similarity');

  it('answers [[-1e308]] with [[-1]] and factor 1e308', async () => {
    expect(await runTool(tool, { vectors: [[-1e308]] }, ctx)).toEqual({ norm_type: 'l2', dimensions: 1, vectors: [[-1]], factors: [1e308], zero_vectors: 0 });
  });

  it('refuses a vector whose norm is beyond the largest double, naming it', async () => {
    const error = await runTool(tool, { vectors: [[1, 2], [1e308, 1e308]], norm_type: 'l1' }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'invalid_arguments', message: 'vectors[1]: its l1 norm is larger than the largest finite number; scale the vector down first', data: { field: 'vectors[1]' } });
  });
});
