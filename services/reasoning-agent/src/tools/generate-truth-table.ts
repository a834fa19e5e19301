import { assertWorkBudget, defineTool, ServiceError, z } from '@a2a-mcp/core';
import { createCheckpoint } from '../lib/checkpoint.js';
import { collectVariables, countNodes } from '../lib/logic/ast.js';
import { printFormula } from '../lib/logic/printer.js';
import { buildTruthTable } from '../lib/logic/truth-table.js';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, PURE, assignmentSchema, formulaString, parseFormulaField } from './shared.js';

export function createGenerateTruthTableTool(settings: ReasoningSettings) {
  const maxVariables = settings.REASONING_TRUTH_TABLE_MAX_VARIABLES;
  const maxRows = settings.REASONING_TRUTH_TABLE_MAX_ROWS;
  return defineTool({
    name: 'generate_truth_table',
    title: 'Truth table',
    description: `Truth table of a formula (at most ${maxVariables} variables): rows in binary counting order (first variable most significant, false first), and whether the formula is a tautology, a contradiction or contingent. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: PURE,
    input: z.object({
      formula: formulaString(settings, 'The formula, e.g. "A -> (B | A)"'),
      max_rows: z.number().int().min(0).max(maxRows).optional().describe(`Rows to return (default and maximum ${maxRows}); all rows are evaluated for the classification`),
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
    handler: async ({ formula, max_rows }, ctx) => {
      const tree = parseFormulaField(formula, 'formula');
      const count = collectVariables(tree).length;
      if (count > maxVariables) {
        throw new ServiceError('invalid_arguments', `The formula has ${count} variables; a truth table allows at most ${maxVariables} (REASONING_TRUTH_TABLE_MAX_VARIABLES). Use check_satisfiability instead.`, {
          data: { variables: count, max: maxVariables },
        });
      }
      assertWorkBudget({
        what: 'Truth-table work',
        factors: [
          { label: 'rows', value: 2 ** count },
          { label: 'formula nodes', value: countNodes(tree) },
        ],
        limit: settings.REASONING_MAX_TRUTH_TABLE_WORK,
        bound: 'REASONING_MAX_TRUTH_TABLE_WORK',
        hint: 'send a shorter formula or one with fewer variables (check_satisfiability has no such limit)',
        field: 'formula',
      });
      const rows = Math.min(max_rows ?? maxRows, 2 ** count);
      assertWorkBudget({
        what: 'The truth-table answer',
        factors: [
          { label: 'rows', value: rows },
          { label: 'variables', value: Math.max(1, count) },
        ],
        limit: settings.REASONING_MAX_TRUTH_TABLE_CELLS,
        bound: 'REASONING_MAX_TRUTH_TABLE_CELLS',
        hint: 'lower max_rows',
        field: 'max_rows',
      });
      const table = await buildTruthTable(tree, rows, createCheckpoint(ctx.signal));
      return { canonical: printFormula(tree), ...table, is_tautology: table.classification === 'tautology', is_contradiction: table.classification === 'contradiction' };
    },
  });
}
