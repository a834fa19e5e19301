import { defineTool, z } from '@a2a-mcp/core';
import { splitCompound } from '../lib/questions/decompose.js';
import { QUESTION_PATTERNS, detectPatterns, normalizeQuestion } from '../lib/questions/patterns.js';
import { READ_ONLY_ANNOTATIONS } from './shared.js';

export const analyzeQuestionPatternsTool = defineTool({
  name: 'analyze_question_patterns',
  title: 'Analyze question patterns',
  description:
    "Detects reasoning patterns in a question (procedural, causal, comparative, temporal, definitional, systems) from a fixed lexicon of indicator phrases; each pattern gets a confidence (noisy-or of its indicators' weights, capped at 0.95) and the indicators found.",
  permission: 'read',
  annotations: READ_ONLY_ANNOTATIONS,
  input: z.object({
    question: z.string().trim().min(1).max(2000).describe('The question'),
    focus_areas: z
      .array(z.enum(QUESTION_PATTERNS))
      .max(QUESTION_PATTERNS.length)
      .optional()
      .describe('Only consider these patterns (default: all six)'),
  }),
  output: z.object({
    question: z.string(),
    patterns: z
      .array(z.object({ pattern: z.enum(QUESTION_PATTERNS), confidence: z.number(), indicators: z.array(z.string()) }))
      .describe('Detected patterns, strongest first'),
    primary_pattern: z.enum(QUESTION_PATTERNS).nullable(),
    question_word: z.string().nullable().describe('The leading question word (what, why, how, ...), if any'),
    compound: z.boolean().describe('True when the text holds several questions'),
  }),
  handler: ({ question, focus_areas }) => {
    const patterns = detectPatterns(question, focus_areas);
    const first = /^(what|why|how|when|where|who|which|whose|whom)\b/.exec(normalizeQuestion(question));
    return {
      question,
      patterns,
      primary_pattern: patterns[0]?.pattern ?? null,
      question_word: first ? first[1]! : null,
      compound: splitCompound(question).length > 1,
    };
  },
});
