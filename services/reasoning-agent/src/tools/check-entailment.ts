import { defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, READ_ONLY_ANNOTATIONS, assignmentSchema, cnfStatsSchema, formulaString } from './shared.js';
import { entailmentTask } from './tasks.js';

export function createCheckEntailmentTool(settings: ReasoningSettings) {
  return defineTool({
    name: 'check_entailment',
    title: 'Entailment',
    description: `Decides whether premises entail a conclusion (premises ∧ ¬conclusion unsatisfiable, by SAT); otherwise returns a counterexample: an assignment making every premise true and the conclusion false. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      premises: z
        .array(formulaString(settings, 'A premise'))
        .max(settings.REASONING_MAX_STATEMENTS)
        .describe('The premises (may be empty: then the conclusion must be a tautology)'),
      conclusion: formulaString(settings, 'The conclusion'),
    }),
    output: z.object({
      entailed: z.boolean(),
      counterexample: assignmentSchema.nullable().describe('Premises true, conclusion false; null when entailed'),
      premises_consistent: z.boolean().describe('False when the premises contradict each other (they then entail anything)'),
      canonical_premises: z.array(z.string()),
      canonical_conclusion: z.string(),
      cnf: cnfStatsSchema,
    }),
    handler: ({ premises, conclusion }, ctx) =>
      ctx.compute(entailmentTask, { premises, conclusion, maxClauses: settings.REASONING_MAX_CLAUSES }),
  });
}
