/**
 * Rank fusion of several ranked lists.
 *
 * - `rrf`, reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009):
 *   score(d) = Σ_i w_i / (k + rank_i(d)), ranks from 1, k = 60; lists not containing d add nothing.
 * - `combsum` / `combmnz` (Fox & Shaw, TREC-2 1994): each list's scores are first min-max
 *   normalised to [0, 1], (s − min)/(max − min), a list whose scores are all equal gives 1;
 *   CombSUM(d) = Σ_i w_i · norm_i(d), CombMNZ(d) = CombSUM(d) × (number of lists containing d).
 *
 * Weights default to 1. Ties keep the order in which documents are first met (list by list).
 */
import { ServiceError } from '@a2a-mcp/core/errors';

export const FUSION_METHODS = ['rrf', 'combsum', 'combmnz'] as const;
export type FusionMethod = (typeof FUSION_METHODS)[number];
export const RRF_K = 60;

export interface RankedItem {
  docId: string;
  score?: number | undefined;
}

export interface Contribution {
  list: number;
  rank: number;
  /** The list's raw score for the document, when given. */
  score?: number;
  /** What the list added to the fused score (before the CombMNZ multiplier). */
  contribution: number;
}

export interface FusedDocument {
  docId: string;
  score: number;
  /** How many lists contain the document. */
  lists: number;
  contributions: Contribution[];
  firstSeen: number;
}

export interface FusionOptions {
  method: FusionMethod;
  k?: number;
  weights?: readonly number[];
}

/** Fuses `lists` into one scored set of documents (unsorted; see `firstSeen` for tie-breaking). */
export function fuseRankings(lists: readonly (readonly RankedItem[])[], { method, k = RRF_K, weights }: FusionOptions): FusedDocument[] {
  const fused = new Map<string, FusedDocument>();
  lists.forEach((items, l) => {
    const weight = weights?.[l] ?? 1;
    let min = Infinity;
    let max = -Infinity;
    if (method !== 'rrf') {
      items.forEach((item, r) => {
        if (item.score === undefined) {
          throw new ServiceError('invalid_arguments', `rankings[${l}].items[${r}].score is required for ${method}`, {
            data: { field: `rankings[${l}].items[${r}].score` },
          });
        }
        if (item.score < min) min = item.score;
        if (item.score > max) max = item.score;
      });
    }
    const seen = new Set<string>();
    items.forEach((item, r) => {
      if (seen.has(item.docId)) {
        throw new ServiceError('invalid_arguments', `rankings[${l}].items[${r}].docId "${item.docId}" appears twice in the list`, {
          data: { field: `rankings[${l}].items[${r}].docId` },
        });
      }
      seen.add(item.docId);
      const rank = r + 1;
      const contribution = method === 'rrf' ? weight / (k + rank) : weight * (max === min ? 1 : minMax(item.score!, min, max));
      let doc = fused.get(item.docId);
      if (!doc) {
        doc = { docId: item.docId, score: 0, lists: 0, contributions: [], firstSeen: fused.size };
        fused.set(item.docId, doc);
      }
      doc.score += contribution;
      doc.lists++;
      doc.contributions.push({ list: l, rank, ...(item.score !== undefined ? { score: item.score } : {}), contribution });
    });
  });
  const docs = [...fused.values()];
  if (method === 'combmnz') for (const doc of docs) doc.score *= doc.lists;
  return docs;
}

/**
 * (s − min) / (max − min) in [0, 1]. Scores of opposite sign near ±1e308 overflow the differences,
 * so halves are subtracted then (the quotient is the same).
 */
export function minMax(score: number, min: number, max: number): number {
  const range = max - min;
  return Number.isFinite(range) ? (score - min) / range : (score / 2 - min / 2) / (max / 2 - min / 2);
}
