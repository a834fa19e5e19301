/**
 * Vector checks and cosine on Float64Array (the same rules as vector-similarity, see
 * docs/retrieval-conventions.md): entries must be finite numbers within ±1e100 (core's
 * `copyVectorEntries`), lengths must match the query.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { copyVectorEntries } from '@a2a-mcp/core/vectors';

/** Copies `vector` into a Float64Array, naming the first bad entry (`field[i]`). */
export function toVector(vector: readonly unknown[], field: string, expected?: { dimensions: number; of: string }): Float64Array {
  if (vector.length === 0) throw new ServiceError('invalid_arguments', `${field} is empty`, { data: { field } });
  if (expected && vector.length !== expected.dimensions) {
    throw new ServiceError('invalid_arguments', `${field} has ${vector.length} dimensions, ${expected.of} has ${expected.dimensions}`, {
      data: { field, dimensions: vector.length, expected: expected.dimensions },
    });
  }
  const out = new Float64Array(vector.length);
  copyVectorEntries(vector, out, 0, field);
  return out;
}

export function squaredNorm(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * a[i]!;
  return sum;
}

/**
 * Cosine similarity given precomputed squared norms; 0 when either vector is zero, clamped to
 * [−1, 1] against rounding.
 */
export function cosine(a: Float64Array, aa: number, b: Float64Array, bb: number): number {
  if (aa === 0 || bb === 0) return 0;
  let ab = 0;
  for (let i = 0; i < a.length; i++) ab += a[i]! * b[i]!;
  const product = aa * bb;
  const c = ab / (Number.isFinite(product) && product > 0 ? Math.sqrt(product) : Math.sqrt(aa) * Math.sqrt(bb));
  return c > 1 ? 1 : c < -1 ? -1 : c;
}
