/**
 * Uncertainty adjustment: the base confidence multiplied by one multiplier per listed factor, in
 * the order given, then floored at 0.05.
 */
import { UNCERTAINTY_FACTORS, UNCERTAINTY_FLOOR, type UncertaintyFactor } from './factors.js';

export interface FactorImpact {
  /** The factor as given, normalised (trimmed, lower-cased). */
  factor: string;
  /** The table entry used: the factor itself, or `other` for an unknown name. */
  applied_as: UncertaintyFactor;
  multiplier: number;
  confidence_before: number;
  confidence_after: number;
}

export interface UncertaintyAdjustment {
  base_confidence: number;
  adjusted_confidence: number;
  /** Product of all multipliers. */
  total_multiplier: number;
  /** True when the product fell below the floor and the floor was returned instead. */
  floor_applied: boolean;
  impacts: FactorImpact[];
}

/**
 * Applies each listed factor once per occurrence (a factor listed twice multiplies twice).
 * Impacts show the running product before the floor; the floor applies to the final value only.
 *
 * @example adjustConfidenceForUncertainty(0.8, ['missing_evidence']).adjusted_confidence // 0.8 × 0.85 = 0.68
 */
export function adjustConfidenceForUncertainty(baseConfidence: number, factors: readonly string[]): UncertaintyAdjustment {
  let current = baseConfidence;
  let total = 1;
  const impacts: FactorImpact[] = [];
  for (const raw of factors) {
    const factor = raw.trim().toLowerCase();
    const appliedAs: UncertaintyFactor = Object.hasOwn(UNCERTAINTY_FACTORS, factor) ? (factor as UncertaintyFactor) : 'other';
    const multiplier = UNCERTAINTY_FACTORS[appliedAs];
    const after = current * multiplier;
    impacts.push({ factor, applied_as: appliedAs, multiplier, confidence_before: current, confidence_after: after });
    current = after;
    total *= multiplier;
  }
  const floorApplied = current < UNCERTAINTY_FLOOR;
  return {
    base_confidence: baseConfidence,
    adjusted_confidence: floorApplied ? UNCERTAINTY_FLOOR : current,
    total_multiplier: total,
    floor_applied: floorApplied,
    impacts,
  };
}
