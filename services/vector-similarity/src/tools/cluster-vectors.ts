import { assertWorkBudget, defineTool, ServiceError, z } from '@a2a-mcp/core';
import type { VectorSimilaritySettings } from '../settings.js';
import { READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';
import { clusterTask } from './tasks.js';

/** `cluster_vectors`: k-means with k-means++ seeding, deterministic for a seed, plus silhouette. */
export function createClusterVectors(settings: VectorSimilaritySettings) {
  const sampleSize = settings.VECTOR_SILHOUETTE_SAMPLE_SIZE;
  return defineTool({
    name: 'cluster_vectors',
    title: 'Cluster vectors (k-means)',
    description: `k-means (Lloyd) with k-means++ seeding from a seeded PRNG (same seed, same result). Returns assignments, centroids, inertia (Σ squared distance to the own centroid) and the mean silhouette coefficient with the chosen metric's distance (on a seeded sample of ${sampleSize} points above that many, fewer for long vectors: sample² × dimensions ≤ VECTOR_MAX_SILHOUETTE_WORK=${settings.VECTOR_MAX_SILHOUETTE_WORK}). Work bound: k × vectors × dimensions × max_iterations ≤ VECTOR_MAX_KMEANS_WORK=${settings.VECTOR_MAX_KMEANS_WORK}.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      vectors: z
        .array(vectorSchema(settings.VECTOR_MAX_DIMENSIONS))
        .min(1)
        .max(settings.VECTOR_MAX_VECTORS)
        .describe('Vectors of equal length'),
      ids: z.array(z.string().min(1).max(256)).optional().describe('Optional ids, one per vector, listed per cluster in the result'),
      k: z
        .number()
        .int()
        .min(1)
        .max(settings.VECTOR_MAX_CLUSTERS)
        .describe(`Number of clusters, 1..${settings.VECTOR_MAX_CLUSTERS} and at most the number of vectors`),
      metric: z
        .enum(['euclidean', 'cosine', 'manhattan'])
        .default('euclidean')
        .describe(
          'Distance for assignment, seeding and silhouette: euclidean (default, textbook k-means), cosine (1 − cos) or manhattan; centroids are always means',
        ),
      seed: z.number().int().default(42).describe('PRNG seed for k-means++ and silhouette sampling'),
      max_iterations: z
        .number()
        .int()
        .min(1)
        .max(settings.VECTOR_MAX_KMEANS_ITERATIONS)
        .default(100)
        .describe('Most Lloyd iterations (default 100)'),
      tolerance: z
        .number()
        .min(0)
        .default(1e-6)
        .describe('Converged when no centroid moves farther (euclidean) than this, or no assignment changes'),
    }),
    output: z.object({
      k: z.number().int(),
      metric: z.string(),
      assignments: z.array(z.number().int()).describe('Cluster of each vector, by input index'),
      clusters: z.array(
        z.object({ cluster: z.number().int(), size: z.number().int(), centroid: z.array(z.number()), ids: z.array(z.string()).optional() }),
      ),
      inertia: z.number(),
      silhouette_score: z
        .number()
        .nullable()
        .describe('Mean silhouette in [-1, 1]; null when fewer than 2 or more than n − 1 clusters are non-empty'),
      silhouette_sampled: z.boolean(),
      iterations: z.number().int(),
      converged: z.boolean(),
    }),
    render: (out) =>
      `k=${out.k}: inertia ${out.inertia}, silhouette ${out.silhouette_score ?? 'n/a'}, ${out.iterations} iterations${out.converged ? '' : ' (not converged)'}`,
    handler: ({ vectors, ids, k, metric, seed, max_iterations, tolerance }, ctx) => {
      if (ids !== undefined && ids.length !== vectors.length) {
        throw new ServiceError('invalid_arguments', `ids has ${ids.length} entries, vectors has ${vectors.length}`, {
          data: { field: 'ids' },
        });
      }
      if (k > vectors.length) {
        throw new ServiceError('invalid_arguments', `k (${k}) exceeds the number of vectors (${vectors.length})`, {
          data: { field: 'k', max: vectors.length },
        });
      }
      // Checked here, before the hop to a worker: the shape alone tells the work.
      const d = vectors[0]?.length ?? 0;
      assertWorkBudget({
        what: 'k-means work',
        factors: [
          { label: 'clusters', value: k },
          { label: 'vectors', value: vectors.length },
          { label: 'dimensions', value: d },
          { label: 'iterations', value: max_iterations },
        ],
        limit: settings.VECTOR_MAX_KMEANS_WORK,
        bound: 'VECTOR_MAX_KMEANS_WORK',
        hint: 'lower k or max_iterations, or send fewer or shorter vectors',
        field: 'max_iterations',
      });
      // The silhouette compares every sampled point with every other: sample² × d. A sample that
      // fits VECTOR_MAX_SILHOUETTE_WORK keeps long vectors from costing minutes.
      const fitting = Math.max(2, Math.min(sampleSize, Math.floor(Math.sqrt(settings.VECTOR_MAX_SILHOUETTE_WORK / Math.max(1, d)))));
      return ctx.compute(clusterTask, { vectors, ids, k, metric, seed, max_iterations, tolerance, sampleSize: fitting });
    },
  });
}
