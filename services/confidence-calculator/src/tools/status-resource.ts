import { defineResource, type ResourceDefinition } from '@a2a-mcp/core';
import {
  COMPLEXITY,
  CONFIDENCE_BOUNDS,
  DEFAULT_CALIBRATION_BINS,
  DEFAULT_FALLBACK_CONFIDENCE,
  EVIDENCE_QUANTITY_BONUS,
  EVIDENCE_SOURCE_SCORES,
  FACTOR_WEIGHTS,
  FALLBACK_SCENARIOS,
  LOG_LOSS_EPS,
  LOGICAL_CONSISTENCY,
  NEUTRAL_FACTOR_VALUE,
  NO_EVIDENCE_SCORE,
  SEMANTIC_ALIGNMENT,
  UNCERTAINTY_FACTORS,
  UNCERTAINTY_FLOOR,
} from '../lib/factors.js';
import { QUESTION_TYPES } from '../lib/semantic.js';
import type { ConfidenceSettings } from '../settings.js';

/** `confidence://calculator/status`: every table and bound the tools use, and the input limits. */
export function createStatusResource(settings: ConfidenceSettings): ResourceDefinition {
  return defineResource({
    uri: 'confidence://calculator/status',
    name: 'calculator-status',
    title: 'Confidence calculator status',
    description:
      'Factor weights, confidence bounds, evidence source scores, uncertainty factors, fallback scenarios, calibration conventions and input limits.',
    read: () => ({
      weights: FACTOR_WEIGHTS,
      bounds: CONFIDENCE_BOUNDS,
      neutral_factor_value: NEUTRAL_FACTOR_VALUE,
      logical_consistency: LOGICAL_CONSISTENCY,
      complexity: COMPLEXITY,
      evidence_source_scores: EVIDENCE_SOURCE_SCORES,
      no_evidence_score: NO_EVIDENCE_SCORE,
      evidence_quantity_bonus: EVIDENCE_QUANTITY_BONUS,
      semantic_alignment: { ...SEMANTIC_ALIGNMENT, question_types: QUESTION_TYPES },
      uncertainty_factors: UNCERTAINTY_FACTORS,
      uncertainty_floor: UNCERTAINTY_FLOOR,
      fallback_scenarios: FALLBACK_SCENARIOS,
      default_fallback_confidence: DEFAULT_FALLBACK_CONFIDENCE,
      calibration: {
        default_bins: DEFAULT_CALIBRATION_BINS,
        log_loss_eps: LOG_LOSS_EPS,
        bin_convention: 'equal width; first bin [0, 1/B], others (lo, hi]',
      },
      limits: {
        max_predictions: settings.CONFIDENCE_MAX_PREDICTIONS,
        max_bins: settings.CONFIDENCE_MAX_BINS,
        max_evidence_items: settings.CONFIDENCE_MAX_EVIDENCE_ITEMS,
        max_text_length: settings.CONFIDENCE_MAX_TEXT_LENGTH,
        max_reasoning_steps: settings.CONFIDENCE_MAX_REASONING_STEPS,
        max_uncertainty_factors: settings.CONFIDENCE_MAX_UNCERTAINTY_FACTORS,
      },
    }),
  });
}
