import { defineTool, keyValueList, ServiceError, z } from '@a2a-mcp/core';
import { collectVariables, evaluateFormula } from '../lib/logic/ast.js';
import { printFormula } from '../lib/logic/printer.js';
import type { ReasoningSettings } from '../settings.js';
import { GRAMMAR_HINT, READ_ONLY_ANNOTATIONS, formulaString, parseFormulaField } from './shared.js';

export function createEvaluatePropositionTool(settings: ReasoningSettings) {
  return defineTool({
    name: 'evaluate_proposition',
    title: 'Evaluate a proposition',
    description: `Evaluates a propositional formula under a truth assignment; returns the value, the canonical form and the variables. Every variable needs a value. ${GRAMMAR_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      formula: formulaString(settings, 'The formula, e.g. "(A & B) -> !C"'),
      assignment: keyValueList({
        key: ['variable', z.string().max(200)],
        value: ['value', z.boolean()],
        maxItems: 10_000,
        description:
          'Truth value of each variable, one pair per variable, e.g. [{"variable": "A", "value": true}, {"variable": "B", "value": false}]',
      }),
    }),
    output: z.object({
      value: z.boolean(),
      canonical: z.string().describe('The formula printed canonically (symbolic operators, minimal parentheses)'),
      variables: z.array(z.string()).describe('Variables in order of first appearance'),
      unused_assignments: z.array(z.string()).describe('Assigned names that do not occur in the formula'),
    }),
    handler: ({ formula, assignment }) => {
      const tree = parseFormulaField(formula, 'formula');
      const variables = collectVariables(tree);
      const values = new Map(Object.entries(assignment));
      const missing = variables.filter((name) => !values.has(name));
      if (missing.length > 0) {
        throw new ServiceError(
          'invalid_arguments',
          `No value in the assignment for variable${missing.length > 1 ? 's' : ''} ${missing.slice(0, 20).join(', ')}`,
          { data: { missing: missing.slice(0, 100) } },
        );
      }
      return {
        value: evaluateFormula(tree, (name) => values.get(name)!),
        canonical: printFormula(tree),
        variables,
        unused_assignments: [...values.keys()].filter((name) => !variables.includes(name)),
      };
    },
  });
}
