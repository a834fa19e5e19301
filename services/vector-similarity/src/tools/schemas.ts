/**
 * Shared input schemas. A vector is checked here only for being an array within the dimension
 * bound; its entries are checked (finite numbers) in one typed-array pass by lib/vectors.ts, which
 * is far cheaper than a per-element zod check on 10 000 × 384 numbers and names the bad index.
 */
import { z } from '@a2a-mcp/core';
import { METRICS } from '../lib/metrics.js';

/** A vector: `number[]` of 1..max entries (entries checked later, see above). */
export function vectorSchema(max: number) {
  return z
    .custom<number[]>((value) => Array.isArray(value) && value.length <= max, { error: `must be an array of at most ${max} numbers` })
    .meta({ type: 'array', items: { type: 'number' }, maxItems: max });
}

export const metricSchema = z
  .enum(METRICS)
  .default('cosine')
  .describe('Similarity metric: cosine (default), euclidean, manhattan, dot_product, jaccard or hamming (see vectors://metrics)');

export { READ_ONLY_ANNOTATIONS } from '@a2a-mcp/core';
