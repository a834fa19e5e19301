import { defineService, loadSettings, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { settingsSchema, type ReasoningSettings } from './settings.js';
import { createTools } from './tools/index.js';

export { settingsSchema, defaultSettings } from './settings.js';
export type { ReasoningSettings } from './settings.js';

/**
 * The reasoning-agent service declaration (port 8105).
 *
 * @param settings bounds and caps; default: read from the environment (REASONING_* variables).
 */
export function createReasoningAgentService(settings: ReasoningSettings = loadSettings(settingsSchema)): ServiceDefinition {
  return defineService({
    name: 'reasoning-agent',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Propositional logic (evaluation, truth tables, SAT, entailment, minimal inconsistent subsets), Datalog forward and backward chaining with proofs, and deterministic question decomposition and pattern analysis.',
    tools: createTools(settings),
  });
}
