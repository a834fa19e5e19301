/**
 * Shared input schemas. Vectors are checked here only for being arrays within the dimension bound;
 * entries are checked (finite numbers) in one typed-array pass by lib/vectors.ts, which names the
 * bad index and is far cheaper than a per-element zod check.
 */
import { ServiceError, z } from '@a2a-mcp/core';

/** A vector: `number[]` of at most `max` entries (entries checked later, see above). */
export function vectorSchema(max: number) {
  return z
    .custom<number[]>((value) => Array.isArray(value) && value.length <= max, { error: `must be an array of at most ${max} numbers` })
    .meta({ type: 'array', items: { type: 'number' }, maxItems: max });
}

export const docIdSchema = z.string().min(1).max(256);

export { READ_ONLY_ANNOTATIONS } from '@a2a-mcp/core';

/** Throws `invalid_arguments` naming the second occurrence of a repeated docId. */
export function assertUniqueDocIds(documents: readonly { docId: string }[], field = 'documents'): void {
  const seen = new Map<string, number>();
  documents.forEach(({ docId }, i) => {
    const first = seen.get(docId);
    if (first !== undefined) {
      throw new ServiceError('invalid_arguments', `${field}[${i}].docId "${docId}" repeats ${field}[${first}].docId`, {
        data: { field: `${field}[${i}].docId` },
      });
    }
    seen.set(docId, i);
  });
}
