import { defineTool, z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { DATALOG_HINT, chainingLimits, programInput, stopReasonSchema } from './chaining.js';
import { READ_ONLY_ANNOTATIONS } from './shared.js';
import { forwardChainingTask } from './tasks.js';

export function createForwardChainTool(settings: ReasoningSettings) {
  return defineTool({
    name: 'forward_chain',
    title: 'Forward chaining',
    description: `Applies Datalog rules to facts until nothing new follows (semi-naive evaluation). Returns every derived fact with the rule and premises that produced it. Stops with a clear message at the iteration, derived-fact or inference cap. ${DATALOG_HINT}`,
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object(programInput(settings)),
    output: z.object({
      derived: z.array(
        z.object({
          fact: z.string(),
          rule: z.number().int().describe('Index of the rule in the input'),
          rule_name: z.string().optional(),
          premises: z.array(z.string()).describe('Facts matched by the rule body, in body order'),
          iteration: z.number().int(),
        }),
      ),
      derived_count: z.number().int(),
      iterations: z.number().int(),
      fixpoint_reached: z.boolean(),
      stop_reason: stopReasonSchema,
      message: z.string(),
      inferences: z.number().int().describe('Body-atom match attempts'),
    }),
    handler: ({ facts, rules, max_iterations }, ctx) =>
      ctx.compute(forwardChainingTask, { facts, rules, limits: chainingLimits(settings, max_iterations) }),
  });
}
