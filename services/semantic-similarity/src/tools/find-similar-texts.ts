import { defineTool, z } from '@a2a-mcp/core';
import { compareTexts, prepareTexts } from '../lib/similarity.js';
import { TopK } from '@a2a-mcp/core/vectors';
import { methodSchema, readAnnotations, removeStopWordsSchema, round, textSchema, textsSchema, type ToolDeps } from './schemas.js';

export function createFindSimilarTexts({ settings, provider }: ToolDeps) {
  return defineTool({
    name: 'find_similar_texts',
    title: 'Find similar texts',
    description:
      'Ranks candidate texts by similarity to a query: the top_k candidates with similarity ≥ threshold, best first (ties keep input order), each with its 0-based index.',
    permission: 'read',
    annotations: readAnnotations('Find similar texts', provider.kind !== 'builtin'),
    input: z.object({
      query: textSchema(settings).describe('The query text'),
      candidates: textsSchema(settings, 1).describe('Candidate texts, addressed in the result by their 0-based index'),
      top_k: z.number().int().min(1).max(settings.SEMSIM_MAX_TEXTS).default(10).describe('How many matches to return at most. Default 10.'),
      threshold: z.number().min(-1).max(1).default(0).describe('Keep matches with similarity ≥ threshold. Default 0.'),
      method: methodSchema,
      remove_stop_words: removeStopWordsSchema,
    }),
    output: z.object({
      method: z.string(),
      matches: z.array(z.object({ index: z.number().int(), text: z.string(), similarity: z.number() })),
      candidates_considered: z.number().int(),
      matches_above_threshold: z.number().int().describe('Candidates at or above the threshold, before top_k'),
    }),
    handler: async ({ query, candidates, top_k, threshold, method, remove_stop_words }, ctx) => {
      const [q, ...prepared] = await prepareTexts([query, ...candidates], {
        method,
        removeStopWords: remove_stop_words,
        provider,
        signal: ctx.signal,
        breakers: ctx.breakers,
      });
      const top = new TopK(top_k);
      let above = 0;
      prepared.forEach((candidate, index) => {
        const { similarity } = compareTexts(q!, candidate, method);
        if (similarity < threshold) return;
        above++;
        top.push(similarity, index);
      });
      return {
        method,
        matches: top.drain().map(({ index, score }) => ({ index, text: candidates[index]!, similarity: score })),
        candidates_considered: candidates.length,
        matches_above_threshold: above,
      };
    },
    render: ({ matches }) => (matches.length === 0 ? 'No match' : matches.map((m) => `#${m.index} ${round(m.similarity)}`).join(', ')),
  });
}
