/** Zod pieces shared by several tools; bounds come from the service settings. */
import { z } from '@a2a-mcp/core';
import { EVIDENCE_SOURCE_TYPES } from '../lib/factors.js';
import type { ConfidenceSettings } from '../settings.js';

/** Annotations of every confidence-calculator tool: pure, repeatable, local computation. */
export { READ_ONLY_ANNOTATIONS } from '@a2a-mcp/core';

/** One evidence item; only `source_type` is scored. */
export function evidenceItemSchema(settings: ConfidenceSettings) {
  return z.object({
    source_type: z
      .string()
      .max(100)
      .optional()
      .describe(`Kind of source: ${EVIDENCE_SOURCE_TYPES.join(', ')}; case-insensitive, anything else or missing counts as "other"`),
    content: z.string().max(settings.CONFIDENCE_MAX_TEXT_LENGTH).optional().describe('The evidence text (not scored; kept for the caller)'),
    source: z.string().max(2_000).optional().describe('Where it comes from: a URL, citation or agent id (not scored)'),
  });
}

/** The evidence list with its configured bound. */
export function evidenceListSchema(settings: ConfidenceSettings) {
  return z
    .array(evidenceItemSchema(settings))
    .max(settings.CONFIDENCE_MAX_EVIDENCE_ITEMS)
    .describe(`Evidence items (at most ${settings.CONFIDENCE_MAX_EVIDENCE_ITEMS})`);
}

/** A bounded text field. */
export function textSchema(settings: ConfidenceSettings) {
  return z.string().max(settings.CONFIDENCE_MAX_TEXT_LENGTH);
}

/** Item counts per scored evidence source type. */
export const compositionSchema = z
  .object({
    academic: z.number().int(),
    verified: z.number().int(),
    empirical: z.number().int(),
    other: z.number().int(),
    unstructured: z.number().int(),
  })
  .describe('Number of items per source type');
