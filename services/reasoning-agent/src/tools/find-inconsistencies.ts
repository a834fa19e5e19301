import { defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, READ_ONLY_ANNOTATIONS, assignmentSchema, formulaString } from './shared.js';
import { inconsistenciesTask } from './tasks.js';

export function createFindInconsistenciesTool(settings: ReasoningSettings) {
  return defineTool({
    name: 'find_inconsistencies',
    title: 'Find inconsistencies',
    description: `Checks whether statements can all be true together; if not, returns a minimal unsatisfiable subset (0-based indices; dropping any one of them makes the rest consistent), found by deletion over a SAT solver. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      statements: z
        .array(formulaString(settings, 'A statement'))
        .min(1)
        .max(settings.REASONING_MAX_STATEMENTS)
        .describe('The statements to check together'),
    }),
    output: z.object({
      consistent: z.boolean(),
      model: assignmentSchema.nullable().describe('An assignment making every statement true, when consistent'),
      minimal_unsatisfiable_subset: z.array(z.number().int()).nullable().describe('0-based indices, ascending; null when consistent'),
      conflicting_statements: z.array(z.string()).describe('The subset, printed canonically'),
      solver_calls: z.number().int(),
    }),
    handler: ({ statements }, ctx) => ctx.compute(inconsistenciesTask, { statements, maxClauses: settings.REASONING_MAX_CLAUSES }),
  });
}
