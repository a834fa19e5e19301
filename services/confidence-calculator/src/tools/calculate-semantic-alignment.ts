import { defineTool, z } from '@a2a-mcp/core';
import { SEMANTIC_ALIGNMENT } from '../lib/factors.js';
import { calculateSemanticAlignment, QUESTION_TYPES } from '../lib/semantic.js';
import type { ConfidenceSettings } from '../settings.js';
import { READ_ONLY_ANNOTATIONS, textSchema } from './schemas.js';

/** `calculate_semantic_alignment`: keyword coverage and answer-type cue of an answer. */
export function createCalculateSemanticAlignmentTool(settings: ConfidenceSettings) {
  return defineTool({
    name: 'calculate_semantic_alignment',
    title: 'Semantic alignment',
    description: `How well an answer addresses its question: ${SEMANTIC_ALIGNMENT.overlap_weight} × the share of the question's content words found in the answer + ${SEMANTIC_ALIGNMENT.cue_weight} × whether the answer has the form the question type calls for. Also returns the question type (${QUESTION_TYPES.join(', ')}) and the overlapping keywords.`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      question: textSchema(settings).min(1).describe('The question that was asked'),
      answer: textSchema(settings).min(1).describe('The answer to score'),
    }),
    output: z.object({
      alignment_score: z.number().describe('Alignment in [0, 1]'),
      question_type: z.enum(QUESTION_TYPES),
      keyword_overlap: z.array(z.string()).describe("Question keywords found in the answer, in the question's order"),
      question_keywords: z.number().int().describe('Content words in the question'),
      answer_keywords: z.number().int().describe('Content words in the answer'),
      keyword_coverage: z.number().describe('Share of question keywords found in the answer (0.5 when the question has none)'),
      answer_type_cue: z.number().describe('1 when the answer has the expected form, 0 when not, 0.5 for "other" questions'),
    }),
    handler: ({ question, answer }) => calculateSemanticAlignment(question, answer),
  });
}
