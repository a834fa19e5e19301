import { assertWorkBudget, defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, READ_ONLY_ANNOTATIONS, assignmentSchema, cnfStatsSchema, formulaString } from './shared.js';
import { satisfiabilityTask } from './tasks.js';

export { solveDimacs } from '../lib/tasks.js';

export function createCheckSatisfiabilityTool(settings: ReasoningSettings) {
  const maxVariables = settings.REASONING_MAX_SAT_VARIABLES;
  const maxClauses = settings.REASONING_MAX_CLAUSES;
  const literal = z
    .number()
    .int()
    .min(-maxVariables)
    .max(maxVariables)
    .refine((value) => value !== 0, '0 is not a literal (DIMACS uses it only as a clause terminator)');
  return defineTool({
    name: 'check_satisfiability',
    title: 'Satisfiability (SAT solver)',
    description: `Decides whether a formula, or a set of CNF clauses in DIMACS convention (k = variable x<k>, -k its negation), is satisfiable, and returns a model. Formulas go through a Tseitin encoding to CNF, then MiniSat (logic-solver). ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z
      .object({
        formula: formulaString(settings, 'A formula, e.g. "(A | B) & !A"').optional(),
        clauses: z
          .array(z.array(literal).max(10_000).describe('One clause: non-zero literals'))
          .max(maxClauses)
          .optional()
          .describe(
            `CNF clauses as integer lists, e.g. [[1, -2], [2]]; at most ${maxClauses} clauses, variables 1..${maxVariables}; an empty clause is false`,
          ),
        num_variables: z
          .number()
          .int()
          .min(0)
          .max(maxVariables)
          .optional()
          .describe('For clauses: the number of variables (default: the largest one used)'),
      })
      .refine((value) => (value.formula === undefined) !== (value.clauses === undefined), 'give exactly one of formula or clauses'),
    output: z.object({
      satisfiable: z.boolean(),
      model: assignmentSchema.nullable().describe('A satisfying assignment of every variable, or null'),
      model_literals: z.array(z.number().int()).nullable().optional().describe('For clauses: the model as DIMACS literals'),
      canonical: z.string().optional(),
      variables: z.array(z.string()),
      cnf: cnfStatsSchema,
    }),
    handler: ({ formula, clauses, num_variables }, ctx) => {
      if (clauses !== undefined) {
        let literals = 0;
        for (const clause of clauses) literals += clause.length;
        assertWorkBudget({
          what: 'The clause set',
          factors: [{ label: 'literals', value: literals }],
          limit: settings.REASONING_MAX_LITERALS,
          bound: 'REASONING_MAX_LITERALS',
          hint: 'send fewer or shorter clauses',
          field: 'clauses',
        });
      }
      return ctx.compute(satisfiabilityTask, { formula, clauses, num_variables, maxClauses });
    },
  });
}
