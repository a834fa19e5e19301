import { defineResource } from '@a2a-mcp/core';
import { METRIC_INFO } from '../lib/metrics.js';
import type { VectorSimilaritySettings } from '../settings.js';

/** `vectors://metrics`: each metric's range and when to use it, plus the input bounds. */
export function createMetricsResource(settings: VectorSimilaritySettings) {
  return defineResource({
    uri: 'vectors://metrics',
    name: 'vector-metrics',
    title: 'Vector similarity metrics',
    description: "Each metric's formula, similarity range, distance and when to use it; the service's input bounds.",
    read: () => ({
      metrics: METRIC_INFO,
      distance_to_similarity: '1 / (1 + d) for euclidean, manhattan and hamming',
      cluster_metrics: ['euclidean', 'cosine', 'manhattan'],
      norm_types: { l2: '√Σx²', l1: 'Σ|x|', max: 'max|x|' },
      bounds: {
        max_vectors: settings.VECTOR_MAX_VECTORS,
        max_dimensions: settings.VECTOR_MAX_DIMENSIONS,
        max_clusters: settings.VECTOR_MAX_CLUSTERS,
        max_kmeans_iterations: settings.VECTOR_MAX_KMEANS_ITERATIONS,
        pairwise_exact_limit: settings.VECTOR_PAIRWISE_EXACT_LIMIT,
        pairwise_sample_pairs: settings.VECTOR_PAIRWISE_SAMPLE_PAIRS,
        silhouette_sample_size: settings.VECTOR_SILHOUETTE_SAMPLE_SIZE,
      },
    }),
  });
}
