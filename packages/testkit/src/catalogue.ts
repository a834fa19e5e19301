/**
 * The tool catalogue written out by hand: the 51 tool names of the nine services, in the order
 * docs/tools.md lists them (that file is generated from the definitions by `pnpm docs:tools`).
 * Tests compare what a service advertises with this independent list, so a renamed, missing or
 * extra tool fails them (e2e, conformance's Inspector smoke test, e2e's tool-docs test).
 * Every tool's input schema stays inside core's portable dialect (docs/architecture.md, "What a
 * model sees"), which e2e's input-dialect test checks over this list.
 */
export const TOOL_CATALOGUE = {
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
  'vector-similarity': [
    'calculate_vector_similarity',
    'batch_vector_similarity',
    'vector_statistics',
    'normalize_vectors',
    'cluster_vectors',
  ],
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

/** A service name of services.json. */
export type ServiceName = keyof typeof TOOL_CATALOGUE;
