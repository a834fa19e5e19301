import { defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, READ_ONLY_ANNOTATIONS, assignmentSchema, formulaString } from './shared.js';
import { truthTableTask } from './tasks.js';

export function createGenerateTruthTableTool(settings: ReasoningSettings) {
  const maxVariables = settings.REASONING_TRUTH_TABLE_MAX_VARIABLES;
  const maxRows = settings.REASONING_TRUTH_TABLE_MAX_ROWS;
  return defineTool({
    name: 'generate_truth_table',
    title: 'Truth table',
    description: `Truth table of a formula (at most ${maxVariables} variables): rows in binary counting order (first variable most significant, false first), and whether the formula is a tautology, a contradiction or contingent. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      formula: formulaString(settings, 'The formula, e.g. "A -> (B | A)"'),
      max_rows: z
        .number()
        .int()
        .min(0)
        .max(maxRows)
        .optional()
        .describe(`Rows to return (default and maximum ${maxRows}); all rows are evaluated for the classification`),
    }),
    output: z.object({
      canonical: z.string(),
      variables: z.array(z.string()),
      rows: z.array(z.object({ assignment: assignmentSchema, value: z.boolean() })),
      total_rows: z.number().int(),
      rows_truncated: z.boolean(),
      true_rows: z.number().int(),
      classification: z.enum(['tautology', 'contradiction', 'contingent']),
      is_tautology: z.boolean(),
      is_contradiction: z.boolean(),
    }),
    handler: ({ formula, max_rows }, ctx) =>
      ctx.compute(truthTableTask, {
        formula,
        maxRows: max_rows ?? maxRows,
        maxVariables,
        maxWork: settings.REASONING_MAX_TRUTH_TABLE_WORK,
        maxCells: settings.REASONING_MAX_TRUTH_TABLE_CELLS,
      }),
  });
}
