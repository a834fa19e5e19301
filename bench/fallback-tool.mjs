// The one tool the comparison servers (sdk-stateless-server.mjs, fastmcp-server.mjs) register: the
// same table, input bounds and result shape as confidence-calculator's calculate_fallback_confidence
// (services/confidence-calculator/src/lib/factors.ts), so each server does the same work per call.
import * as z from 'zod/v4';

export const name = 'calculate_fallback_confidence';
export const description = 'Confidence to report when full scoring is impossible, by scenario; any other scenario 0.4.';

const scenarios = Object.freeze({
  no_historical_data: 0.3,
  single_agent_fallback: 0.35,
  internal_analysis: 0.4,
  simplified_implementation: 0.45,
  partial_evidence: 0.5,
  consensus_fallback: 0.55,
  validated_fallback: 0.6,
});

/** Input and output fields as zod shapes (the SDK takes raw shapes, FastMCP takes z.object of them). */
export const inputShape = { scenario: z.string().trim().min(1).max(200) };
export const outputShape = { scenario: z.string(), confidence: z.number(), known_scenario: z.boolean() };

export function fallbackConfidence(scenario) {
  const key = scenario.trim().toLowerCase();
  const known = Object.hasOwn(scenarios, key);
  return { scenario: key, confidence: known ? scenarios[key] : 0.4, known_scenario: known };
}

/** A tools/call result the way our services send it: the structured value, and the same as JSON text. */
export function toolResult(scenario) {
  const value = fallbackConfidence(scenario);
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}
