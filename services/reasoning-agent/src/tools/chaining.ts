/** Input and output schema pieces shared by forward_chain and prove_goal. */
import { z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { atomString } from './shared.js';

export const DATALOG_HINT =
  'Atoms look like parent(alice, bob); arguments starting with an upper-case letter or _ are variables, others constants (quote constants with spaces). Rules: {"if": ["parent(X, Y)", "parent(Y, Z)"], "then": "grandparent(X, Z)"}; every head variable must occur in the body.';

export function programInput(settings: ReasoningSettings) {
  return {
    facts: z
      .array(atomString(settings, 'A ground fact, e.g. "parent(alice, bob)"'))
      .max(settings.REASONING_MAX_FACTS)
      .describe(`Known facts (at most ${settings.REASONING_MAX_FACTS})`),
    rules: z
      .array(
        z.object({
          if: z
            .array(atomString(settings, 'A body atom, e.g. "parent(X, Y)"'))
            .min(1)
            .max(32)
            .describe('Body atoms, all of which must hold'),
          then: atomString(settings, 'The head atom derived when the body holds, e.g. "grandparent(X, Z)"'),
          name: z.string().max(200).optional().describe('Optional rule name, echoed in derivations'),
        }),
      )
      .max(settings.REASONING_MAX_RULES)
      .describe(`Horn rules (at most ${settings.REASONING_MAX_RULES})`),
    max_iterations: z
      .number()
      .int()
      .min(1)
      .max(settings.REASONING_MAX_ITERATIONS)
      .optional()
      .describe(`Iteration cap (default and maximum ${settings.REASONING_MAX_ITERATIONS})`),
  };
}

export const stopReasonSchema = z.enum(['fixpoint', 'max_iterations', 'max_derived_facts', 'max_inferences']);

export function chainingLimits(settings: ReasoningSettings, maxIterations: number | undefined) {
  return {
    maxIterations: maxIterations ?? settings.REASONING_MAX_ITERATIONS,
    maxDerivedFacts: settings.REASONING_MAX_DERIVED_FACTS,
    maxInferences: settings.REASONING_MAX_INFERENCES,
  };
}
