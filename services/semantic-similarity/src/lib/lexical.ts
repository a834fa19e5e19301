/**
 * Lexical similarity measures over token lists (see text.ts for tokenisation).
 *
 * - Jaccard: |A ∩ B| / |A ∪ B| over the token *sets*.
 * - Cosine: (a · b) / (‖a‖ ‖b‖) over raw term-frequency vectors (no IDF: two texts have no corpus).
 *
 * Both are 0 when either text has no tokens (the measures are undefined there; 0 means "no
 * evidence of similarity", which keeps rankings and thresholds safe).
 */
import { countTerms } from './text.js';

/** Jaccard index of the token sets of `a` and `b`. */
export function jaccardSimilarity(a: readonly string[], b: readonly string[]): number {
  return jaccardIndex(new Set(a), new Set(b));
}

/** Jaccard index of two sets; 0 when either is empty. */
export function jaccardIndex(setA: ReadonlySet<string>, setB: ReadonlySet<string>): number {
  if (setA.size === 0 || setB.size === 0) return 0;
  let intersection = 0;
  for (const token of setA) if (setB.has(token)) intersection++;
  return intersection / (setA.size + setB.size - intersection);
}

/** Cosine similarity of the term-frequency vectors of `a` and `b`. */
export function termFrequencyCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, count] of a) {
    normA += count * count;
    const other = b.get(term);
    if (other !== undefined) dot += count * other;
  }
  for (const count of b.values()) normB += count * count;
  if (normA === 0 || normB === 0) return 0;
  return clampUnit(dot / Math.sqrt(normA * normB));
}

/** Cosine similarity of token lists (convenience over `termFrequencyCosine`). */
export function cosineSimilarity(a: readonly string[], b: readonly string[]): number {
  return termFrequencyCosine(countTerms(a), countTerms(b));
}

/** Clamps rounding noise (1.0000000002) back into [-1, 1]. */
export function clampUnit(value: number): number {
  return Math.max(-1, Math.min(1, value));
}
