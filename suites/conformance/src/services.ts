/**
 * The nine services, as services.json lists them, each with a factory that builds its definition
 * from default settings (never the environment, so a developer's REDIS_URL or EMBEDDINGS_URL does
 * not change what is tested).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSettings, type ServiceDefinition } from '@a2a-mcp/core';
import { createConfidenceCalculatorService, loadConfidenceSettings } from '@a2a-mcp/confidence-calculator';
import { createDataStandardizationService, settingsSchema as dataStandardizationSettings } from '@a2a-mcp/data-standardization';
import { createReasoningAgentService, settingsSchema as reasoningSettings } from '@a2a-mcp/reasoning-agent';
import { createResourceStreamingService, loadStreamSettings } from '@a2a-mcp/resource-streaming';
import { createSemanticSimilarityService, settingsSchema as semanticSettings } from '@a2a-mcp/semantic-similarity';
import { createSessionManagementService, loadSessionSettings } from '@a2a-mcp/session-management';
import { createTransportLayerService, loadTransportSettings } from '@a2a-mcp/transport-layer';
import { createVectorRankingService, loadVectorRankingSettings } from '@a2a-mcp/vector-ranking';
import { createVectorSimilarityService, loadVectorSimilaritySettings } from '@a2a-mcp/vector-similarity';

export interface RegisteredService {
  name: string;
  package: string;
  port: number;
}

/** Service name → its definition with default settings. */
export const SERVICE_FACTORIES: Readonly<Record<string, () => ServiceDefinition>> = {
  'data-standardization': () => createDataStandardizationService(loadSettings(dataStandardizationSettings, {})),
  'vector-similarity': () => createVectorSimilarityService(loadVectorSimilaritySettings({})),
  'vector-ranking': () => createVectorRankingService(loadVectorRankingSettings({})),
  'transport-layer': () => createTransportLayerService(loadTransportSettings({})),
  'reasoning-agent': () => createReasoningAgentService(loadSettings(reasoningSettings, {})),
  'session-management': () => createSessionManagementService(loadSessionSettings({})),
  'resource-streaming': () => createResourceStreamingService(loadStreamSettings({})),
  'confidence-calculator': () => createConfidenceCalculatorService(loadConfidenceSettings({})),
  'semantic-similarity': () => createSemanticSimilarityService(loadSettings(semanticSettings, {})),
};

/** The registry at the repository root: the one list of services. */
export function registeredServices(): RegisteredService[] {
  const path = fileURLToPath(new URL('../../../services.json', import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { services: RegisteredService[] }).services;
}

/** The definition of `name`, built from its default settings. */
export function createRegisteredService(name: string): ServiceDefinition {
  const factory = SERVICE_FACTORIES[name];
  if (!factory) throw new Error(`No factory for service ${name}: add it to SERVICE_FACTORIES in suites/conformance/src/services.ts`);
  return factory();
}
