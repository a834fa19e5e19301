import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { compareVectors } from '../lib/metrics.js';
import { l2NormalizeInPlace, toVector } from '../lib/vectors.js';
import type { VectorSimilaritySettings } from '../settings.js';
import { metricSchema, READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';

/** `calculate_vector_similarity`: one pair of vectors, one metric. */
export function createCalculateVectorSimilarity(settings: VectorSimilaritySettings) {
  return defineTool({
    name: 'calculate_vector_similarity',
    title: 'Vector similarity',
    description:
      'Similarity and distance of two vectors of equal length. Distances map to similarity as 1/(1+d); hamming discretises at 0.5; jaccard is weighted on positive entries; dot_product has no distance (null).',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      vector_a: vectorSchema(settings.VECTOR_MAX_DIMENSIONS).describe('First vector (finite numbers)'),
      vector_b: vectorSchema(settings.VECTOR_MAX_DIMENSIONS).describe('Second vector, same length as vector_a'),
      metric: metricSchema,
      normalize: z.boolean().default(false).describe('L2-normalise both vectors first (a zero vector stays zero)'),
    }),
    output: z.object({
      metric: z.string(),
      similarity: z.number().describe('Higher is more similar'),
      distance: z.number().nullable().describe('The metric distance; null for dot_product'),
      dimensions: z.number().int(),
      normalized: z.boolean(),
    }),
    handler: ({ vector_a, vector_b, metric, normalize }) => {
      const a = toVector(vector_a, 'vector_a');
      const b = toVector(vector_b, 'vector_b');
      if (a.length !== b.length) {
        throw new ServiceError('invalid_arguments', `vector_b has ${b.length} dimensions, vector_a has ${a.length}`, {
          data: { field: 'vector_b', dimensions: b.length, expected: a.length },
        });
      }
      if (normalize) {
        l2NormalizeInPlace(a, 0, a.length);
        l2NormalizeInPlace(b, 0, b.length);
      }
      return { metric, ...compareVectors(metric, a, b), dimensions: a.length, normalized: normalize };
    },
  });
}
