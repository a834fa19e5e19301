import { defineTool, z } from '@a2a-mcp/core';
import { HYBRID_DEFAULTS } from '../lib/hybrid.js';
import { PAGERANK_DEFAULTS } from '../lib/pagerank.js';
import { tokenize } from '../lib/tokenize.js';
import type { VectorRankingSettings } from '../settings.js';
import { assertDiversityWork, assertPageRankWork, bm25WorkCheck } from './budgets.js';
import { assertUniqueDocIds, docIdSchema, READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';
import { hybridTask } from './tasks.js';

/**
 * A time as text: ISO 8601, or epoch milliseconds written as digits. One string type rather than
 * string-or-number, which function-calling schemas cannot express portably (README, "Input forms").
 */
const timestampSchema = z
  .string()
  .max(100)
  .transform((text): string | number => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text));

const weight = (name: string, fallback: number) =>
  z.number().min(0).default(fallback).describe(`Weight of the ${name} component (default ${fallback})`);
const componentScore = z.number().nullable();

/** `hybrid_ranking_search`: vector + BM25 + PageRank + context, re-weighted over present components. */
export function createHybridRankingSearch(settings: VectorRankingSettings) {
  const maxDims = settings.RANKING_MAX_DIMENSIONS;
  const maxText = settings.RANKING_MAX_TEXT_LENGTH;
  const { weights: w } = HYBRID_DEFAULTS;
  return defineTool({
    name: 'hybrid_ranking_search',
    title: 'Hybrid ranking search',
    description:
      "Ranks documents by a weighted sum of four [0, 1] components: vector = max(0, cos(doc, query vector)), bm25 = BM25 / best, pagerank = PageRank over the docs' links / best, context = preferred-category match and recency. Default weights 0.4 / 0.3 / 0.2 / 0.1; components without input (no query vector or no doc vectors, no links, no context) are left out and the others re-weighted to sum to 1. With apply_diversity, a result whose cosine to an already-picked one exceeds the diversity threshold (0.7) is skipped.",
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      query: z.string().min(1).max(maxText).describe('The query text (for BM25)'),
      documents: z
        .array(
          z.object({
            docId: docIdSchema.describe('Document id'),
            content: z.string().max(maxText).describe('Document text (for BM25)'),
            vector: vectorSchema(maxDims).optional().describe('Document embedding, same length as query_vector'),
            links: z
              .array(z.string().max(256))
              .max(settings.RANKING_MAX_LINKS)
              .optional()
              .describe('docIds this document links to (for PageRank)'),
            timestamp: timestampSchema
              .optional()
              .describe('ISO 8601 date-time ("2025-11-02T10:00:00Z") or epoch milliseconds as digits ("1762077600000"), for recency'),
            categories: z
              .array(z.string().max(200))
              .max(100)
              .optional()
              .describe('Categories (matched against preferred_categories, case-insensitive)'),
          }),
        )
        .min(1)
        .max(settings.RANKING_MAX_DOCUMENTS)
        .describe('Candidate documents'),
      query_vector: vectorSchema(maxDims).optional().describe('Query embedding; without it the vector component is left out'),
      weights: z
        .object({
          vector: weight('vector', w.vector),
          bm25: weight('bm25', w.bm25),
          pagerank: weight('pagerank', w.pagerank),
          context: weight('context', w.context),
        })
        .default({ vector: w.vector, bm25: w.bm25, pagerank: w.pagerank, context: w.context })
        .describe('Component weights; re-normalised over the present components'),
      context: z
        .object({
          preferred_categories: z
            .array(z.string().max(200))
            .max(100)
            .default([])
            .describe('Documents with any of these categories get category score 1'),
          recency_weight: z
            .number()
            .min(0)
            .max(1)
            .default(HYBRID_DEFAULTS.recencyWeight)
            .describe('Share of recency within the context component, 0..1 (default 0: no recency)'),
          recency_half_life_days: z
            .number()
            .min(1e-6)
            .default(HYBRID_DEFAULTS.recencyHalfLifeDays)
            .describe('Age at which recency halves (default 30 days; at least 1e-6 days, about 0.09 s)'),
          reference_time: timestampSchema
            .optional()
            .describe('"Now" for recency, written like timestamp; default the newest document timestamp'),
          diversity_threshold: z
            .number()
            .min(-1)
            .max(1)
            .default(HYBRID_DEFAULTS.diversityThreshold)
            .describe('Cosine above which a result counts as a near-duplicate (default 0.7)'),
        })
        .default({
          preferred_categories: [],
          recency_weight: HYBRID_DEFAULTS.recencyWeight,
          recency_half_life_days: HYBRID_DEFAULTS.recencyHalfLifeDays,
          diversity_threshold: HYBRID_DEFAULTS.diversityThreshold,
        })
        .describe('Context preferences'),
      top_k: z.number().int().min(1).max(settings.RANKING_MAX_DOCUMENTS).default(10).describe('How many results (default 10)'),
      apply_diversity: z.boolean().default(false).describe('Skip results too similar (cosine > diversity_threshold) to one already picked'),
    }),
    output: z.object({
      results: z.array(
        z.object({
          docId: z.string(),
          index: z.number().int(),
          rank: z.number().int(),
          hybridScore: z.number(),
          components: z
            .object({ vector: componentScore, bm25: componentScore, pagerank: componentScore, context: componentScore })
            .describe('Each component in [0, 1]; null when left out'),
        }),
      ),
      components_present: z.array(z.string()),
      weights_used: z
        .object({ vector: z.number(), bm25: z.number(), pagerank: z.number(), context: z.number() })
        .describe('Effective weights after re-weighting (0 for left-out components)'),
      documents_considered: z.number().int(),
      skipped_for_diversity: z.number().int(),
    }),
    render: (out) => `${out.results.length} results (${out.components_present.join(' + ')}): ${out.results.map((r) => r.docId).join(', ')}`,
    handler: (input, ctx) => {
      const { documents, query, top_k, apply_diversity } = input;
      assertUniqueDocIds(documents);
      if (documents.some((d) => d.links && d.links.length > 0))
        assertPageRankWork(
          settings,
          documents,
          PAGERANK_DEFAULTS.maxIterations,
          'send fewer documents or links (the pagerank component runs 100 iterations)',
        );
      bm25WorkCheck(settings)(new Set(tokenize(query)).size, documents.length);
      // The diversity walk compares each candidate with every pick so far: at worst every document
      // against top_k picks.
      const dimensions = input.query_vector?.length ?? documents.find((d) => d.vector)?.vector?.length;
      if (apply_diversity && dimensions !== undefined)
        assertDiversityWork(settings, 'Diversity work', Math.min(top_k, documents.length), documents.length, dimensions);
      return ctx.compute(hybridTask, input);
    },
  });
}
