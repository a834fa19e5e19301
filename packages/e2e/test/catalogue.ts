/**
 * The tool catalogue of TOOLS.md, written out by hand (51 tools, nine services), and how each
 * service is built for these tests: defaults, plus the settings a service requires.
 */
import type { ServiceDefinition } from '@a2a-mcp/core';

/** A fixed signing secret (session tokens), at least 32 characters as the production profile asks. */
export const SESSION_SIGNING_SECRET = 'e2e-session-signing-secret-0123456789abcdef';

export const CATALOGUE = {
  'data-standardization': [
    'standardize_accounts',
    'standardize_locations',
    'standardize_products',
    'standardize_batch',
    'standardize_values',
    'assess_data_quality',
    'calculate_completeness_score',
    'validate_schema_compliance',
    'validate_business_rules',
    'verify_data_integrity',
    'assess_standardization_quality',
    'run_standardization_workflow',
  ],
  'vector-similarity': ['calculate_vector_similarity', 'batch_vector_similarity', 'vector_statistics', 'normalize_vectors', 'cluster_vectors'],
  'vector-ranking': ['hybrid_ranking_search', 'calculate_bm25_scores', 'calculate_pagerank_scores', 'rerank_mmr', 'fuse_rankings'],
  'transport-layer': ['send_message', 'receive_messages'],
  'reasoning-agent': [
    'evaluate_proposition',
    'generate_truth_table',
    'check_satisfiability',
    'check_entailment',
    'find_inconsistencies',
    'forward_chain',
    'prove_goal',
    'decompose_question',
    'analyze_question_patterns',
  ],
  'session-management': ['create_session', 'get_session', 'update_session'],
  'resource-streaming': ['publish_event', 'read_stream'],
  'confidence-calculator': [
    'calculate_reasoning_confidence',
    'calculate_evidence_quality',
    'calculate_semantic_alignment',
    'adjust_confidence_for_uncertainty',
    'calculate_fallback_confidence',
    'evaluate_calibration',
  ],
  'semantic-similarity': [
    'calculate_text_similarity',
    'find_similar_texts',
    'calculate_group_similarity',
    'preprocess_text',
    'extract_semantic_features',
    'embed_texts',
    'deduplicate_texts',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ServiceName = keyof typeof CATALOGUE;

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
