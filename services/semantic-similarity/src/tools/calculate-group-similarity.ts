import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { pairwiseSimilarities, prepareTexts } from '../lib/similarity.js';
import { assertPairWork, methodSchema, readAnnotations, removeStopWordsSchema, round, textsSchema, type ToolDeps } from './schemas.js';

const pairSchema = z.object({ i: z.number().int(), j: z.number().int(), similarity: z.number() });

export function createCalculateGroupSimilarity({ settings, provider }: ToolDeps) {
  const maxMatrix = settings.SEMSIM_MAX_MATRIX_TEXTS;
  return defineTool({
    name: 'calculate_group_similarity',
    title: 'Group similarity',
    description: `How alike a group of texts is: mean, min, max and population standard deviation of the similarity over all n(n-1)/2 pairs, the most and least similar pairs, and optionally the n×n matrix (diagonal 1; at most ${maxMatrix} texts).`,
    permission: 'read',
    annotations: readAnnotations('Group similarity', provider.kind !== 'builtin'),
    input: z.object({
      texts: textsSchema(settings, 2).describe('The texts of the group (at least 2)'),
      method: methodSchema,
      return_matrix: z
        .boolean()
        .default(false)
        .describe(`Also return the full similarity matrix (at most ${maxMatrix} texts, SEMSIM_MAX_MATRIX_TEXTS). Default false.`),
      remove_stop_words: removeStopWordsSchema,
    }),
    output: z.object({
      method: z.string(),
      text_count: z.number().int(),
      pair_count: z.number().int(),
      mean: z.number(),
      min: z.number(),
      max: z.number(),
      std: z.number().describe('Population standard deviation of the pairwise similarities'),
      most_similar_pair: pairSchema,
      least_similar_pair: pairSchema,
      matrix: z.array(z.array(z.number())).optional(),
    }),
    handler: async ({ texts, method, return_matrix, remove_stop_words }, ctx) => {
      if (return_matrix && texts.length > maxMatrix) {
        throw new ServiceError(
          'invalid_arguments',
          `return_matrix is limited to ${maxMatrix} texts (SEMSIM_MAX_MATRIX_TEXTS); got ${texts.length}`,
          { data: { field: 'return_matrix', limit: maxMatrix } },
        );
      }
      const prepared = await prepareTexts(texts, {
        method,
        removeStopWords: remove_stop_words,
        provider,
        signal: ctx.signal,
        breakers: ctx.breakers,
      });
      assertPairWork(settings, prepared);
      const matrix = pairwiseSimilarities(prepared, method, ctx.signal);
      let sum = 0;
      let count = 0;
      let most = { i: 0, j: 1, similarity: matrix[0]![1]! };
      let least = { ...most };
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const similarity = matrix[i]![j]!;
          sum += similarity;
          count++;
          if (similarity > most.similarity) most = { i, j, similarity };
          if (similarity < least.similarity) least = { i, j, similarity };
        }
      }
      const mean = sum / count;
      let squares = 0;
      for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) squares += (matrix[i]![j]! - mean) ** 2;
      return {
        method,
        text_count: texts.length,
        pair_count: count,
        mean,
        min: least.similarity,
        max: most.similarity,
        std: Math.sqrt(squares / count),
        most_similar_pair: most,
        least_similar_pair: least,
        ...(return_matrix ? { matrix } : {}),
      };
    },
    render: ({ mean, min, max, std, pair_count }) =>
      `${pair_count} pairs: mean ${round(mean)}, min ${round(min)}, max ${round(max)}, std ${round(std)}`,
  });
}
