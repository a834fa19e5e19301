import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { VectorRankingSettings } from '../settings.js';
import { createCalculateBm25Scores } from './calculate-bm25-scores.js';
import { createCalculatePagerankScores } from './calculate-pagerank-scores.js';
import { createFuseRankings } from './fuse-rankings.js';
import { createHybridRankingSearch } from './hybrid-ranking-search.js';
import { createRerankMmr } from './rerank-mmr.js';

/** The five vector-ranking tools, bounded by `settings`. */
export function createTools(settings: VectorRankingSettings): AnyToolDefinition[] {
  return [
    createHybridRankingSearch(settings),
    createCalculateBm25Scores(settings),
    createCalculatePagerankScores(settings),
    createRerankMmr(settings),
    createFuseRankings(settings),
  ];
}
