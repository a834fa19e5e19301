/**
 * Packing JSON vectors into one contiguous Float64Array, checking on the way what a schema cannot
 * cheaply check: every entry is a finite number within ±1e100 (core's `copyVectorEntries`), and
 * the lengths agree.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { copyVectorEntries } from '@a2a-mcp/core/vectors';

/** Row-major matrix: row `i` is `data[i * dimensions … (i + 1) * dimensions)`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  dimensions: number;
}

function invalid(message: string, data: Record<string, unknown>): ServiceError {
  return new ServiceError('invalid_arguments', message, { data });
}

/** One vector as a Float64Array; empty vectors are an error. */
export function toVector(vector: readonly unknown[], field: string): Float64Array {
  if (vector.length === 0) throw invalid(`${field} is empty`, { field });
  const out = new Float64Array(vector.length);
  copyVectorEntries(vector, out, 0, field);
  return out;
}

/**
 * Packs equal-length vectors into a matrix. The first vector fixes the dimension; any other length
 * is an error naming both (`vectors[3] has 2 dimensions, vectors[0] has 3`).
 */
export function packVectors(vectors: readonly (readonly unknown[])[], field: string): Matrix {
  const first = vectors[0];
  if (first === undefined) throw invalid(`${field} is empty`, { field });
  const dimensions = first.length;
  if (dimensions === 0) throw invalid(`${field}[0] is empty`, { field: `${field}[0]` });
  const data = new Float64Array(vectors.length * dimensions);
  for (let r = 0; r < vectors.length; r++) {
    const vector = vectors[r]!;
    if (vector.length !== dimensions) {
      throw invalid(`${field}[${r}] has ${vector.length} dimensions, ${field}[0] has ${dimensions}`, {
        field: `${field}[${r}]`,
        dimensions: vector.length,
        expected: dimensions,
      });
    }
    copyVectorEntries(vector, data, r * dimensions, `${field}[${r}]`);
  }
  return { data, rows: vectors.length, dimensions };
}

/** Row `r` of a matrix as a plain array (for JSON output). */
export function rowToArray(matrix: Matrix, r: number): number[] {
  return Array.from(matrix.data.subarray(r * matrix.dimensions, (r + 1) * matrix.dimensions));
}

/** Below this, a sum of squares may have lost its smaller terms (or all of them) to underflow. */
const SMALLEST_SAFE_SUM = 1e-290;

/**
 * Euclidean norm of `a[ao … ao + d)`. Squares of entries above ~1.3e154 overflow and below ~1e-162
 * underflow; then the norm is taken of the vector scaled by its largest entry and scaled back, so
 * `[-1e308]` has norm 1e308 (not Infinity) and `[1e-200]` norm 1e-200 (not 0). Infinity only when
 * the norm itself exceeds the largest double.
 */
export function l2Norm(a: Float64Array, ao: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const x = a[ao + i]!;
    sum += x * x;
  }
  if (Number.isFinite(sum) && sum >= SMALLEST_SAFE_SUM) return Math.sqrt(sum);
  const largest = maxAbs(a, ao, d);
  if (largest === 0) return 0;
  let scaled = 0;
  for (let i = 0; i < d; i++) {
    const x = a[ao + i]! / largest;
    scaled += x * x;
  }
  return largest * Math.sqrt(scaled);
}

/** Largest absolute entry of `a[ao … ao + d)`. */
export function maxAbs(a: Float64Array, ao: number, d: number): number {
  let largest = 0;
  for (let i = 0; i < d; i++) {
    const x = Math.abs(a[ao + i]!);
    if (x > largest) largest = x;
  }
  return largest;
}

/** Divides `a[ao … ao + d)` by its L2 norm in place; a zero vector stays zero. */
export function l2NormalizeInPlace(a: Float64Array, ao: number, d: number): void {
  const norm = l2Norm(a, ao, d);
  if (norm === 0) return;
  for (let i = 0; i < d; i++) a[ao + i] = a[ao + i]! / norm;
}
