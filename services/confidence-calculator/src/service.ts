import { defineService, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { loadConfidenceSettings, type ConfidenceSettings } from './settings.js';
import { createTools } from './tools/index.js';
import { createStatusResource } from './tools/status-resource.js';

/**
 * The confidence-calculator service declaration (port 8108).
 *
 * @param settings input bounds; default: read from the environment (`CONFIDENCE_MAX_*`).
 */
export function createConfidenceCalculatorService(settings: ConfidenceSettings = loadConfidenceSettings()): ServiceDefinition {
  return defineService({
    name: 'confidence-calculator',
    version: readPackageVersion(import.meta.url),
    instructions: 'Scores how confident an agent should be in an answer, and measures how well predicted probabilities are calibrated.',
    tools: createTools(settings),
    resources: [createStatusResource(settings)],
  });
}

export { loadConfidenceSettings, settingsSchema } from './settings.js';
export type { ConfidenceSettings } from './settings.js';
