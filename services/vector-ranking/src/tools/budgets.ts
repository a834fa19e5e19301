/**
 * The work and output budgets of the vector-ranking tools (README "Work budgets"). Each is a
 * product checked before the work starts, with core's assertWorkBudget message:
 * `BM25 work is 12 000 query terms × 10 000 documents = 120 000 000; the limit is
 * RANKING_MAX_BM25_WORK=10 000 000: send fewer query terms or documents`.
 */
import { assertWorkBudget } from '@a2a-mcp/core';
import type { VectorRankingSettings } from '../settings.js';

/** The `assertWork` hook for lib/bm25.ts: distinct query terms × documents. */
export function bm25WorkCheck(settings: VectorRankingSettings): (terms: number, documents: number) => void {
  return (terms, documents) =>
    assertWorkBudget({
      what: 'BM25 work',
      factors: [
        { label: 'query terms', value: terms },
        { label: 'documents', value: documents },
      ],
      limit: settings.RANKING_MAX_BM25_WORK,
      bound: 'RANKING_MAX_BM25_WORK',
      hint: 'send fewer query terms or documents',
      field: 'query',
    });
}

/** Term details: results × distinct query terms values in the answer. */
export function assertTermDetails(settings: VectorRankingSettings, results: number, terms: number): void {
  assertWorkBudget({
    what: 'The term-details answer',
    factors: [
      { label: 'results', value: results },
      { label: 'query terms', value: terms },
    ],
    limit: settings.RANKING_MAX_TERM_DETAILS,
    bound: 'RANKING_MAX_TERM_DETAILS',
    hint: 'lower top_k, send fewer query terms, or leave include_term_details off',
    field: 'include_term_details',
  });
}

/** PageRank: (documents + links) × iterations, the edges and nodes every power iteration visits. */
export function assertPageRankWork(
  settings: VectorRankingSettings,
  documents: readonly { links?: readonly string[] | undefined }[],
  iterations: number,
  hint = 'send fewer documents or links, or lower max_iterations',
): void {
  let links = 0;
  for (const d of documents) links += d.links?.length ?? 0;
  assertWorkBudget({
    what: 'PageRank work',
    factors: [
      { label: 'documents and links', value: documents.length + links },
      { label: 'iterations', value: iterations },
    ],
    limit: settings.RANKING_MAX_PAGERANK_WORK,
    bound: 'RANKING_MAX_PAGERANK_WORK',
    hint,
    field: 'documents',
  });
}

/** MMR and hybrid diversity: picks × documents × dimensions of cosine work. */
export function assertDiversityWork(
  settings: VectorRankingSettings,
  what: string,
  picks: number,
  documents: number,
  dimensions: number,
): void {
  assertWorkBudget({
    what,
    factors: [
      { label: 'picks', value: picks },
      { label: 'documents', value: documents },
      { label: 'dimensions', value: dimensions },
    ],
    limit: settings.RANKING_MAX_DIVERSITY_WORK,
    bound: 'RANKING_MAX_DIVERSITY_WORK',
    hint: 'lower top_k, or send fewer documents or shorter vectors',
    field: 'top_k',
  });
}

/** fuse_rankings: results × lists contributions in the answer. */
export function assertFusionOutput(settings: VectorRankingSettings, results: number, lists: number): void {
  assertWorkBudget({
    what: 'The fused answer',
    factors: [
      { label: 'results', value: results },
      { label: 'lists', value: lists },
    ],
    limit: settings.RANKING_MAX_FUSION_OUTPUT,
    bound: 'RANKING_MAX_FUSION_OUTPUT',
    hint: 'lower top_k or send fewer lists',
    field: 'top_k',
  });
}
