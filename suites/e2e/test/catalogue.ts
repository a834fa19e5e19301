/**
 * The tool catalogue of docs/tools.md (testkit's TOOL_CATALOGUE: 51 tools, nine services), and how each
 * service is built for these tests: defaults, plus the settings a service requires.
 */
import type { ServiceDefinition } from '@a2a-mcp/core';
import { TOOL_CATALOGUE, type ServiceName } from '@a2a-mcp/testkit';

/** A fixed signing secret (session tokens), at least 32 characters as the production profile asks. */
export const SESSION_SIGNING_SECRET = 'e2e-session-signing-secret-0123456789abcdef';

/** The catalogue per service (kept once, in testkit). */
export const CATALOGUE = TOOL_CATALOGUE;

export type { ServiceName };

/**
 * Builds each service as its own tests do: default settings, a fixed secret where one is needed.
 * Imported on demand, so a test file loads only the service it tests.
 */
export const SERVICES: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  'data-standardization': async () => (await import('@a2a-mcp/data-standardization')).createDataStandardizationService(),
  'vector-similarity': async () => {
    const m = await import('@a2a-mcp/vector-similarity');
    return m.createVectorSimilarityService(m.loadVectorSimilaritySettings({}));
  },
  'vector-ranking': async () => {
    const m = await import('@a2a-mcp/vector-ranking');
    return m.createVectorRankingService(m.loadVectorRankingSettings({}));
  },
  'transport-layer': async () => {
    const m = await import('@a2a-mcp/transport-layer');
    return m.createTransportLayerService(m.loadTransportSettings({}));
  },
  'reasoning-agent': async () => (await import('@a2a-mcp/reasoning-agent')).createReasoningAgentService(),
  'session-management': async () => {
    const m = await import('@a2a-mcp/session-management');
    return m.createSessionManagementService(m.loadSessionSettings({ SESSION_SIGNING_SECRET }));
  },
  'resource-streaming': async () => {
    const m = await import('@a2a-mcp/resource-streaming');
    return m.createResourceStreamingService(m.loadStreamSettings({}));
  },
  'confidence-calculator': async () => {
    const m = await import('@a2a-mcp/confidence-calculator');
    return m.createConfidenceCalculatorService(m.loadConfidenceSettings({}));
  },
  'semantic-similarity': async () => (await import('@a2a-mcp/semantic-similarity')).createSemanticSimilarityService(),
};
