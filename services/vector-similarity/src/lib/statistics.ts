/**
 * Descriptive statistics of a set of vectors. Standard deviations are population ones (divide by n,
 * NumPy's default `ddof=0`).
 */
import { createComparer, type Metric } from './metrics.js';
import { createRandom } from '@a2a-mcp/core/vectors';
import { l2Norm, type Matrix } from './vectors.js';

export interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** Mean, population std, min and max of `values` (two passes, for accuracy). */
export function summarize(values: Float64Array): Summary {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 0, min: 0, max: 0 };
  const plain = twoPass(values, 1);
  // Entries near ±1e308 overflow the sum or the squares, entries near 1e-200 underflow the squares:
  // then the same on the values divided by the largest magnitude, scaled back (mean and std of
  // finite values are never larger than that magnitude, so the result is finite).
  if (Number.isFinite(plain.mean) && Number.isFinite(plain.std) && !(plain.std === 0 && plain.min !== plain.max)) return plain;
  const scale = Math.max(Math.abs(plain.min), Math.abs(plain.max));
  const scaled = twoPass(values, scale);
  return { mean: scaled.mean * scale, std: scaled.std * scale, min: plain.min, max: plain.max };
}

function twoPass(values: Float64Array, scale: number): Summary {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v / scale;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! / scale - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n), min, max };
}

export interface PerDimension {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

/** Per-dimension mean, population std, min and max. */
export function perDimension({ data, rows, dimensions: d }: Matrix): PerDimension {
  const sum = new Float64Array(d);
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) {
      const v = data[o + j]!;
      sum[j] = sum[j]! + v;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  const mean = sum.map((s) => s / rows);
  const squares = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) squares[j] = squares[j]! + (data[o + j]! - mean[j]!) ** 2;
  }
  const out = { mean: Array.from(mean), std: Array.from(squares, (s) => Math.sqrt(s / rows)), min: Array.from(min), max: Array.from(max) };
  // A column whose sums overflowed or whose squares underflowed is done again, scaled (summarize).
  for (let j = 0; j < d; j++) {
    if (Number.isFinite(out.mean[j]) && Number.isFinite(out.std[j]) && !(out.std[j] === 0 && out.min[j] !== out.max[j])) continue;
    const column = new Float64Array(rows);
    for (let r = 0; r < rows; r++) column[r] = data[r * d + j]!;
    const again = summarize(column);
    out.mean[j] = again.mean;
    out.std[j] = again.std;
  }
  return out;
}

/** L2 norm of each row. */
export function rowNorms({ data, rows, dimensions }: Matrix): Float64Array {
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) norms[r] = l2Norm(data, r * dimensions, dimensions);
  return norms;
}

export interface PairwiseOptions {
  metric: Metric;
  /** Up to this many vectors every pair (i < j) is compared. */
  exactLimit: number;
  /** Above `exactLimit`, this many random pairs (i ≠ j) are compared. */
  samplePairs: number;
  seed: number;
  signal?: AbortSignal;
}

export interface PairwiseSummary extends Summary {
  metric: Metric;
  pairs: number;
  sampled: boolean;
}

/** Statistics of the pairwise similarities: all pairs up to `exactLimit` vectors, a seeded sample above. */
export function pairwiseSimilarity(
  matrix: Matrix,
  { metric, exactLimit, samplePairs, seed, signal }: PairwiseOptions,
): PairwiseSummary | null {
  const { data, rows: n, dimensions: d } = matrix;
  if (n < 2) return null;
  const sampled = n > exactLimit;
  const count = sampled ? samplePairs : (n * (n - 1)) / 2;
  const values = new Float64Array(count);
  let p = 0;
  if (!sampled) {
    for (let i = 0; i < n - 1; i++) {
      signal?.throwIfAborted();
      const compare = createComparer(metric, data, i * d, d);
      for (let j = i + 1; j < n; j++) values[p++] = compare(data, j * d).similarity;
    }
  } else {
    const random = createRandom(seed);
    for (; p < count; p++) {
      if (p % 1000 === 0) signal?.throwIfAborted();
      const i = Math.floor(random() * n);
      let j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
      values[p] = createComparer(metric, data, i * d, d)(data, j * d).similarity;
    }
  }
  return { metric, pairs: count, sampled, ...summarize(values) };
}
