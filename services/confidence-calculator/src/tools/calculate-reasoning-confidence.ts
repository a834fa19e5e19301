import { defineTool, z } from '@a2a-mcp/core';
import { CONFIDENCE_BOUNDS, FACTOR_NAMES, FACTOR_WEIGHTS } from '../lib/factors.js';
import { calculateReasoningConfidence } from '../lib/reasoning.js';
import type { ConfidenceSettings } from '../settings.js';
import { evidenceListSchema, READ_ONLY_ANNOTATIONS, textSchema } from './schemas.js';

const weight = z.number().min(0).max(1_000_000).optional();

/** `calculate_reasoning_confidence`: weighted six-factor confidence with breakdown and advice. */
export function createCalculateReasoningConfidenceTool(settings: ConfidenceSettings) {
  const steps = settings.CONFIDENCE_MAX_REASONING_STEPS;
  return defineTool({
    name: 'calculate_reasoning_confidence',
    title: 'Reasoning confidence',
    description: `Confidence in a piece of reasoning: a weighted sum of six factors (${FACTOR_NAMES.map((name) => `${name} ${FACTOR_WEIGHTS[name]}`).join(', ')}), clamped to [${CONFIDENCE_BOUNDS.min}, ${CONFIDENCE_BOUNDS.max}]. Missing inputs give their factor a neutral 0.5. Returns the factor breakdown, recommendations and, on request, an explanation.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      evidence: evidenceListSchema(settings).optional(),
      reasoning_chain: z
        .array(textSchema(settings))
        .max(steps)
        .optional()
        .describe(`The reasoning steps in order (at most ${steps}); repeated steps count against logical consistency`),
      question: textSchema(settings).optional().describe('The question being answered (with `answer`, scored for semantic alignment)'),
      answer: textSchema(settings).optional().describe('The answer reached'),
      historical_data: z
        .object({ success_rate: z.number().min(0).max(1).describe('Share of past attempts of this kind that succeeded, in [0, 1]') })
        .optional()
        .describe('Track record of this kind of reasoning'),
      validation_results: z
        .array(
          z.object({
            passed: z.boolean().describe('Whether the check passed'),
            weight: z.number().min(0).max(1_000_000).optional().describe('Relative weight of the check (default 1)'),
            name: z.string().max(200).optional().describe('Name of the check'),
          }),
        )
        .max(steps)
        .optional()
        .describe('Results of checks run on the answer'),
      branch_factor: z.number().min(1).max(1_000).optional().describe('Alternatives considered per step (1 = a linear chain; default 1)'),
      circular_dependencies: z
        .number()
        .int()
        .min(0)
        .max(1_000_000)
        .optional()
        .describe('Circular dependencies found in the reasoning (default 0)'),
      custom_weights: z
        .strictObject({
          evidence_quality: weight.describe('Weight of evidence quality'),
          logical_consistency: weight.describe('Weight of logical consistency'),
          semantic_alignment: weight.describe('Weight of semantic alignment'),
          historical_success: weight.describe('Weight of historical success'),
          complexity_penalty: weight.describe('Weight of the complexity penalty'),
          validation_score: weight.describe('Weight of the validation score'),
        })
        .optional()
        .describe('Non-negative weights overriding the defaults for the factors given; all weights are then renormalised to sum to 1'),
      include_explanation: z.boolean().default(false).describe('Add a sentence showing the arithmetic'),
    }),
    output: z.object({
      confidence: z.number().describe(`Weighted sum clamped to [${CONFIDENCE_BOUNDS.min}, ${CONFIDENCE_BOUNDS.max}]`),
      raw_confidence: z.number().describe('Weighted sum before the clamp'),
      clamped: z.boolean(),
      factors: z.array(
        z.object({
          factor: z.enum(FACTOR_NAMES),
          value: z.number().describe('Factor value in [0, 1]'),
          weight: z.number().describe('Normalised weight'),
          contribution: z.number().describe('value × weight'),
          basis: z.string().describe('How the value was obtained'),
        }),
      ),
      recommendations: z.array(z.string()),
      explanation: z.string().optional(),
    }),
    handler: ({ custom_weights, include_explanation, ...context }) =>
      calculateReasoningConfidence(context, {
        customWeights: custom_weights as Record<string, number> | undefined,
        includeExplanation: include_explanation,
      }),
  });
}
