import { defineTool, z } from '@a2a-mcp/core';
import { PAGERANK_DEFAULTS } from '../lib/pagerank.js';
import { MAX_LISTED_IGNORED } from '../lib/tasks.js';
import type { VectorRankingSettings } from '../settings.js';
import { assertPageRankWork } from './budgets.js';
import { assertUniqueDocIds, docIdSchema, READ_ONLY_ANNOTATIONS } from './schemas.js';
import { pagerankTask } from './tasks.js';

/** `calculate_pagerank_scores`: power-iteration PageRank with uniform dangling-node mass. */
export function createCalculatePagerankScores(settings: VectorRankingSettings) {
  return defineTool({
    name: 'calculate_pagerank_scores',
    title: 'PageRank scores',
    description: `PageRank of documents linked by docId (work bound: (documents + links) × max_iterations ≤ RANKING_MAX_PAGERANK_WORK=${settings.RANKING_MAX_PAGERANK_WORK}): r = (1 − d)/N + d·(Σ r(i)/out(i) over in-links + dangling mass/N), power iteration until the L1 change < tolerance. Scores sum to 1; dangling nodes spread their mass uniformly; duplicate links count once; links to unknown ids are ignored and reported.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      documents: z
        .array(
          z.object({
            docId: docIdSchema.describe('Document id'),
            links: z.array(z.string().max(256)).max(settings.RANKING_MAX_LINKS).default([]).describe('docIds this document links to'),
          }),
        )
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .describe('The graph: one node per document'),
      damping: z.number().min(0).max(1).default(PAGERANK_DEFAULTS.damping).describe('Damping factor d (default 0.85)'),
      max_iterations: z
        .number()
        .int()
        .min(1)
        .max(settings.RANKING_MAX_PAGERANK_ITERATIONS)
        .default(PAGERANK_DEFAULTS.maxIterations)
        .describe('Most power iterations (default 100)'),
      tolerance: z
        .number()
        .min(1e-15)
        .default(PAGERANK_DEFAULTS.tolerance)
        .describe(
          'Stop when the L1 change between iterations is below this (default 1e-6; at least 1e-15, below which rounding noise of doubles can keep it from ever being reached)',
        ),
      top_k: z
        .number()
        .int()
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .default(10)
        .describe('How many documents to list in `ranking` (default 10)'),
    }),
    output: z.object({
      scores: z.array(z.number()).describe('PageRank of each document, by input index; sums to 1'),
      ranking: z.array(z.object({ docId: z.string(), index: z.number().int(), rank: z.number().int(), score: z.number() })),
      iterations: z.number().int(),
      converged: z.boolean(),
      delta: z.number().describe('L1 change in the last iteration'),
      dangling_nodes: z.number().int(),
      edges: z.number().int().describe('Distinct links between known documents'),
      ignored_links_count: z.number().int(),
      ignored_links: z
        .array(z.object({ from: z.string(), to: z.string() }))
        .describe(`The first ${MAX_LISTED_IGNORED} links to unknown ids`),
      parameters: z.object({ damping: z.number(), max_iterations: z.number().int(), tolerance: z.number() }),
    }),
    render: (out) =>
      `${out.scores.length} documents, ${out.iterations} iterations${out.converged ? '' : ' (not converged)'}; ${out.ignored_links_count} links ignored`,
    handler: (input, ctx) => {
      assertUniqueDocIds(input.documents);
      assertPageRankWork(settings, input.documents, input.max_iterations);
      return ctx.compute(pagerankTask, input);
    },
  });
}
