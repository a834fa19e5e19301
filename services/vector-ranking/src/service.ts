import { defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { loadVectorRankingSettings, type VectorRankingSettings } from './settings.js';
import { createConfigResource } from './tools/config-resource.js';
import { createTools } from './tools/index.js';

export { settingsSchema, loadVectorRankingSettings } from './settings.js';
export type { VectorRankingSettings } from './settings.js';

/** The vector-ranking service declaration (port 8103). Settings default to the environment. */
export function createVectorRankingService(settings: VectorRankingSettings = loadVectorRankingSettings()): ServiceDefinition {
  return defineService({
    name: 'vector-ranking',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Ranking and re-ranking for retrieval over documents {docId, content, vector?, links?}: BM25, PageRank, MMR diversification, rank fusion (RRF, CombSUM, CombMNZ) and a hybrid search combining them. Vectors are plain number arrays (see docs/retrieval-conventions.md).',
    tools: createTools(settings),
    resources: [createConfigResource(settings)],
  });
}
