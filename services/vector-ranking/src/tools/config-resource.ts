import { defineResource } from '@a2a-mcp/core';
import { BM25_DEFAULTS } from '../lib/bm25.js';
import { RRF_K } from '../lib/fusion.js';
import { HYBRID_DEFAULTS } from '../lib/hybrid.js';
import { PAGERANK_DEFAULTS } from '../lib/pagerank.js';
import type { VectorRankingSettings } from '../settings.js';

/** `ranking://config`: default weights and parameters of every ranking tool, and the bounds. */
export function createConfigResource(settings: VectorRankingSettings) {
  return defineResource({
    uri: 'ranking://config',
    name: 'ranking-config',
    title: 'Ranking defaults',
    description:
      'Default weights and parameters of the ranking tools (hybrid weights, BM25 k1/b, PageRank damping, RRF k, MMR λ) and the input bounds.',
    read: () => ({
      hybrid: {
        weights: HYBRID_DEFAULTS.weights,
        diversity_threshold: HYBRID_DEFAULTS.diversityThreshold,
        recency_weight: HYBRID_DEFAULTS.recencyWeight,
        recency_half_life_days: HYBRID_DEFAULTS.recencyHalfLifeDays,
        missing_components: 're-weighted over the present ones (w / Σ present w), never scored as 0',
      },
      bm25: {
        ...BM25_DEFAULTS,
        idf: 'ln((N − n + 0.5)/(n + 0.5) + 1) (Lucene, +1 smoothing)',
        tokenizer: 'NFKC, lower case, runs of letters/marks/digits; no stop words, no stemming',
      },
      pagerank: {
        damping: PAGERANK_DEFAULTS.damping,
        max_iterations: PAGERANK_DEFAULTS.maxIterations,
        tolerance: PAGERANK_DEFAULTS.tolerance,
        convergence: 'L1 change < tolerance',
        dangling_nodes: 'mass spread uniformly',
      },
      fusion: {
        rrf_k: RRF_K,
        combsum_normalization: 'min-max per list; all-equal list → 1',
        combmnz: 'combsum × lists containing the document',
      },
      mmr: { lambda: 0.5, similarity: 'cosine' },
      bounds: {
        max_documents: settings.RANKING_MAX_DOCUMENTS,
        max_text_length: settings.RANKING_MAX_TEXT_LENGTH,
        max_dimensions: settings.RANKING_MAX_DIMENSIONS,
        max_links: settings.RANKING_MAX_LINKS,
        max_lists: settings.RANKING_MAX_LISTS,
        max_pagerank_iterations: settings.RANKING_MAX_PAGERANK_ITERATIONS,
      },
    }),
  });
}
