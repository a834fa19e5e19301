/**
 * How each service is built for these tests: default settings (never the environment), plus the
 * one setting a service requires (session-management's signing secret). Imported on demand.
 */
import type { ServiceDefinition } from '@a2a-mcp/core';
import type { ServiceName } from '@a2a-mcp/testkit';

/** A fixed session signing secret, at least 32 characters as the production profile asks. */
const SESSION_SIGNING_SECRET = 'interop-session-signing-secret-0123456789';

/** Service name → its definition. */
export const SERVICES: Readonly<Record<ServiceName, () => Promise<ServiceDefinition>>> = {
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
