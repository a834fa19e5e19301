/**
 * Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * 2009) with the Lucene IDF, which adds 1 inside the logarithm so IDF is never negative:
 *
 *   IDF(t)    = ln( (N − n(t) + 0.5) / (n(t) + 0.5) + 1 )
 *   score(D)  = Σ_{t ∈ Q} qf(t) · IDF(t) · tf(t,D)·(k1 + 1) / ( tf(t,D) + k1·(1 − b + b·|D|/avgdl) )
 *
 * N = documents, n(t) = documents containing t, tf = occurrences of t in D, |D| = tokens in D,
 * avgdl = mean |D|, qf(t) = occurrences of t in the query (a repeated query term counts each time,
 * as in Lucene and rank_bm25). Defaults k1 = 1.2, b = 0.75.
 */
import { tokenize } from './tokenize.js';

export const BM25_DEFAULTS = { k1: 1.2, b: 0.75 } as const;

export interface Bm25Term {
  term: string;
  query_frequency: number;
  document_frequency: number;
  idf: number;
}

export interface Bm25Result {
  /** Raw score of each document, by input index. */
  scores: Float64Array;
  /** Per query term: the term, its query frequency, document frequency and IDF. */
  terms: Bm25Term[];
  /**
   * The contribution of each query term (in `terms` order) to document `index`'s score, computed
   * on demand so that term details cost results × terms, not documents × terms.
   */
  termScores: (index: number) => Float64Array;
  documentCount: number;
  averageDocumentLength: number;
  /** Tokens in each document. */
  lengths: Int32Array;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  signal?: AbortSignal;
  /**
   * Called with the number of distinct query terms and of documents before any per-document work
   * or allocation (the term-frequency matrix is terms × documents); throws to refuse the call.
   */
  assertWork?: (terms: number, documents: number) => void;
}

/** The Lucene-smoothed IDF: ln((N − n + 0.5)/(n + 0.5) + 1). */
export function bm25Idf(documentCount: number, documentFrequency: number): number {
  return Math.log((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5) + 1);
}

/** Scores every document in `documents` against `query`. */
export function bm25(
  query: string,
  documents: readonly string[],
  { k1 = BM25_DEFAULTS.k1, b = BM25_DEFAULTS.b, signal, assertWork }: Bm25Options = {},
): Bm25Result {
  const queryFrequency = new Map<string, number>();
  for (const token of tokenize(query)) queryFrequency.set(token, (queryFrequency.get(token) ?? 0) + 1);
  const termIndex = new Map<string, number>();
  for (const term of queryFrequency.keys()) termIndex.set(term, termIndex.size);
  const t = termIndex.size;
  const n = documents.length;
  assertWork?.(t, n);
  // Only query terms are counted per document: tf is an n × t matrix, not a full index. Counts
  // are at most a document's token count, far below 2^32.
  const tf = new Uint32Array(n * t);
  const lengths = new Int32Array(n);
  const df = new Float64Array(t);
  let totalLength = 0;
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) signal?.throwIfAborted();
    const tokens = tokenize(documents[i]!);
    lengths[i] = tokens.length;
    totalLength += tokens.length;
    for (const token of tokens) {
      const j = termIndex.get(token);
      if (j !== undefined) tf[i * t + j] = tf[i * t + j]! + 1;
    }
    for (let j = 0; j < t; j++) if (tf[i * t + j]! > 0) df[j] = df[j]! + 1;
  }
  const averageDocumentLength = n === 0 ? 0 : totalLength / n;
  const terms: Bm25Term[] = [];
  const weights = new Float64Array(t);
  for (const [term, j] of termIndex) {
    const idf = bm25Idf(n, df[j]!);
    const qf = queryFrequency.get(term)!;
    weights[j] = qf * idf;
    terms.push({ term, query_frequency: qf, document_frequency: df[j]!, idf });
  }
  // avgdl is 0 only when every document is empty, and then every tf is 0 too.
  const normOf = (i: number) => k1 * (1 - b + (averageDocumentLength > 0 ? (b * lengths[i]!) / averageDocumentLength : 0));
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const norm = normOf(i);
    let score = 0;
    for (let j = 0; j < t; j++) {
      const f = tf[i * t + j]!;
      if (f === 0) continue;
      score += (weights[j]! * f * (k1 + 1)) / (f + norm);
    }
    scores[i] = score;
  }
  const termScores = (i: number) => {
    const norm = normOf(i);
    const parts = new Float64Array(t);
    for (let j = 0; j < t; j++) {
      const f = tf[i * t + j]!;
      if (f > 0) parts[j] = (weights[j]! * f * (k1 + 1)) / (f + norm);
    }
    return parts;
  };
  return { scores, terms, termScores, documentCount: n, averageDocumentLength, lengths };
}
