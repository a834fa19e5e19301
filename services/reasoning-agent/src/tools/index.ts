import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';
import { analyzeQuestionPatternsTool } from './analyze-question-patterns.js';
import { createCheckEntailmentTool } from './check-entailment.js';
import { createCheckSatisfiabilityTool } from './check-satisfiability.js';
import { decomposeQuestionTool } from './decompose-question.js';
import { createEvaluatePropositionTool } from './evaluate-proposition.js';
import { createFindInconsistenciesTool } from './find-inconsistencies.js';
import { createForwardChainTool } from './forward-chain.js';
import { createGenerateTruthTableTool } from './generate-truth-table.js';
import { createProveGoalTool } from './prove-goal.js';

/** The nine reasoning-agent tools, bounded by `settings`. */
export function createTools(settings: ReasoningSettings): AnyToolDefinition[] {
  return [
    createEvaluatePropositionTool(settings),
    createGenerateTruthTableTool(settings),
    createCheckSatisfiabilityTool(settings),
    createCheckEntailmentTool(settings),
    createFindInconsistenciesTool(settings),
    createForwardChainTool(settings),
    createProveGoalTool(settings),
    decomposeQuestionTool,
    analyzeQuestionPatternsTool,
  ];
}
