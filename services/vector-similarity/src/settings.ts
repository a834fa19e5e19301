/**
 * The vector-similarity service's own settings: input bounds and sampling sizes, read from the
 * environment once at start-up with core's `loadSettings`.
 */
import { boundedInt, loadSettings, z } from '@a2a-mcp/core';

/** Keys are environment variable names; every one has a default. */
export const settingsSchema = z.object({
  /** Most vectors (or batch candidates) per call. */
  VECTOR_MAX_VECTORS: boundedInt(10_000, 1_000_000),
  /** Most dimensions per vector. */
  VECTOR_MAX_DIMENSIONS: boundedInt(4_096, 65_536),
  /** Largest k for `cluster_vectors`. */
  VECTOR_MAX_CLUSTERS: boundedInt(256, 10_000),
  /** Largest `max_iterations` for `cluster_vectors`. */
  VECTOR_MAX_KMEANS_ITERATIONS: boundedInt(300, 10_000),
  /** Up to this many vectors, `vector_statistics` compares every pair; above it, it samples. */
  VECTOR_PAIRWISE_EXACT_LIMIT: boundedInt(1_000, 100_000),
  /** Random pairs compared when sampling pairwise similarities. */
  VECTOR_PAIRWISE_SAMPLE_PAIRS: boundedInt(100_000, 10_000_000),
  /** Above this many vectors the silhouette score is computed on a seeded sample of this size. */
  VECTOR_SILHOUETTE_SAMPLE_SIZE: boundedInt(2_000, 100_000),
  /** k-means work: k × vectors × dimensions × max_iterations (distance terms of the Lloyd steps). */
  VECTOR_MAX_KMEANS_WORK: boundedInt(2_000_000_000, 1_000_000_000_000),
  /** Silhouette work: sample² × dimensions; the sample shrinks to fit (never a refusal). */
  VECTOR_MAX_SILHOUETTE_WORK: boundedInt(2_000_000_000, 1_000_000_000_000),
  /** `vector_statistics` pairwise work: pairs compared × dimensions. */
  VECTOR_MAX_PAIRWISE_WORK: boundedInt(500_000_000, 1_000_000_000_000),
});

export type VectorSimilaritySettings = z.output<typeof settingsSchema>;

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadVectorSimilaritySettings(source: NodeJS.ProcessEnv = process.env): VectorSimilaritySettings {
  return loadSettings(settingsSchema, source);
}
