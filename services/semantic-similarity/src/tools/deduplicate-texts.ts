import { defineTool, z } from '@a2a-mcp/core';
import { prepareTexts } from '../lib/similarity.js';
import { assertPairWork, methodSchema, readAnnotations, removeStopWordsSchema, round, textsSchema, type ToolDeps } from './schemas.js';
import { deduplicateTask } from './tasks.js';

/** Texts with the same key are duplicates whatever the method says: same tokens, case and punctuation aside. */
export function createDeduplicateTexts({ settings, provider }: ToolDeps) {
  return defineTool({
    name: 'deduplicate_texts',
    title: 'Deduplicate texts',
    description:
      'Groups near-duplicates greedily in input order: the first unassigned text keeps its place and takes every later unassigned text whose similarity to it is ≥ threshold (or whose tokens are identical). Returns the groups, the indices kept and the count removed.',
    permission: 'read',
    annotations: readAnnotations('Deduplicate texts', provider.kind !== 'builtin'),
    input: z.object({
      texts: textsSchema(settings, 1).describe('The texts to deduplicate'),
      threshold: z
        .number()
        .min(0)
        .max(1)
        .default(0.9)
        .describe("Similarity at or above which a text is a duplicate of its group's first text. Default 0.9."),
      method: methodSchema,
      remove_stop_words: removeStopWordsSchema,
    }),
    output: z.object({
      method: z.string(),
      threshold: z.number(),
      groups: z
        .array(
          z.object({
            kept_index: z.number().int(),
            duplicate_indices: z.array(z.number().int()),
            similarities: z.array(z.number()).describe('Similarity of each duplicate to the kept text'),
          }),
        )
        .describe('Groups that have at least one duplicate'),
      kept_indices: z.array(z.number().int()),
      removed_indices: z.array(z.number().int()),
      removed_count: z.number().int(),
      unique_count: z.number().int(),
    }),
    handler: async ({ texts, threshold, method, remove_stop_words }, ctx) => {
      const prepared = await prepareTexts(texts, {
        method,
        removeStopWords: remove_stop_words,
        provider,
        signal: ctx.signal,
        breakers: ctx.breakers,
      });
      assertPairWork(settings, prepared);
      return ctx.compute(deduplicateTask, { texts, prepared, method, threshold });
    },
    render: ({ removed_count, unique_count, threshold }) =>
      `${unique_count} kept, ${removed_count} removed at threshold ${round(threshold)}`,
  });
}
