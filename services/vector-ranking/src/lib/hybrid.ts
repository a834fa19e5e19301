/**
 * Hybrid ranking: a weighted sum of four components, each in [0, 1].
 *
 * - vector   = max(0, cosine(document vector, query vector)); 0 for a document without a vector.
 * - bm25     = BM25(document, query) / max over documents (see bm25.ts).
 * - pagerank = PageRank(document) / max over documents, on the graph of `links` (see pagerank.ts).
 * - context  = (1 − r) · category + r · recency, where category = 1 when the document has one of the
 *              preferred categories (case-insensitive), recency = 0.5^(age / half-life) measured
 *              back from the reference time (default: the newest document), r = recency weight.
 *              With only one part available, context is that part.
 *
 * A component is present when its input is: a query vector and at least one document vector;
 * at least one query token; at least one link between documents; preferred categories or (recency
 * weight > 0 and timestamps). Missing components are re-weighted, not scored 0: the effective
 * weight of a present component is w_c / Σ_{present} w. With diversity on, a document whose cosine
 * to an already-picked one exceeds the threshold is skipped.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { bm25 } from './bm25.js';
import { pageRank } from './pagerank.js';
import { descendingOrder } from '@a2a-mcp/core/vectors';
import { tokenize } from './tokenize.js';
import { cosine, squaredNorm } from './vectors.js';

export const COMPONENTS = ['vector', 'bm25', 'pagerank', 'context'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Weights = Record<Component, number>;

export const HYBRID_DEFAULTS = {
  weights: { vector: 0.4, bm25: 0.3, pagerank: 0.2, context: 0.1 } satisfies Weights,
  diversityThreshold: 0.7,
  recencyHalfLifeDays: 30,
  recencyWeight: 0,
} as const;

export interface HybridDocument {
  docId: string;
  content: string;
  vector?: Float64Array | undefined;
  links?: readonly string[] | undefined;
  /** Milliseconds since the epoch. */
  timestamp?: number | undefined;
  categories?: readonly string[] | undefined;
}

export interface HybridOptions {
  query: string;
  queryVector?: Float64Array | undefined;
  weights: Weights;
  preferredCategories: readonly string[];
  recencyWeight: number;
  recencyHalfLifeDays: number;
  /** Milliseconds since the epoch; default the newest document timestamp. */
  referenceTime?: number | undefined;
  diversityThreshold: number;
  applyDiversity: boolean;
  topK: number;
  bm25?: { k1: number; b: number };
  damping?: number;
  signal?: AbortSignal;
  /** Refuses a BM25 component whose distinct query terms × documents is too large (lib/bm25.ts). */
  assertBm25Work?: (terms: number, documents: number) => void;
}

export interface HybridResult {
  results: { index: number; hybridScore: number; components: Record<Component, number | null> }[];
  present: Component[];
  effectiveWeights: Weights;
  skippedForDiversity: number;
}

const DAY_MS = 86_400_000;

function maxNormalize(values: Float64Array): Float64Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max > 0 ? values.map((v) => v / max) : values.fill(0);
}

/** Ranks `documents` for `options.query`. */
export function hybridRank(documents: readonly HybridDocument[], options: HybridOptions): HybridResult {
  const n = documents.length;
  const parts: Partial<Record<Component, Float64Array>> = {};
  const norms = documents.map((d) => (d.vector ? squaredNorm(d.vector) : 0));

  const { queryVector } = options;
  if (queryVector && documents.some((d) => d.vector)) {
    const qq = squaredNorm(queryVector);
    parts.vector = Float64Array.from(documents, (d, i) => (d.vector ? Math.max(0, cosine(d.vector, norms[i]!, queryVector, qq)) : 0));
  }
  if (tokenize(options.query).length > 0) {
    parts.bm25 = maxNormalize(
      bm25(
        options.query,
        documents.map((d) => d.content),
        {
          ...options.bm25,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.assertBm25Work ? { assertWork: options.assertBm25Work } : {}),
        },
      ).scores,
    );
  }
  if (documents.some((d) => d.links && d.links.length > 0)) {
    const pr = pageRank(
      documents.map((d) => ({ id: d.docId, links: d.links ?? [] })),
      { ...(options.damping !== undefined ? { damping: options.damping } : {}), ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (pr.edges > 0) parts.pagerank = maxNormalize(pr.scores);
  }
  const preferred = new Set(options.preferredCategories.map((c) => c.toLowerCase()));
  const useCategories = preferred.size > 0;
  const useRecency = options.recencyWeight > 0 && documents.some((d) => d.timestamp !== undefined);
  if (useCategories || useRecency) {
    let reference = options.referenceTime ?? -Infinity;
    if (options.referenceTime === undefined)
      for (const d of documents) if (d.timestamp !== undefined && d.timestamp > reference) reference = d.timestamp;
    const halfLife = options.recencyHalfLifeDays * DAY_MS;
    const r = useCategories && useRecency ? options.recencyWeight : useRecency ? 1 : 0;
    parts.context = Float64Array.from(documents, (d) => {
      const category = useCategories && d.categories?.some((c) => preferred.has(c.toLowerCase())) ? 1 : 0;
      const recency = useRecency && d.timestamp !== undefined ? 0.5 ** (Math.max(0, reference - d.timestamp) / halfLife) : 0;
      return (1 - r) * category + r * recency;
    });
  }

  const present = COMPONENTS.filter((c) => parts[c] !== undefined);
  const total = present.reduce((s, c) => s + options.weights[c], 0);
  if (present.length === 0)
    throw new ServiceError(
      'invalid_arguments',
      'Nothing to rank by: the query has no words, and there is no query vector, no links and no context',
      { data: { field: 'query' } },
    );
  if (!(total > 0))
    throw new ServiceError('invalid_arguments', `The weights of the present components (${present.join(', ')}) sum to 0`, {
      data: { field: 'weights' },
    });
  const effectiveWeights = Object.fromEntries(COMPONENTS.map((c) => [c, parts[c] ? options.weights[c] / total : 0])) as Weights;

  const scores = new Float64Array(n);
  for (const c of present) {
    const w = effectiveWeights[c];
    const values = parts[c]!;
    for (let i = 0; i < n; i++) scores[i] = scores[i]! + w * values[i]!;
  }

  const results: HybridResult['results'] = [];
  const picked: number[] = [];
  let skippedForDiversity = 0;
  for (const i of descendingOrder(scores)) {
    if (results.length >= options.topK) break;
    const vector = documents[i]!.vector;
    if (options.applyDiversity && vector) {
      if (picked.some((j) => cosine(vector, norms[i]!, documents[j]!.vector!, norms[j]!) > options.diversityThreshold)) {
        skippedForDiversity++;
        continue;
      }
      picked.push(i);
    }
    results.push({
      index: i,
      hybridScore: scores[i]!,
      components: Object.fromEntries(COMPONENTS.map((c) => [c, parts[c] ? parts[c][i]! : null])) as Record<Component, number | null>,
    });
  }
  return { results, present, effectiveWeights, skippedForDiversity };
}
