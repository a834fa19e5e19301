/**
 * Tokenisation shared by every method, so that `preprocess_text` shows exactly what the
 * similarity tools compare:
 *
 * 1. Unicode NFKC normalisation, then lower-casing (`toLowerCase`, locale-independent).
 * 2. Tokens are maximal runs of Unicode letters, combining marks and digits (`[\p{L}\p{M}\p{N}]+`);
 *    everything else (spaces, punctuation, symbols, apostrophes) separates tokens, so
 *    "Don't stop-words!" → `don`, `t`, `stop`, `words`.
 * 3. Stop words (optional, on by default): the English list of the `stopword` package (108 words:
 *    articles, pronouns, auxiliaries, common prepositions; it keeps negations such as "not" and "no").
 * 4. Tokens shorter than `minWordLength` characters (code points) are dropped.
 */
// Only the English list, not the package's entry: `stopword` (and its CommonJS build) loads all 62
// languages' lists (~230 KB of source, 3–11 MiB resident) to use 108 words. The package has no
// `exports` map, so its per-language source files are importable by path; they are ES modules in a
// package without `"type": "module"`, which Node loads as such through module syntax detection (on
// by default since Node 20.19 and 22.7; the repository requires >= 20.19). Types:
// src/types/stopword-eng.d.ts.
import { eng } from 'stopword/src/stopwords_eng.js';

/** The English stop words used when `removeStopWords` is on. */
export const STOP_WORDS: ReadonlySet<string> = new Set(eng);

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

export interface TokenizeOptions {
  /** Drop the English stop words. Default true. */
  removeStopWords?: boolean;
  /** Drop tokens shorter than this many characters. Default 1 (keep all). */
  minWordLength?: number;
}

/** Every token of `text`, in order, before stop-word and length filtering. */
export function rawTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** Whether `token` is kept under `options`. */
export function keepToken(token: string, { removeStopWords = true, minWordLength = 1 }: TokenizeOptions = {}): boolean {
  if (removeStopWords && STOP_WORDS.has(token)) return false;
  return minWordLength <= 1 || [...token].length >= minWordLength;
}

/**
 * The tokens of `text` under the documented rules.
 *
 * @example tokenize('The cat sat on the mat') // ['cat', 'sat', 'mat']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  return rawTokens(text).filter((token) => keepToken(token, options));
}

/** Term frequencies, in order of first occurrence. */
export function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}
