/**
 * Maximal Marginal Relevance (Carbonell & Goldstein, SIGIR 1998): pick, one at a time,
 *
 *   argmax_{d ∉ S}  λ · sim(d, q) − (1 − λ) · max_{s ∈ S} sim(d, s)
 *
 * with cosine similarity. The max term is absent (0) for the first pick. Ties go to the lower
 * input index. O(n·d) per pick: each document's redundancy is updated against the last pick only.
 */
import { cosine, squaredNorm } from './vectors.js';

export interface MmrPick {
  index: number;
  /** λ · relevance − (1 − λ) · redundancy at the time of the pick. */
  mmr: number;
  /** cosine(d, q). */
  relevance: number;
  /** max cosine(d, s) over documents picked before; 0 for the first pick. */
  redundancy: number;
}

/** MMR order of the first `k` picks. */
export function maximalMarginalRelevance(
  query: Float64Array,
  documents: readonly Float64Array[],
  lambda: number,
  k: number,
  signal?: AbortSignal,
): MmrPick[] {
  const n = documents.length;
  const norms = documents.map(squaredNorm);
  const qq = squaredNorm(query);
  const relevance = Float64Array.from(documents, (d, i) => cosine(d, norms[i]!, query, qq));
  const redundancy = new Float64Array(n).fill(-Infinity);
  const picked = new Uint8Array(n);
  const picks: MmrPick[] = [];
  const limit = Math.min(k, n);
  while (picks.length < limit) {
    signal?.throwIfAborted();
    const first = picks.length === 0;
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const score = lambda * relevance[i]! - (first ? 0 : (1 - lambda) * redundancy[i]!);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    picked[best] = 1;
    picks.push({ index: best, mmr: bestScore, relevance: relevance[best]!, redundancy: first ? 0 : redundancy[best]! });
    const chosen = documents[best]!;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const sim = cosine(documents[i]!, norms[i]!, chosen, norms[best]!);
      if (sim > redundancy[i]!) redundancy[i] = sim;
    }
  }
  return picks;
}
