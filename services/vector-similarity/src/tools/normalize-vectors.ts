import { defineTool, z } from '@a2a-mcp/core';
import { NORM_TYPES, normalizeRows } from '../lib/normalize.js';
import { packVectors, rowToArray } from '../lib/vectors.js';
import type { VectorSimilaritySettings } from '../settings.js';
import { READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';

/** `normalize_vectors`: divide each vector by its L2, L1 or max norm. */
export function createNormalizeVectors(settings: VectorSimilaritySettings) {
  return defineTool({
    name: 'normalize_vectors',
    title: 'Normalise vectors',
    description:
      'Divides each vector by its norm: l2 (√Σx², default), l1 (Σ|x|) or max (max|x|). Returns the factor each vector was divided by; a zero vector stays zero with factor 0.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      vectors: z
        .array(vectorSchema(settings.VECTOR_MAX_DIMENSIONS))
        .min(1)
        .max(settings.VECTOR_MAX_VECTORS)
        .describe('Vectors of equal length'),
      norm_type: z.enum(NORM_TYPES).default('l2').describe('l2 (default), l1 or max'),
    }),
    output: z.object({
      norm_type: z.string(),
      dimensions: z.number().int(),
      vectors: z.array(z.array(z.number())),
      factors: z.array(z.number()).describe('The norm each vector was divided by; 0 for a zero vector'),
      zero_vectors: z.number().int().describe('How many vectors were zero and left unchanged'),
    }),
    render: (out) => `${out.vectors.length} vectors normalised (${out.norm_type}); ${out.zero_vectors} zero`,
    handler: ({ vectors, norm_type }) => {
      const matrix = packVectors(vectors, 'vectors');
      const factors = normalizeRows(matrix, norm_type);
      return {
        norm_type,
        dimensions: matrix.dimensions,
        vectors: Array.from({ length: matrix.rows }, (_, r) => rowToArray(matrix, r)),
        factors: Array.from(factors),
        zero_vectors: factors.filter((f) => f === 0).length,
      };
    },
  });
}
