import { defineTool, z } from '@a2a-mcp/core';
import type { VectorRankingSettings } from '../settings.js';
import { assertDiversityWork } from './budgets.js';
import { docIdSchema, READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';
import { mmrTask } from './tasks.js';

/** `rerank_mmr`: Maximal Marginal Relevance with cosine similarity. */
export function createRerankMmr(settings: VectorRankingSettings) {
  const maxDims = settings.RANKING_MAX_DIMENSIONS;
  return defineTool({
    name: 'rerank_mmr',
    title: 'MMR re-ranking',
    description: `Maximal Marginal Relevance (work bound: min(top_k, documents) × documents × dimensions ≤ RANKING_MAX_DIVERSITY_WORK=${settings.RANKING_MAX_DIVERSITY_WORK}): repeatedly picks argmax λ·cos(d, q) − (1 − λ)·max cos(d, s) over already-picked s. λ = 1 is pure relevance, λ = 0 pure diversity. Returns each pick with its relevance and redundancy.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      query_vector: vectorSchema(maxDims).describe('The query vector'),
      documents: z
        .array(
          z.object({
            docId: docIdSchema.describe('Document id'),
            vector: vectorSchema(maxDims).describe('Document vector, same length as the query'),
          }),
        )
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .describe('Candidates to re-rank'),
      lambda: z.number().min(0).max(1).default(0.5).describe('Relevance / diversity trade-off λ in [0, 1] (default 0.5)'),
      top_k: z.number().int().min(1).max(settings.RANKING_MAX_DOCUMENTS).default(10).describe('How many picks (default 10)'),
    }),
    output: z.object({
      lambda: z.number(),
      results: z.array(
        z.object({
          docId: z.string(),
          index: z.number().int(),
          rank: z.number().int(),
          mmr_score: z.number(),
          relevance: z.number().describe('cos(d, q)'),
          redundancy: z.number().describe('max cos(d, s) over earlier picks; 0 for the first'),
        }),
      ),
    }),
    render: (out) => `MMR (λ=${out.lambda}): ${out.results.map((r) => r.docId).join(', ')}`,
    handler: (input, ctx) => {
      assertDiversityWork(
        settings,
        'MMR work',
        Math.min(input.top_k, input.documents.length),
        input.documents.length,
        input.query_vector.length,
      );
      return ctx.compute(mmrTask, input);
    },
  });
}
