import { defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { loadVectorSimilaritySettings, type VectorSimilaritySettings } from './settings.js';
import { createTools } from './tools/index.js';
import { createMetricsResource } from './tools/metrics-resource.js';

export { settingsSchema, loadVectorSimilaritySettings } from './settings.js';
export type { VectorSimilaritySettings } from './settings.js';

/** The vector-similarity service declaration (port 8102). Settings default to the environment. */
export function createVectorSimilarityService(settings: VectorSimilaritySettings = loadVectorSimilaritySettings()): ServiceDefinition {
  return defineService({
    name: 'vector-similarity',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Vector math for embeddings: similarity of two vectors or of a query against many candidates [{id, vector}], statistics, normalisation and k-means clustering. Vectors are plain number arrays (see docs/retrieval-conventions.md).',
    tools: createTools(settings),
    resources: [createMetricsResource(settings)],
  });
}
