import { defineTool, z } from '@a2a-mcp/core';
import { calculateEvidenceQuality } from '../lib/evidence.js';
import { EVIDENCE_QUANTITY_BONUS, EVIDENCE_SOURCE_SCORES, NO_EVIDENCE_SCORE } from '../lib/factors.js';
import type { ConfidenceSettings } from '../settings.js';
import { compositionSchema, evidenceListSchema, READ_ONLY_ANNOTATIONS } from './schemas.js';

/** `calculate_evidence_quality`: mean source score + quantity bonus, or 0.2 with no evidence. */
export function createCalculateEvidenceQualityTool(settings: ConfidenceSettings) {
  return defineTool({
    name: 'calculate_evidence_quality',
    title: 'Evidence quality',
    description: `Scores a list of evidence items by source type (${Object.entries(EVIDENCE_SOURCE_SCORES)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}): the mean score, plus ${EVIDENCE_QUANTITY_BONUS.bonus} when there are more than ${EVIDENCE_QUANTITY_BONUS.min_items_exclusive} items, capped at ${EVIDENCE_QUANTITY_BONUS.cap}; ${NO_EVIDENCE_SCORE} with no evidence.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({ evidence: evidenceListSchema(settings) }),
    output: z.object({
      score: z.number().describe('Evidence quality in [0, 1]'),
      item_count: z.number().int(),
      mean_source_score: z.number().describe('Mean of the per-item source scores (0 with no evidence)'),
      quantity_bonus: z.number().describe('Bonus added for having more than 3 items'),
      composition: compositionSchema,
    }),
    handler: ({ evidence }) => calculateEvidenceQuality(evidence),
  });
}
