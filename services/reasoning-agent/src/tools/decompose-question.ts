import { defineTool, z } from '@a2a-mcp/core';
import { DECOMPOSITION_STRATEGIES, decomposeQuestion } from '../lib/questions/decompose.js';
import { QUESTION_PATTERNS } from '../lib/questions/patterns.js';
import { READ_ONLY_ANNOTATIONS } from './shared.js';

export const decomposeQuestionTool = defineTool({
  name: 'decompose_question',
  title: 'Decompose a question',
  description:
    'Splits a question into sub-questions with types and dependencies, by deterministic heuristics: compound questions into their parts, comparisons into definitions + differences + commonalities, otherwise templates of the chosen strategy (structural, causal or temporal), ending with a synthesis step.',
  permission: 'read',
  annotations: READ_ONLY_ANNOTATIONS,
  input: z.object({
    question: z.string().trim().min(1).max(2000).describe('The question'),
    max_sub_questions: z.number().int().min(1).max(20).default(5).describe('Most sub-questions to return (default 5)'),
    strategy: z
      .enum(DECOMPOSITION_STRATEGIES)
      .default('structural')
      .describe('Template family: structural (parts and relations), causal (causes and effects) or temporal (stages over time)'),
  }),
  output: z.object({
    question: z.string(),
    question_type: z.enum([...QUESTION_PATTERNS, 'other']).describe('Strongest pattern from analyze_question_patterns, or other'),
    method: z.enum(['compound', 'comparison', 'template']),
    strategy: z.enum(DECOMPOSITION_STRATEGIES),
    topic: z.string(),
    sub_questions: z.array(z.object({ id: z.string(), text: z.string(), type: z.string(), depends_on: z.array(z.string()) })),
  }),
  handler: ({ question, max_sub_questions, strategy }) => decomposeQuestion(question, max_sub_questions, strategy),
});
