/**
 * Evidence quality: the mean source score of the items, plus a small flat bonus when there are
 * more than three items, capped at 1; 0.2 when there is no evidence.
 */
import {
  EVIDENCE_QUANTITY_BONUS,
  EVIDENCE_SOURCE_SCORES,
  EVIDENCE_SOURCE_TYPES,
  NO_EVIDENCE_SCORE,
  type EvidenceSourceType,
} from './factors.js';

/** One evidence item; only `source_type` is scored. */
export interface EvidenceItem {
  source_type?: string | undefined;
  content?: string | undefined;
  source?: string | undefined;
}

export interface EvidenceQuality {
  score: number;
  item_count: number;
  /** Mean of the per-item source scores (0 with no evidence). */
  mean_source_score: number;
  /** The bonus added for quantity (0 or 0.1). */
  quantity_bonus: number;
  /** Items per source type; unknown or missing types are counted as `other`. */
  composition: Record<EvidenceSourceType, number>;
}

/** Maps a free-form source type to a scored one: trimmed, lower-cased, unknown → `other`. */
export function normaliseSourceType(sourceType: string | undefined): EvidenceSourceType {
  const key = (sourceType ?? '').trim().toLowerCase();
  return Object.hasOwn(EVIDENCE_SOURCE_SCORES, key) ? (key as EvidenceSourceType) : 'other';
}

/**
 * Scores a list of evidence items.
 *
 * @example calculateEvidenceQuality([{ source_type: 'academic' }, { source_type: 'empirical' }]).score // (0.9 + 0.7) / 2 = 0.8
 */
export function calculateEvidenceQuality(evidence: readonly EvidenceItem[]): EvidenceQuality {
  const composition = Object.fromEntries(EVIDENCE_SOURCE_TYPES.map((type) => [type, 0])) as Record<EvidenceSourceType, number>;
  if (evidence.length === 0) return { score: NO_EVIDENCE_SCORE, item_count: 0, mean_source_score: 0, quantity_bonus: 0, composition };
  let sum = 0;
  for (const item of evidence) {
    const type = normaliseSourceType(item.source_type);
    composition[type] += 1;
    sum += EVIDENCE_SOURCE_SCORES[type];
  }
  const mean = sum / evidence.length;
  const bonus = evidence.length > EVIDENCE_QUANTITY_BONUS.min_items_exclusive ? EVIDENCE_QUANTITY_BONUS.bonus : 0;
  return {
    score: Math.min(EVIDENCE_QUANTITY_BONUS.cap, mean + bonus),
    item_count: evidence.length,
    mean_source_score: mean,
    quantity_bonus: bonus,
    composition,
  };
}
