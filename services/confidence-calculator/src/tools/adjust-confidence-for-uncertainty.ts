import { defineTool, z } from '@a2a-mcp/core';
import { UNCERTAINTY_FACTORS, UNCERTAINTY_FLOOR } from '../lib/factors.js';
import { adjustConfidenceForUncertainty } from '../lib/uncertainty.js';
import type { ConfidenceSettings } from '../settings.js';
import { READ_ONLY_ANNOTATIONS } from './schemas.js';

const FACTOR_KEYS = Object.keys(UNCERTAINTY_FACTORS) as [keyof typeof UNCERTAINTY_FACTORS, ...(keyof typeof UNCERTAINTY_FACTORS)[]];

/** `adjust_confidence_for_uncertainty`: multiplies a confidence by one factor per listed uncertainty. */
export function createAdjustConfidenceForUncertaintyTool(settings: ConfidenceSettings) {
  return defineTool({
    name: 'adjust_confidence_for_uncertainty',
    title: 'Adjust confidence for uncertainty',
    description: `Multiplies a base confidence by one multiplier per uncertainty factor (${Object.entries(UNCERTAINTY_FACTORS)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; unknown names count as other), never going below ${UNCERTAINTY_FLOOR}.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      base_confidence: z.number().min(0).max(1).describe('Confidence before adjustment, in [0, 1]'),
      uncertainty_factors: z
        .array(z.string().trim().min(1).max(100))
        .max(settings.CONFIDENCE_MAX_UNCERTAINTY_FACTORS)
        .default([])
        .describe(
          `Uncertainties present, applied in order, each occurrence once: ${FACTOR_KEYS.join(', ')} (case-insensitive; others count as "other")`,
        ),
    }),
    output: z.object({
      base_confidence: z.number(),
      adjusted_confidence: z.number().describe(`Base × all multipliers, floored at ${UNCERTAINTY_FLOOR}`),
      total_multiplier: z.number(),
      floor_applied: z.boolean(),
      impacts: z.array(
        z.object({
          factor: z.string(),
          applied_as: z.enum(FACTOR_KEYS).describe('Table entry used ("other" for unknown names)'),
          multiplier: z.number(),
          confidence_before: z.number(),
          confidence_after: z.number(),
        }),
      ),
    }),
    handler: ({ base_confidence, uncertainty_factors }) => adjustConfidenceForUncertainty(base_confidence, uncertainty_factors),
  });
}
