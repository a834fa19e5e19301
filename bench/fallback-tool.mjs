// The one tool the comparison servers (sdk-stateless-server.mjs, fastmcp-server.mjs) register: the
// same scoring function (imported from the built service), input bounds and result shape as
// confidence-calculator's calculate_fallback_confidence, so each server does the same work per call.
import * as z from 'zod/v4';
import { fallbackConfidence } from '../services/confidence-calculator/dist/lib/factors.js';

export const name = 'calculate_fallback_confidence';
export const description = 'Confidence to report when full scoring is impossible, by scenario; any other scenario 0.4.';

/** Input and output fields as zod shapes (the SDK takes raw shapes, FastMCP takes z.object of them). */
export const inputShape = { scenario: z.string().trim().min(1).max(200) };
export const outputShape = { scenario: z.string(), confidence: z.number(), known_scenario: z.boolean() };

/** A tools/call result the way our services send it: the structured value, and the same as JSON text. */
export function toolResult(scenario) {
  const value = fallbackConfidence(scenario);
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}
