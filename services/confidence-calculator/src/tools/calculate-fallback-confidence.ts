import { defineTool, READ_ONLY_ANNOTATIONS, z } from '@a2a-mcp/core';
import { fallbackConfidence, FALLBACK_SCENARIOS } from '../lib/factors.js';

export const calculateFallbackConfidence = defineTool({
  name: 'calculate_fallback_confidence',
  title: 'Fallback confidence',
  description: `Confidence to report when full scoring is impossible, by scenario (${Object.entries(FALLBACK_SCENARIOS)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; any other scenario 0.4).`,
  permission: 'read',
  annotations: READ_ONLY_ANNOTATIONS,
  input: z.object({
    scenario: z.string().trim().min(1).max(200).describe('The fallback scenario, e.g. "no_historical_data"'),
  }),
  output: z.object({
    scenario: z.string(),
    confidence: z.number(),
    known_scenario: z.boolean().describe('False when the scenario is not one of the listed ones and the default 0.4 was used'),
  }),
  handler: ({ scenario }) => fallbackConfidence(scenario),
});
