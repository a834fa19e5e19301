import { defineTool, z } from '@a2a-mcp/core';
import { compareTexts, prepareTexts } from '../lib/similarity.js';
import { componentsSchema, methodSchema, readAnnotations, removeStopWordsSchema, round, textSchema, type ToolDeps } from './schemas.js';

/** Shared tokens reported as common concepts, at most. */
const MAX_COMMON = 50;

export function createCalculateTextSimilarity({ settings, provider }: ToolDeps) {
  return defineTool({
    name: 'calculate_text_similarity',
    title: 'Text similarity',
    description:
      'Similarity of two texts by jaccard, cosine, semantic or hybrid (default), optionally with every component, and the tokens they share.',
    permission: 'read',
    annotations: readAnnotations('Text similarity', provider.kind !== 'builtin'),
    input: z.object({
      text1: textSchema(settings).describe('The first text'),
      text2: textSchema(settings).describe('The second text'),
      method: methodSchema,
      return_components: z
        .boolean()
        .default(false)
        .describe('Also compute and return all three components (jaccard, cosine, semantic). Default false: only those the method uses.'),
      remove_stop_words: removeStopWordsSchema,
    }),
    output: z.object({
      similarity: z.number().describe('In [0, 1] for jaccard, cosine and hybrid; in [-1, 1] for semantic'),
      method: z.string(),
      components: componentsSchema.optional(),
      common_concepts: z
        .array(z.string())
        .describe(`Tokens present in both texts, in order of first occurrence in text1 (at most ${MAX_COMMON})`),
    }),
    handler: async ({ text1, text2, method, return_components, remove_stop_words }, ctx) => {
      const [a, b] = await prepareTexts([text1, text2], {
        method,
        removeStopWords: remove_stop_words,
        allComponents: return_components,
        provider,
        signal: ctx.signal,
        breakers: ctx.breakers,
      });
      const { similarity, components } = compareTexts(a!, b!, method);
      const common = [...a!.tokenSet].filter((token) => b!.tokenSet.has(token)).slice(0, MAX_COMMON);
      return { similarity, method, ...(return_components ? { components } : {}), common_concepts: common };
    },
    render: ({ similarity, method }) => `${method} similarity ${round(similarity)}`,
  });
}
