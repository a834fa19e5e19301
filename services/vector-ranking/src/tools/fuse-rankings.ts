import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { FUSION_METHODS, fuseRankings, RRF_K } from '../lib/fusion.js';
import { TopK } from '@a2a-mcp/core/vectors';
import type { VectorRankingSettings } from '../settings.js';
import { assertFusionOutput } from './budgets.js';
import { docIdSchema, READ_ONLY_ANNOTATIONS } from './schemas.js';

/** `fuse_rankings`: reciprocal rank fusion, CombSUM or CombMNZ. */
export function createFuseRankings(settings: VectorRankingSettings) {
  return defineTool({
    name: 'fuse_rankings',
    title: 'Fuse rankings',
    description:
      'Merges ranked lists into one. rrf: Σ w/(k + rank), ranks from 1, k = 60. combsum: Σ w·s′ where s′ is the score min-max normalised within its list ((s − min)/(max − min); 1 when all equal). combmnz: combsum × number of lists containing the document. Ties keep first-seen order.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      rankings: z
        .array(
          z.object({
            name: z.string().max(100).optional().describe('Label echoed in contributions'),
            items: z
              .array(
                z.object({
                  docId: docIdSchema.describe('Document id'),
                  score: z.number().optional().describe('Score in this list (required for combsum / combmnz)'),
                }),
              )
              .max(settings.RANKING_MAX_DOCUMENTS)
              .describe('The list, best first'),
          }),
        )
        .min(1)
        .max(settings.RANKING_MAX_LISTS)
        .describe('Ranked lists to fuse'),
      method: z.enum(FUSION_METHODS).default('rrf').describe('rrf (default), combsum or combmnz'),
      k: z.number().min(0).default(RRF_K).describe('RRF constant k (default 60)'),
      weights: z.array(z.number().min(0)).optional().describe('One non-negative weight per list (default all 1)'),
      top_k: z
        .number()
        .int()
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS * 10)
        .default(10)
        .describe('How many fused results to return (default 10)'),
    }),
    output: z.object({
      method: z.string(),
      k: z.number().nullable().describe('The RRF constant; null for combsum / combmnz'),
      documents: z.number().int().describe('Distinct documents across all lists'),
      results: z.array(
        z.object({
          docId: z.string(),
          rank: z.number().int(),
          score: z.number(),
          lists: z.number().int().describe('How many lists contain the document'),
          contributions: z.array(
            z.object({
              list: z.number().int(),
              name: z.string().optional(),
              rank: z.number().int(),
              score: z.number().optional(),
              contribution: z.number(),
            }),
          ),
        }),
      ),
    }),
    render: (out) => `${out.method}: ${out.results.map((r) => r.docId).join(', ')}`,
    handler: ({ rankings, method, k, weights, top_k }, ctx) => {
      if (weights !== undefined && weights.length !== rankings.length) {
        throw new ServiceError('invalid_arguments', `weights has ${weights.length} entries, rankings has ${rankings.length}`, {
          data: { field: 'weights' },
        });
      }
      ctx.signal.throwIfAborted();
      const fused = fuseRankings(
        rankings.map((r) => r.items),
        { method, k, ...(weights ? { weights } : {}) },
      );
      assertFusionOutput(settings, Math.min(top_k, fused.length), rankings.length);
      const top = new TopK(top_k);
      fused.forEach((doc, i) => top.push(doc.score, i));
      return {
        method,
        k: method === 'rrf' ? k : null,
        documents: fused.length,
        results: top.drain().map(({ index }, r) => {
          const doc = fused[index]!;
          return {
            docId: doc.docId,
            rank: r + 1,
            score: doc.score,
            lists: doc.lists,
            contributions: doc.contributions.map((c) => ({
              ...c,
              ...(rankings[c.list]!.name !== undefined ? { name: rankings[c.list]!.name } : {}),
            })),
          };
        }),
      };
    },
  });
}
