/**
 * The four similarity methods over prepared texts:
 *
 * - `jaccard`: Jaccard index of the token sets.
 * - `cosine`: cosine of the term-frequency vectors.
 * - `semantic`: cosine of the sentence embeddings (built-in SIF-weighted word vectors, or the
 *   configured endpoint's embeddings).
 * - `hybrid`: `0.3 · jaccard + 0.3 · cosine + 0.4 · semantic`.
 *
 * Each text is tokenised and embedded once per call (identical texts are embedded once), then
 * compared pairwise.
 */
import type { BreakerRegistry } from '@a2a-mcp/core';
import type { EmbeddingsProvider } from './embeddings.js';
import { jaccardIndex, termFrequencyCosine } from './lexical.js';
import { countTerms, tokenize } from './text.js';
import { vectorCosine, type Vector } from './vectors.js';

export const METHODS = ['jaccard', 'cosine', 'semantic', 'hybrid'] as const;
export type Method = (typeof METHODS)[number];

/** The weights of `hybrid`; they sum to 1. */
export const HYBRID_WEIGHTS = { jaccard: 0.3, cosine: 0.3, semantic: 0.4 } as const;

export interface Components {
  jaccard?: number;
  cosine?: number;
  semantic?: number;
}

/** A text ready to compare. */
export interface PreparedText {
  tokens: string[];
  tokenSet: Set<string>;
  termCounts: Map<string, number>;
  /** Present when the method (or the components) needs embeddings. */
  vector?: Vector;
}

export interface PrepareOptions {
  method: Method;
  /** Whether lexical tokens drop stop words. Default true. */
  removeStopWords?: boolean;
  /** Embed even when the method does not need it (to report every component). */
  allComponents?: boolean;
  provider: EmbeddingsProvider;
  signal: AbortSignal;
  /** The tool context's circuit breakers (the remote provider fires through `embeddings`). */
  breakers?: BreakerRegistry | undefined;
}

/** Whether `method` needs sentence embeddings. */
export function needsEmbeddings(method: Method): boolean {
  return method === 'semantic' || method === 'hybrid';
}

/** Tokenises and (when needed) embeds `texts`. */
export async function prepareTexts(
  texts: readonly string[],
  { method, removeStopWords = true, allComponents = false, provider, signal, breakers }: PrepareOptions,
): Promise<PreparedText[]> {
  const prepared: PreparedText[] = texts.map((text) => {
    const tokens = tokenize(text, { removeStopWords });
    return { tokens, tokenSet: new Set(tokens), termCounts: countTerms(tokens) };
  });
  if (allComponents || needsEmbeddings(method)) {
    const unique = [...new Set(texts)];
    const vectors = await provider.embed(unique, signal, breakers);
    const byText = new Map(unique.map((text, i) => [text, vectors[i]!]));
    texts.forEach((text, i) => (prepared[i]!.vector = byText.get(text)!));
  }
  return prepared;
}

/** Similarity of two prepared texts by `method`, with the components it used (or all, when prepared). */
export function compareTexts(a: PreparedText, b: PreparedText, method: Method): { similarity: number; components: Components } {
  const components: Components = {};
  if (method === 'jaccard' || method === 'hybrid' || a.vector) components.jaccard = jaccardIndex(a.tokenSet, b.tokenSet);
  if (method === 'cosine' || method === 'hybrid' || a.vector) components.cosine = termFrequencyCosine(a.termCounts, b.termCounts);
  if (a.vector && b.vector) components.semantic = vectorCosine(a.vector, b.vector);
  const similarity =
    method === 'hybrid'
      ? HYBRID_WEIGHTS.jaccard * components.jaccard! +
        HYBRID_WEIGHTS.cosine * components.cosine! +
        HYBRID_WEIGHTS.semantic * components.semantic!
      : components[method]!;
  return { similarity, components };
}

/**
 * What comparing every pair of `texts` costs: (n − 1) × Σ distinct tokens, since each pair reads
 * both token sets (jaccard and cosine are computed for every method; `semantic` reports them as
 * components). Vector dot products are left out: at ~1 ns per dimension they cost a few percent
 * of the set look-ups (~35 ns each) for any text with words.
 */
export function pairwiseWork(texts: readonly PreparedText[]): { others: number; size: number } {
  let size = 0;
  for (const t of texts) size += t.tokenSet.size;
  return { others: Math.max(0, texts.length - 1), size };
}

/** Pairwise similarities of `texts` (upper triangle, i < j), checking `signal` between rows. */
export function pairwiseSimilarities(texts: readonly PreparedText[], method: Method, signal: AbortSignal): number[][] {
  const n = texts.length;
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    signal.throwIfAborted();
    matrix[i]![i] = 1;
    for (let j = i + 1; j < n; j++) {
      const { similarity } = compareTexts(texts[i]!, texts[j]!, method);
      matrix[i]![j] = similarity;
      matrix[j]![i] = similarity;
    }
  }
  return matrix;
}
