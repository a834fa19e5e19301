import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { VectorSimilaritySettings } from '../settings.js';
import { createBatchVectorSimilarity } from './batch-vector-similarity.js';
import { createCalculateVectorSimilarity } from './calculate-vector-similarity.js';
import { createClusterVectors } from './cluster-vectors.js';
import { createNormalizeVectors } from './normalize-vectors.js';
import { createVectorStatistics } from './vector-statistics.js';

/** The five vector-similarity tools, bounded by `settings`. */
export function createTools(settings: VectorSimilaritySettings): AnyToolDefinition[] {
  return [
    createCalculateVectorSimilarity(settings),
    createBatchVectorSimilarity(settings),
    createVectorStatistics(settings),
    createNormalizeVectors(settings),
    createClusterVectors(settings),
  ];
}
