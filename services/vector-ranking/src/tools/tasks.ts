/**
 * Where each heavy ranking tool runs (docs/architecture.md, "Inline or pool"): inline while its
 * input is small, on core's worker-thread pool above the weight given here. fuse_rankings stays
 * inline: its work is linear in the list entries the body already bounds.
 */
import { defineTask } from '@a2a-mcp/core';
import { bm25Scores, hybridSearch, mmrRerank, pagerankScores } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

const characters = (documents: readonly { content: string }[]) => documents.reduce((sum, d) => sum + d.content.length, 0);

/** Document characters plus documents × query length / 4 (the n × terms tf matrix): above 50 000, the pool. */
export const bm25Task = defineTask(LIB, bm25Scores, {
  weight: (p) => characters(p.documents) + (p.documents.length * p.query.length) / 4,
  poolAbove: 50_000,
});

/** Documents × dimensions × (top_k + 1) (each pick compares with every pick so far): above 200 000, the pool. */
export const mmrTask = defineTask(LIB, mmrRerank, {
  weight: (p) => p.documents.length * p.query_vector.length * (p.top_k + 1),
  poolAbove: 200_000,
});

/** (Documents + links) × max_iterations: above 500 000, the pool. */
export const pagerankTask = defineTask(LIB, pagerankScores, {
  weight: (p) => (p.documents.length + p.documents.reduce((sum, d) => sum + d.links.length, 0)) * p.max_iterations,
  poolAbove: 500_000,
});

/** Document characters + vector entries + links × 100 (PageRank iterations): above 50 000, the pool. */
export const hybridTask = defineTask(LIB, hybridSearch, {
  weight: (p) => characters(p.documents) + p.documents.reduce((sum, d) => sum + (d.vector?.length ?? 0) + 100 * (d.links?.length ?? 0), 0),
  poolAbove: 50_000,
});
