/**
 * The entry rule every vector tool applies (docs/retrieval-conventions.md): each entry is a finite
 * number within ±MAX_VECTOR_ENTRY. The bound keeps squares, products, distances, centroids and
 * sums over any allowed size (4e200 per term) far inside the double range, so no similarity,
 * norm or statistic can come out as Infinity or NaN; an embedding, a weight or a count is never
 * near it.
 */
import { ServiceError } from '../errors.js';

export const MAX_VECTOR_ENTRY = 1e100;

/**
 * Copies `vector` into `target` at `offset`, throwing `invalid_arguments` that names `field[i]` for
 * the first entry that is not a finite number or is beyond ±MAX_VECTOR_ENTRY.
 */
export function copyVectorEntries(vector: readonly unknown[], target: Float64Array, offset: number, field: string): void {
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ServiceError('invalid_arguments', `${field}[${i}] is not a finite number`, { data: { field, index: i } });
    }
    if (value > MAX_VECTOR_ENTRY || value < -MAX_VECTOR_ENTRY) {
      throw new ServiceError('invalid_arguments', `${field}[${i}] is out of range: entries must be within ±1e100`, {
        data: { field, index: i, max: MAX_VECTOR_ENTRY },
      });
    }
    target[offset + i] = value;
  }
}
