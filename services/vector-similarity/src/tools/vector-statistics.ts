import { assertWorkBudget, defineTool, z } from '@a2a-mcp/core';
import type { VectorSimilaritySettings } from '../settings.js';
import { metricSchema, READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';
import { statisticsTask } from './tasks.js';

const summarySchema = z.object({ mean: z.number(), std: z.number(), min: z.number(), max: z.number() });

/** Most pairwise similarities held at once (80 MB); reachable only when an operator raises the pair settings. */
export const MAX_PAIRWISE_VALUES = 10_000_000;

/** `vector_statistics`: per-dimension and norm statistics, optional pairwise similarities. */
export function createVectorStatistics(settings: VectorSimilaritySettings) {
  return defineTool({
    name: 'vector_statistics',
    title: 'Vector statistics',
    description: `Count, dimensions, per-dimension mean / std / min / max, L2-norm statistics and, optionally, statistics of pairwise similarities (every pair up to ${settings.VECTOR_PAIRWISE_EXACT_LIMIT} vectors, ${settings.VECTOR_PAIRWISE_SAMPLE_PAIRS} seeded random pairs above). Standard deviations are population ones (divide by n).`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      vectors: z
        .array(vectorSchema(settings.VECTOR_MAX_DIMENSIONS))
        .min(1)
        .max(settings.VECTOR_MAX_VECTORS)
        .describe('Vectors of equal length'),
      include_pairwise: z.boolean().default(false).describe('Also summarise pairwise similarities'),
      metric: metricSchema,
      seed: z.number().int().default(42).describe('Seed for pair sampling (deterministic)'),
    }),
    output: z.object({
      count: z.number().int(),
      dimensions: z.number().int(),
      per_dimension: z.object({ mean: z.array(z.number()), std: z.array(z.number()), min: z.array(z.number()), max: z.array(z.number()) }),
      norms: summarySchema.describe('Statistics of the L2 norms'),
      pairwise: summarySchema
        .extend({ metric: z.string(), pairs: z.number().int(), sampled: z.boolean() })
        .nullable()
        .describe('Null unless include_pairwise and at least 2 vectors'),
    }),
    render: (out) => `${out.count} vectors of ${out.dimensions} dimensions; mean norm ${out.norms.mean}`,
    handler: ({ vectors, include_pairwise, metric, seed }, ctx) => {
      // Checked here, before the hop to a worker: the shape alone tells the work.
      const n = vectors.length;
      if (include_pairwise && n >= 2) {
        const pairs = n <= settings.VECTOR_PAIRWISE_EXACT_LIMIT ? (n * (n - 1)) / 2 : settings.VECTOR_PAIRWISE_SAMPLE_PAIRS;
        assertWorkBudget({
          what: 'Pairwise work',
          factors: [
            { label: 'pairs', value: pairs },
            { label: 'dimensions', value: vectors[0]?.length ?? 0 },
          ],
          limit: settings.VECTOR_MAX_PAIRWISE_WORK,
          bound: 'VECTOR_MAX_PAIRWISE_WORK',
          hint: 'send fewer or shorter vectors, or leave include_pairwise off',
          field: 'include_pairwise',
        });
        // Every similarity is kept (8 bytes each): the summary takes two passes for accuracy.
        assertWorkBudget({
          what: 'The pairwise summary',
          factors: [{ label: 'pairs', value: pairs }],
          limit: MAX_PAIRWISE_VALUES,
          bound: 'MAX_PAIRWISE_VALUES',
          hint: 'lower VECTOR_PAIRWISE_EXACT_LIMIT or VECTOR_PAIRWISE_SAMPLE_PAIRS',
          field: 'include_pairwise',
        });
      }
      return ctx.compute(statisticsTask, {
        vectors,
        include_pairwise,
        metric,
        seed,
        exactLimit: settings.VECTOR_PAIRWISE_EXACT_LIMIT,
        samplePairs: settings.VECTOR_PAIRWISE_SAMPLE_PAIRS,
      });
    },
  });
}
