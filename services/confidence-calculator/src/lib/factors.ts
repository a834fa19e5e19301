/**
 * Fixed tables of the confidence model (docs/tools.md and this service's README). Every number the tools use lives here,
 * so the status resource, the README and the code cannot drift apart.
 */

/** The six factors of `calculate_reasoning_confidence`, in breakdown order. */
export const FACTOR_NAMES = [
  'evidence_quality',
  'logical_consistency',
  'semantic_alignment',
  'historical_success',
  'complexity_penalty',
  'validation_score',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** Default factor weights; they sum to 1. */
export const FACTOR_WEIGHTS: Readonly<Record<FactorName, number>> = Object.freeze({
  evidence_quality: 0.25,
  logical_consistency: 0.2,
  semantic_alignment: 0.2,
  historical_success: 0.15,
  complexity_penalty: 0.1,
  validation_score: 0.1,
});

/** Reported reasoning confidence is clamped to this range: never certain, never hopeless. */
export const CONFIDENCE_BOUNDS = Object.freeze({ min: 0.05, max: 0.95 });

/** Value a factor takes when the input it is computed from was not given (no information). */
export const NEUTRAL_FACTOR_VALUE = 0.5;

/** A factor below this value produces a recommendation. */
export const RECOMMENDATION_THRESHOLD = 0.5;

/** Logical consistency: base by chain length (1 step 0.6, 2 steps 0.8, 3+ steps 1.0) and penalties. */
export const LOGICAL_CONSISTENCY = Object.freeze({
  /** Base for a one-step chain. */
  single_step_base: 0.6,
  /** Added per step after the first, up to 1.0. */
  per_extra_step: 0.2,
  /** Subtracted per declared circular dependency. */
  per_circular_dependency: 0.2,
  /** Subtracted per step that repeats an earlier step (same text after normalisation). */
  per_repeated_step: 0.1,
});

/** Complexity penalty: value = 1 − min(1, per_extra_branch·(branch_factor − 1) + per_long_step·max(0, steps − free_steps)). */
export const COMPLEXITY = Object.freeze({
  per_extra_branch: 0.1,
  free_steps: 5,
  per_long_step: 0.02,
});

/** Evidence quality per `source_type`; unknown types count as `other`. */
export const EVIDENCE_SOURCE_SCORES = Object.freeze({
  academic: 0.9,
  verified: 0.8,
  empirical: 0.7,
  other: 0.4,
  unstructured: 0.3,
});
export type EvidenceSourceType = keyof typeof EVIDENCE_SOURCE_SCORES;
export const EVIDENCE_SOURCE_TYPES = Object.keys(EVIDENCE_SOURCE_SCORES) as EvidenceSourceType[];

/** Evidence quality score when no evidence is given. */
export const NO_EVIDENCE_SCORE = 0.2;

/** Flat bonus added to the mean source score when there are more than `min_items_exclusive` items; the score is capped at 1. */
export const EVIDENCE_QUANTITY_BONUS = Object.freeze({ min_items_exclusive: 3, bonus: 0.1, cap: 1 });

/** Multipliers of `adjust_confidence_for_uncertainty`; unknown factor names use `other`. */
export const UNCERTAINTY_FACTORS = Object.freeze({
  missing_evidence: 0.85,
  contradictory_evidence: 0.7,
  weak_inference: 0.8,
  unvalidated_source: 0.9,
  complex_reasoning: 0.9,
  limited_data: 0.85,
  other: 0.95,
});
export type UncertaintyFactor = keyof typeof UNCERTAINTY_FACTORS;

/** Adjusted confidence never goes below this. */
export const UNCERTAINTY_FLOOR = 0.05;

/** Semantic alignment = overlap_weight · keyword coverage + cue_weight · answer-type cue. */
export const SEMANTIC_ALIGNMENT = Object.freeze({
  overlap_weight: 0.7,
  cue_weight: 0.3,
  /** Cue value for questions of type `other`, which expect no particular answer form. */
  neutral_cue: 0.5,
});

/** Default number of equal-width bins of `evaluate_calibration`. */
export const DEFAULT_CALIBRATION_BINS = 10;

/**
 * Log-loss clipping epsilon: the float64 machine epsilon (2^-52 = 2.220446049250313e-16), which is
 * what scikit-learn ≥ 1.5 uses for float64 input (older versions defaulted to 1e-15).
 */
export const LOG_LOSS_EPS = Number.EPSILON;

export const FALLBACK_SCENARIOS: Readonly<Record<string, number>> = Object.freeze({
  no_historical_data: 0.3,
  single_agent_fallback: 0.35,
  internal_analysis: 0.4,
  simplified_implementation: 0.45,
  partial_evidence: 0.5,
  consensus_fallback: 0.55,
  validated_fallback: 0.6,
});

export const DEFAULT_FALLBACK_CONFIDENCE = 0.4;

/** Confidence for a fallback scenario (case- and whitespace-insensitive); unknown scenarios get 0.4. */
export function fallbackConfidence(scenario: string): { scenario: string; confidence: number; known_scenario: boolean } {
  const key = scenario.trim().toLowerCase();
  const known = Object.hasOwn(FALLBACK_SCENARIOS, key);
  return { scenario: key, confidence: known ? FALLBACK_SCENARIOS[key]! : DEFAULT_FALLBACK_CONFIDENCE, known_scenario: known };
}

/** Clamps `value` to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
