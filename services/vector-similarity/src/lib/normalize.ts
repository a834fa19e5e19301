/**
 * Vector normalisation: divide by the L2 norm (√Σx²), the L1 norm (Σ|x|) or the max norm (max|x|).
 * A zero vector stays zero and reports factor 0.
 */
import type { Matrix } from './vectors.js';

export const NORM_TYPES = ['l2', 'l1', 'max'] as const;
export type NormType = (typeof NORM_TYPES)[number];

/** The norm of `a[o … o + d)`. */
export function norm(type: NormType, a: Float64Array, o: number, d: number): number {
  let acc = 0;
  for (let i = 0; i < d; i++) {
    const x = a[o + i]!;
    if (type === 'l2') acc += x * x;
    else if (type === 'l1') acc += Math.abs(x);
    else if (Math.abs(x) > acc) acc = Math.abs(x);
  }
  return type === 'l2' ? Math.sqrt(acc) : acc;
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
    if (n === 0) continue;
    for (let i = 0; i < d; i++) data[o + i] = data[o + i]! / n;
  }
  return factors;
}
