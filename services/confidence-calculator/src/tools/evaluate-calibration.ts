import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { evaluateCalibration } from '../lib/calibration.js';
import { DEFAULT_CALIBRATION_BINS } from '../lib/factors.js';
import type { ConfidenceSettings } from '../settings.js';
import { READ_ONLY_ANNOTATIONS } from './schemas.js';

const nullableNumber = z.number().nullable();

/** `evaluate_calibration`: Brier score, log loss, ECE, MCE and reliability bins. */
export function createEvaluateCalibrationTool(settings: ConfidenceSettings) {
  return defineTool({
    name: 'evaluate_calibration',
    title: 'Evaluate calibration',
    description:
      'Measures how well predicted probabilities match binary outcomes: Brier score, log loss (predictions clipped to [eps, 1 − eps], eps = 2^-52, as scikit-learn), expected and maximum calibration error over equal-width bins (first bin [0, 1/B], then (lo, hi]), and the reliability bins.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      probabilities: z
        .array(z.number().min(0).max(1))
        .min(1)
        .max(settings.CONFIDENCE_MAX_PREDICTIONS)
        .describe(`Predicted probabilities of the positive outcome, each in [0, 1] (1 to ${settings.CONFIDENCE_MAX_PREDICTIONS})`),
      outcomes: z
        .array(z.number().int().min(0).max(1))
        .min(1)
        .max(settings.CONFIDENCE_MAX_PREDICTIONS)
        .describe('Observed outcomes, 0 or 1, one per probability in the same order'),
      n_bins: z
        .number()
        .int()
        .min(1)
        .max(settings.CONFIDENCE_MAX_BINS)
        .default(DEFAULT_CALIBRATION_BINS)
        .describe(`Number of equal-width reliability bins (default ${DEFAULT_CALIBRATION_BINS})`),
    }),
    output: z.object({
      n_samples: z.number().int(),
      n_bins: z.number().int(),
      brier_score: z.number().describe('Mean squared error of the probabilities'),
      log_loss: z.number().describe('Mean negative log-likelihood with clipped probabilities'),
      log_loss_eps: z.number().describe('Clipping epsilon used for the log loss'),
      expected_calibration_error: z.number().describe('Σ (n_b/N)·|observed_frequency_b − mean_predicted_b|'),
      maximum_calibration_error: z.number().describe('Largest bin gap over non-empty bins'),
      base_rate: z.number().describe('Fraction of outcomes equal to 1'),
      bins: z.array(
        z.object({
          lower: z.number(),
          upper: z.number(),
          count: z.number().int(),
          mean_predicted: nullableNumber.describe('Null for an empty bin'),
          observed_frequency: nullableNumber.describe('Null for an empty bin'),
          gap: nullableNumber.describe('|observed_frequency − mean_predicted|; null for an empty bin'),
        }),
      ),
    }),
    handler: ({ probabilities, outcomes, n_bins }) => {
      if (probabilities.length !== outcomes.length) {
        throw new ServiceError(
          'invalid_arguments',
          `probabilities and outcomes must have the same length (probabilities has ${probabilities.length}, outcomes has ${outcomes.length})`,
          { data: { field: 'outcomes', probabilities_length: probabilities.length, outcomes_length: outcomes.length } },
        );
      }
      return evaluateCalibration(probabilities, outcomes, n_bins);
    },
  });
}
