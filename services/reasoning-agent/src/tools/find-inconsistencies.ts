import { defineTool, z } from '@a2a-mcp/core';
import { createCheckpoint } from '../lib/checkpoint.js';
import { printFormula } from '../lib/logic/printer.js';
import { findMinimalUnsatisfiableSubset } from '../lib/logic/reasoning.js';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, PURE, assignmentSchema, formulaString, parseFormulaField } from './shared.js';

export function createFindInconsistenciesTool(settings: ReasoningSettings) {
  return defineTool({
    name: 'find_inconsistencies',
    title: 'Find inconsistencies',
    description: `Checks whether statements can all be true together; if not, returns a minimal unsatisfiable subset (0-based indices; dropping any one of them makes the rest consistent), found by deletion over a SAT solver. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: PURE,
    input: z.object({
      statements: z.array(formulaString(settings, 'A statement')).min(1).max(settings.REASONING_MAX_STATEMENTS).describe('The statements to check together'),
    }),
    output: z.object({
      consistent: z.boolean(),
      model: assignmentSchema.nullable().describe('An assignment making every statement true, when consistent'),
      minimal_unsatisfiable_subset: z.array(z.number().int()).nullable().describe('0-based indices, ascending; null when consistent'),
      conflicting_statements: z.array(z.string()).describe('The subset, printed canonically'),
      solver_calls: z.number().int(),
    }),
    handler: async ({ statements }, ctx) => {
      const trees = statements.map((statement, i) => parseFormulaField(statement, `statements[${i}]`));
      const result = await findMinimalUnsatisfiableSubset(trees, createCheckpoint(ctx.signal), settings.REASONING_MAX_CLAUSES);
      return { ...result, conflicting_statements: (result.minimal_unsatisfiable_subset ?? []).map((i) => printFormula(trees[i]!)) };
    },
  });
}
