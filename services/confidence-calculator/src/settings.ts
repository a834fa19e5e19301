/**
 * The confidence calculator's own settings: input bounds, read from the environment once at
 * start-up with core's `loadSettings`.
 */
import { boundedInt, loadSettings, z } from '@a2a-mcp/core';

/** Keys are environment variable names; every one has a default. */
export const settingsSchema = z.object({
  /** Most probabilities (and outcomes) `evaluate_calibration` accepts. */
  CONFIDENCE_MAX_PREDICTIONS: boundedInt(100_000, 10_000_000),
  /** Most reliability bins `evaluate_calibration` accepts. */
  CONFIDENCE_MAX_BINS: boundedInt(1_000, 100_000),
  /** Most evidence items per call. */
  CONFIDENCE_MAX_EVIDENCE_ITEMS: boundedInt(1_000, 1_000_000),
  /** Longest text field (question, answer, evidence content, reasoning step). */
  CONFIDENCE_MAX_TEXT_LENGTH: boundedInt(20_000, 10_000_000),
  /** Most reasoning-chain steps and validation results per call. */
  CONFIDENCE_MAX_REASONING_STEPS: boundedInt(1_000, 1_000_000),
  /** Most uncertainty factors per call. */
  CONFIDENCE_MAX_UNCERTAINTY_FACTORS: boundedInt(100, 100_000),
});

export type ConfidenceSettings = z.output<typeof settingsSchema>;

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadConfidenceSettings(source: NodeJS.ProcessEnv = process.env): ConfidenceSettings {
  return loadSettings(settingsSchema, source);
}
