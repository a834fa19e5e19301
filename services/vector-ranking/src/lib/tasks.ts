/**
 * The ranking tools' heavy work as compute tasks (core's `defineTask`): pure functions of the
 * validated input, loaded by worker threads on their own, so nothing here (or below) imports the
 * `@a2a-mcp/core` package root. Which inputs go to the pool: src/tools/tasks.ts.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { TopK } from '@a2a-mcp/core/vectors';
import { bm25, BM25_DEFAULTS } from './bm25.js';
import { hybridRank, type HybridDocument, type HybridOptions } from './hybrid.js';
import { maximalMarginalRelevance } from './mmr.js';
import { pageRank, PAGERANK_DEFAULTS } from './pagerank.js';
import { toVector } from './vectors.js';

export interface Bm25Payload {
  query: string;
  documents: { docId: string; content: string }[];
  k1: number;
  b: number;
  top_k: number;
  include_term_details: boolean;
}

function termScoresOf(terms: readonly { term: string }[], parts: Float64Array): Record<string, number> {
  return Object.fromEntries(terms.map((t, j) => [t.term, parts[j]!]));
}

/** `calculate_bm25_scores`: scores, top-k, optional per-term contributions (computed for the returned results only). */
export function bm25Scores({ query, documents, k1, b, top_k, include_term_details }: Bm25Payload, signal?: AbortSignal) {
  const result = bm25(
    query,
    documents.map((d) => d.content),
    { k1, b, ...(signal ? { signal } : {}) },
  );
  const top = new TopK(top_k);
  let best = 0;
  let matching = 0;
  result.scores.forEach((score, i) => {
    top.push(score, i);
    if (score > best) best = score;
    if (score > 0) matching++;
  });
  return {
    results: top.drain().map(({ score, index }, r) => ({
      docId: documents[index]!.docId,
      index,
      rank: r + 1,
      score,
      normalized_score: best > 0 ? score / best : 0,
      ...(include_term_details ? { term_scores: termScoresOf(result.terms, result.termScores(index)) } : {}),
    })),
    query_terms: result.terms,
    corpus: { document_count: result.documentCount, average_document_length: result.averageDocumentLength, matching_documents: matching },
    parameters: { k1, b },
  };
}

export interface MmrPayload {
  query_vector: number[];
  documents: { docId: string; vector: number[] }[];
  lambda: number;
  top_k: number;
}

/** `rerank_mmr`: greedy maximal marginal relevance. */
export function mmrRerank({ query_vector, documents, lambda, top_k }: MmrPayload, signal?: AbortSignal) {
  const query = toVector(query_vector, 'query_vector');
  const vectors = documents.map((d, i) => toVector(d.vector, `documents[${i}].vector`, { dimensions: query.length, of: 'the query' }));
  const picks = maximalMarginalRelevance(query, vectors, lambda, top_k, signal);
  return {
    lambda,
    results: picks.map((p, r) => ({
      docId: documents[p.index]!.docId,
      index: p.index,
      rank: r + 1,
      mmr_score: p.mmr,
      relevance: p.relevance,
      redundancy: p.redundancy,
    })),
  };
}

/** How many ignored links `calculate_pagerank_scores` lists individually (all are counted). */
export const MAX_LISTED_IGNORED = 100;

export interface PagerankPayload {
  documents: { docId: string; links: string[] }[];
  damping: number;
  max_iterations: number;
  tolerance: number;
  top_k: number;
}

/** `calculate_pagerank_scores`: power iteration. */
export function pagerankScores({ documents, damping, max_iterations, tolerance, top_k }: PagerankPayload, signal?: AbortSignal) {
  const result = pageRank(
    documents.map((d) => ({ id: d.docId, links: d.links })),
    { damping, maxIterations: max_iterations, tolerance, ...(signal ? { signal } : {}) },
  );
  const top = new TopK(top_k);
  result.scores.forEach((score, i) => top.push(score, i));
  return {
    scores: Array.from(result.scores),
    ranking: top.drain().map(({ score, index }, r) => ({ docId: documents[index]!.docId, index, rank: r + 1, score })),
    iterations: result.iterations,
    converged: result.converged,
    delta: result.delta,
    dangling_nodes: result.danglingNodes,
    edges: result.edges,
    ignored_links_count: result.ignoredLinks.length,
    ignored_links: result.ignoredLinks.slice(0, MAX_LISTED_IGNORED),
    parameters: { damping, max_iterations, tolerance },
  };
}

function parseTime(value: string | number, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new ServiceError('invalid_arguments', `${field} is not an ISO 8601 date-time or epoch milliseconds`, { data: { field } });
  return ms;
}

export interface HybridPayload {
  query: string;
  documents: {
    docId: string;
    content: string;
    vector?: number[] | undefined;
    links?: string[] | undefined;
    timestamp?: string | number | undefined;
    categories?: string[] | undefined;
  }[];
  query_vector?: number[] | undefined;
  weights: HybridOptions['weights'];
  context: {
    preferred_categories: string[];
    recency_weight: number;
    recency_half_life_days: number;
    reference_time?: string | number | undefined;
    diversity_threshold: number;
  };
  top_k: number;
  apply_diversity: boolean;
}

/** `hybrid_ranking_search`: vector + BM25 + PageRank + context. */
export function hybridSearch(
  { query, documents, query_vector, weights, context, top_k, apply_diversity }: HybridPayload,
  signal?: AbortSignal,
) {
  const queryVector = query_vector ? toVector(query_vector, 'query_vector') : undefined;
  let dimensions = queryVector?.length;
  let dimensionsOf = 'the query';
  const docs: HybridDocument[] = documents.map((d, i) => {
    let vector: Float64Array | undefined;
    if (d.vector) {
      vector = toVector(d.vector, `documents[${i}].vector`, dimensions === undefined ? undefined : { dimensions, of: dimensionsOf });
      if (dimensions === undefined) {
        dimensions = vector.length;
        dimensionsOf = `documents[${i}].vector`;
      }
    }
    return {
      docId: d.docId,
      content: d.content,
      vector,
      links: d.links,
      categories: d.categories,
      timestamp: d.timestamp === undefined ? undefined : parseTime(d.timestamp, `documents[${i}].timestamp`),
    };
  });
  const ranked = hybridRank(docs, {
    query,
    queryVector,
    weights,
    preferredCategories: context.preferred_categories,
    recencyWeight: context.recency_weight,
    recencyHalfLifeDays: context.recency_half_life_days,
    referenceTime: context.reference_time === undefined ? undefined : parseTime(context.reference_time, 'context.reference_time'),
    diversityThreshold: context.diversity_threshold,
    applyDiversity: apply_diversity,
    topK: top_k,
    bm25: { k1: BM25_DEFAULTS.k1, b: BM25_DEFAULTS.b },
    damping: PAGERANK_DEFAULTS.damping,
    ...(signal ? { signal } : {}),
  });
  return {
    results: ranked.results.map((r, rank) => ({
      docId: documents[r.index]!.docId,
      index: r.index,
      rank: rank + 1,
      hybridScore: r.hybridScore,
      components: r.components,
    })),
    components_present: ranked.present,
    weights_used: ranked.effectiveWeights,
    documents_considered: documents.length,
    skipped_for_diversity: ranked.skippedForDiversity,
  };
}
