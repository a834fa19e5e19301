import { defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { DATALOG_HINT, chainingLimits, programInput, stopReasonSchema } from './chaining.js';
import { READ_ONLY_ANNOTATIONS, atomString } from './shared.js';
import { goalProofTask } from './tasks.js';

export function createProveGoalTool(settings: ReasoningSettings) {
  const maxAnswers = settings.REASONING_MAX_BINDINGS;
  return defineTool({
    name: 'prove_goal',
    title: 'Prove a goal (backward chaining)',
    description: `Proves a goal atom, which may contain variables, by goal-directed chaining with tabling (cycles and left recursion terminate). Returns every answer's variable bindings (sorted, capped) and a proof: steps in dependency order, each a given fact or a rule applied to earlier facts. ${DATALOG_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      ...programInput(settings),
      goal: atomString(settings, 'The goal, e.g. "grandparent(alice, Who)"'),
      max_answers: z.number().int().min(1).max(maxAnswers).optional().describe(`Answers to list (default 100, at most ${maxAnswers})`),
    }),
    output: z.object({
      goal: z.string(),
      proved: z.boolean(),
      answers: z.array(
        z.object({
          fact: z.string(),
          bindings: z.record(z.string(), z.string()).describe('Value of each goal variable'),
          proof: z.array(
            z.object({
              fact: z.string(),
              via: z.enum(['fact', 'rule']),
              rule: z.number().int().optional(),
              rule_name: z.string().optional(),
              premises: z.array(z.string()),
            }),
          ),
          proof_truncated: z.boolean(),
        }),
      ),
      answer_count: z.number().int(),
      answers_truncated: z.boolean(),
      complete: z.boolean().describe('True when every table reached its fixpoint (no answer can be missing)'),
      stop_reason: stopReasonSchema,
      message: z.string(),
      passes: z.number().int(),
      subgoals: z.number().int(),
      inferences: z.number().int(),
    }),
    handler: ({ facts, rules, goal, max_answers, max_iterations }, ctx) => {
      const limits = {
        ...chainingLimits(settings, max_iterations),
        maxAnswers: max_answers ?? Math.min(100, maxAnswers),
        maxProofSteps: settings.REASONING_MAX_PROOF_STEPS,
      };
      return ctx.compute(goalProofTask, { facts, rules, goal, limits });
    },
  });
}
