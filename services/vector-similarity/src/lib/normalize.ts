/**
 * Vector normalisation: divide by the L2 norm (√Σx²), the L1 norm (Σ|x|) or the max norm (max|x|).
 * A zero vector stays zero and reports factor 0.
 */
import { l2Norm, maxAbs, type Matrix } from './vectors.js';

export const NORM_TYPES = ['l2', 'l1', 'max'] as const;
export type NormType = (typeof NORM_TYPES)[number];

/**
 * The norm of `a[o … o + d)`, without spurious overflow or underflow (see `l2Norm`); Infinity only
 * when the norm itself is beyond the largest double (an L1 norm of two entries near 1e308, say).
 */
export function norm(type: NormType, a: Float64Array, o: number, d: number): number {
  if (type === 'l2') return l2Norm(a, o, d);
  if (type === 'max') return maxAbs(a, o, d);
  let sum = 0;
  for (let i = 0; i < d; i++) sum += Math.abs(a[o + i]!);
  if (Number.isFinite(sum)) return sum;
  const largest = maxAbs(a, o, d);
  let scaled = 0;
  for (let i = 0; i < d; i++) scaled += Math.abs(a[o + i]!) / largest;
  return largest * scaled;
}

/**
 * Normalises each row in place and returns the factor each was divided by (its norm; 0 for a zero
 * vector, which is left unchanged).
 */
export function normalizeRows(matrix: Matrix, type: NormType): Float64Array {
  const { data, rows, dimensions: d } = matrix;
  const factors = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const n = norm(type, data, o, d);
    factors[r] = n;
    // A zero vector stays zero; a norm beyond the largest double (impossible for entries within
    // ±1e100, which the tools enforce) leaves the row as it is rather than dividing by Infinity.
    if (n === 0 || !Number.isFinite(n)) continue;
    for (let i = 0; i < d; i++) data[o + i] = data[o + i]! / n;
  }
  return factors;
}
