/**
 * The vector tools' heavy work as compute tasks (core's `defineTask`): pure functions of the
 * validated input, loaded by worker threads on their own, so nothing here (or below) imports the
 * `@a2a-mcp/core` package root. Which inputs go to the pool: src/tools/tasks.ts.
 */
import { createRandom, sampleIndices } from '@a2a-mcp/core/vectors';
import { kMeans, silhouetteScore } from './kmeans.js';
import type { ClusterMetric, Metric } from './metrics.js';
import { pairwiseSimilarity, perDimension, rowNorms, summarize } from './statistics.js';
import { packVectors } from './vectors.js';

export interface ClusterPayload {
  vectors: number[][];
  ids?: string[] | undefined;
  k: number;
  metric: ClusterMetric;
  seed: number;
  max_iterations: number;
  tolerance: number;
  sampleSize: number;
}

/** `cluster_vectors`: k-means++ / Lloyd, then the (sampled) silhouette. */
export function clusterVectors(
  { vectors, ids, k, metric, seed, max_iterations, tolerance, sampleSize }: ClusterPayload,
  signal?: AbortSignal,
) {
  const matrix = packVectors(vectors, 'vectors');
  const d = matrix.dimensions;
  const result = kMeans(matrix, { k, metric, seed, maxIterations: max_iterations, tolerance, ...(signal ? { signal } : {}) });
  const sampled = matrix.rows > sampleSize;
  const sample = sampled ? sampleIndices(matrix.rows, sampleSize, createRandom(seed ^ 0x5eed)) : undefined;
  const silhouette = silhouetteScore(matrix, result.assignments, k, metric, sample, signal);
  const members: string[][] = Array.from({ length: k }, () => []);
  if (ids) result.assignments.forEach((c, i) => members[c]!.push(ids[i]!));
  return {
    k,
    metric,
    assignments: Array.from(result.assignments),
    clusters: Array.from({ length: k }, (_, c) => ({
      cluster: c,
      size: result.sizes[c]!,
      centroid: Array.from(result.centroids.subarray(c * d, (c + 1) * d)),
      ...(ids ? { ids: members[c]! } : {}),
    })),
    inertia: result.inertia,
    silhouette_score: silhouette,
    silhouette_sampled: sampled,
    iterations: result.iterations,
    converged: result.converged,
  };
}

export interface StatisticsPayload {
  vectors: number[][];
  include_pairwise: boolean;
  metric: Metric;
  seed: number;
  exactLimit: number;
  samplePairs: number;
}

/** `vector_statistics`: per-dimension and norm summaries, optional pairwise similarities. */
export function vectorStatistics(
  { vectors, include_pairwise, metric, seed, exactLimit, samplePairs }: StatisticsPayload,
  signal?: AbortSignal,
) {
  const matrix = packVectors(vectors, 'vectors');
  const pairwise = include_pairwise
    ? pairwiseSimilarity(matrix, { metric, exactLimit, samplePairs, seed, ...(signal ? { signal } : {}) })
    : null;
  return {
    count: matrix.rows,
    dimensions: matrix.dimensions,
    per_dimension: perDimension(matrix),
    norms: summarize(rowNorms(matrix)),
    pairwise,
  };
}
