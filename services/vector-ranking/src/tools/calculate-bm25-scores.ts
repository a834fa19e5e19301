import { defineTool, z } from '@a2a-mcp/core';
import { BM25_DEFAULTS } from '../lib/bm25.js';
import { tokenize } from '../lib/tokenize.js';
import type { VectorRankingSettings } from '../settings.js';
import { assertTermDetails, bm25WorkCheck } from './budgets.js';
import { assertUniqueDocIds, docIdSchema, READ_ONLY_ANNOTATIONS } from './schemas.js';
import { bm25Task } from './tasks.js';

/** `calculate_bm25_scores`: Okapi BM25 with the Lucene (+1) IDF. */
export function createCalculateBm25Scores(settings: VectorRankingSettings) {
  const maxText = settings.RANKING_MAX_TEXT_LENGTH;
  const assertWork = bm25WorkCheck(settings);
  return defineTool({
    name: 'calculate_bm25_scores',
    title: 'BM25 scores',
    description: `Okapi BM25 scores of documents for a query (work bound: distinct query terms × documents ≤ RANKING_MAX_BM25_WORK=${settings.RANKING_MAX_BM25_WORK}): IDF = ln((N − n + 0.5)/(n + 0.5) + 1) (Lucene, never negative), term weight tf·(k1+1)/(tf + k1·(1 − b + b·|D|/avgdl)), k1 = 1.2, b = 0.75. Tokens: lower-cased runs of letters and digits, no stop words, no stemming. normalized_score = score / best score.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      query: z.string().min(1).max(maxText).describe('The query text'),
      documents: z
        .array(
          z.object({
            docId: docIdSchema.describe('Document id, echoed in results'),
            content: z.string().max(maxText).describe('Document text'),
          }),
        )
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .describe('The corpus: N = its length, avgdl = its mean length in tokens'),
      k1: z.number().min(0).max(100).default(BM25_DEFAULTS.k1).describe('Term-frequency saturation (default 1.2)'),
      b: z.number().min(0).max(1).default(BM25_DEFAULTS.b).describe('Length normalisation, 0..1 (default 0.75)'),
      top_k: z
        .number()
        .int()
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .default(10)
        .describe('How many results to return, best first (default 10)'),
      include_term_details: z
        .boolean()
        .default(false)
        .describe(
          `Add each query term's contribution to every result (at most RANKING_MAX_TERM_DETAILS=${settings.RANKING_MAX_TERM_DETAILS} values: results × distinct query terms)`,
        ),
    }),
    output: z.object({
      results: z.array(
        z.object({
          docId: z.string(),
          index: z.number().int(),
          rank: z.number().int(),
          score: z.number(),
          normalized_score: z.number(),
          term_scores: z.record(z.string(), z.number()).optional(),
        }),
      ),
      query_terms: z.array(
        z.object({ term: z.string(), query_frequency: z.number().int(), document_frequency: z.number().int(), idf: z.number() }),
      ),
      corpus: z.object({ document_count: z.number().int(), average_document_length: z.number(), matching_documents: z.number().int() }),
      parameters: z.object({ k1: z.number(), b: z.number() }),
    }),
    render: (out) => `${out.results.length} results; ${out.corpus.matching_documents} of ${out.corpus.document_count} documents match`,
    handler: (input, ctx) => {
      assertUniqueDocIds(input.documents);
      // Checked here, before the hop: distinct query terms are cheap to count on the event loop.
      const terms = new Set(tokenize(input.query)).size;
      assertWork(terms, input.documents.length);
      if (input.include_term_details) assertTermDetails(settings, Math.min(input.top_k, input.documents.length), terms);
      return ctx.compute(bm25Task, input);
    },
  });
}
