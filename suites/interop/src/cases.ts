/**
 * One valid call per tool (51 tools, nine services), with the inputs the e2e suite sends
 * (suites/e2e/test/*.test.ts) in the services' wire forms (records, JSON Schemas and "any JSON"
 * payloads as JSON text, maps as name/value lists; see each service's README, "Input forms");
 * the values each must return are in `expected.ts`. The calls of a
 * service run in this order, and a call may take its arguments from an earlier one's result
 * (a session's id and token, a message id), so stateful tools are exercised as a chain.
 *
 * Plain data and erasable TypeScript only: the Node 22 driver (`node22-driver.ts`) imports this
 * file directly, with Node's type stripping.
 */

/** The structured results of the earlier calls of the same chain, by case label. */
export type Prior = Readonly<Record<string, Record<string, unknown>>>;

export interface ToolCase {
  /** Unique within its service; the tool name unless the tool is called more than once. */
  label: string;
  tool: string;
  /** The arguments, for the chain `run`. */
  args: (prior: Prior, run: Run) => Record<string, unknown>;
}

/** Whose chain a call belongs to. */
export interface Run {
  /** The client, e.g. `langchain`: each has its own event stream. */
  name: string;
  /** The client id of its API key: its own mailbox. */
  client: string;
}

const fixed = (tool: string, args: Record<string, unknown>, label = tool): ToolCase => ({ label, tool, args: () => args });

/** JSON text: the wire form of records, schemas and "any JSON" payloads (services' "Input forms"). */
const text = (value: unknown): string => JSON.stringify(value);

/**
 * data-standardization's wire form, as the e2e suite encodes its fixtures: each record, a JSON
 * Schema and a validation payload as JSON text, a reference set as JSON text.
 */
function wire(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const key of ['records', 'original', 'standardized', 'account', 'location', 'product'])
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(text);
  for (const key of ['record', 'json_schema', 'target_schema', 'schema', 'data']) if (out[key] !== undefined) out[key] = text(out[key]);
  const checks = out.checks as { referential_integrity?: { reference_set: unknown }[] } | undefined;
  if (checks?.referential_integrity)
    out.checks = {
      ...checks,
      referential_integrity: checks.referential_integrity.map((check) => ({ ...check, reference_set: text(check.reference_set) })),
    };
  return out;
}

const ds = (tool: string, args: Record<string, unknown>): ToolCase => fixed(tool, wire(args));

/** A field of an earlier result; throws (failing that call) when the earlier call gave no data. */
export function field(prior: Prior, label: string, name: string): unknown {
  const result = prior[label];
  if (result === undefined || !(name in result)) throw new Error(`no ${name} from ${label}: its result was not seen`);
  return result[name];
}

const LOCATIONS = [
  { location_id: 'L1', name: 'hq', country: 'United States', state: 'california', city: 'san francisco' },
  { location_id: 'L2', name: 'Office', country: 'DEU' },
  { location_id: 'L3', country: 'Atlantis' },
];
const DOCS = [
  { docId: 'd1', content: 'Cat sat' },
  { docId: 'd2', content: 'cat, cat dog' },
  { docId: 'd3', content: 'bird' },
];
const FAMILY = {
  facts: ['parent(alice, bob)', 'parent(bob, carol)'],
  rules: [{ if: ['parent(X,Y)', 'parent(Y,Z)'], then: 'grandparent(X,Z)', name: 'gp' }],
};

/** Service name → its calls, in order. */
export const CASES: Readonly<Record<string, readonly ToolCase[]>> = {
  'data-standardization': [
    ds('standardize_accounts', {
      records: [
        { account_id: ' 1000 ', account_name: '  petty   cash ', account_type: 'Assets', path: 'Assets > Current Assets > Cash' },
        {
          account_id: '2000',
          account_name: 'Accounts Payable',
          account_type: 'payables',
          l1_category: 'Liabilities',
          l2_category: 'current liabilities',
        },
      ],
    }),
    ds('standardize_locations', { records: LOCATIONS }),
    ds('standardize_products', {
      records: [
        { product_id: ' p-1 ', product_name: 'steel   bolt', l1_category: 'hardware', l2_category: 'fasteners', gtin: '4006381333931' },
        { product_id: 'p-2', product_name: 'Nut', gtin: '4006381333932' },
      ],
    }),
    ds('standardize_batch', {
      account: [{ account_id: '1000', account_name: 'Cash', account_type: 'asset' }],
      product: [{ product_id: 'p-1', product_name: 'Bolt', gtin: '96385074' }],
    }),
    ds('standardize_values', { kind: 'currency_amount', values: ['€1.234,56', '$12.50', '12,5 USD'] }),
    ds('assess_data_quality', {
      records: [
        { id: 1, email: 'a@x.com' },
        { id: 2, email: null },
        { id: 2, email: 'b@x.com' },
      ],
      required_fields: ['id', 'email'],
      key_fields: ['id'],
      json_schema: { type: 'object', properties: { email: { type: 'string' } } },
    }),
    ds('calculate_completeness_score', {
      records: [
        { a: 1, b: '', c: null },
        { a: 2, b: 'x', c: 'y' },
      ],
      required_fields: ['a', 'b'],
      optional_fields: ['c'],
    }),
    ds('validate_schema_compliance', {
      data: [{ age: 5 }, { age: -1 }, {}],
      schema: { type: 'object', required: ['age'], properties: { age: { type: 'integer', minimum: 0 } } },
    }),
    ds('validate_business_rules', {
      records: [
        { qty: 5, price: 2 },
        { qty: 0, price: 3 },
      ],
      rules: [
        { id: 'qty_pos', expression: 'qty > 0', level: 'error', message: 'qty must be positive' },
        { id: 'cheap', expression: 'price < 3', level: 'warning' },
      ],
    }),
    ds('verify_data_integrity', {
      records: [
        { id: 1, country: 'US' },
        { id: 2, country: 'FR' },
        { id: 2, country: 'DE' },
      ],
      checks: {
        duplicate_keys: { key_fields: ['id'] },
        referential_integrity: [{ field: 'country', reference_set: ['US', 'DE'] }],
        row_count: { baseline: 3 },
      },
    }),
    ds('assess_standardization_quality', {
      original: [
        { name: ' acme ', city: 'berlin', code: 'x' },
        { name: 'b', city: 'paris' },
      ],
      standardized: [{ name: 'Acme', city: 'Berlin', code: '' }, { name: 'b' }],
      target_schema: { type: 'object', required: ['name', 'city'] },
    }),
    ds('run_standardization_workflow', { record_type: 'location', records: LOCATIONS.slice(0, 2) }),
  ],
  'vector-similarity': [
    fixed('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [4, 5, 6], metric: 'dot_product' }),
    fixed('batch_vector_similarity', {
      query_vector: [1, 0],
      candidates: [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
        { id: 'c', vector: [1, 1] },
        { id: 'd', vector: [1, 2, 3] },
      ],
      metric: 'cosine',
      top_k: 2,
    }),
    fixed('vector_statistics', {
      vectors: [
        [1, 2],
        [3, 4],
        [5, 0],
      ],
      include_pairwise: true,
    }),
    fixed('normalize_vectors', { vectors: [[1, 3]], norm_type: 'l1' }),
    fixed('cluster_vectors', {
      vectors: [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      ids: ['a', 'b', 'c', 'd'],
      k: 2,
      seed: 7,
    }),
  ],
  'vector-ranking': [
    fixed('hybrid_ranking_search', {
      query: 'cat',
      query_vector: [1, 0],
      documents: DOCS.map((d, i) => ({
        ...d,
        vector: [
          [1, 0],
          [0, 1],
          [1, 1],
        ][i],
      })),
    }),
    fixed('calculate_bm25_scores', { query: 'cat', documents: DOCS }),
    fixed('calculate_pagerank_scores', {
      documents: [
        { docId: 'A', links: ['B', 'nowhere'] },
        { docId: 'B', links: ['A'] },
        { docId: 'C', links: [] },
      ],
    }),
    fixed('rerank_mmr', {
      query_vector: [1, 0],
      documents: [
        { docId: 'c', vector: [0, 1] },
        { docId: 'b', vector: [1, 1] },
        { docId: 'a', vector: [1, 0] },
      ],
      lambda: 0.7,
    }),
    fixed('fuse_rankings', {
      rankings: [
        { name: 'bm25', items: [{ docId: 'x' }, { docId: 'y' }, { docId: 'z' }] },
        { name: 'vector', items: [{ docId: 'y' }, { docId: 'w' }] },
      ],
    }),
  ],
  'transport-layer': [
    // A message to oneself lands in one's own mailbox (the key's client id).
    {
      label: 'send_message',
      tool: 'send_message',
      args: (_prior, run) => ({ to: run.client, body: text({ seq: 1, text: 'hello' }), headers: [{ name: 'trace', value: 't1' }] }),
    },
    { label: 'receive_messages', tool: 'receive_messages', args: (_prior, run) => ({ mailbox: run.client, max: 10 }) },
    // Acking leaves the mailbox empty for the next chain with the same key.
    {
      label: 'receive_messages (ack)',
      tool: 'receive_messages',
      args: (prior, run) => ({ mailbox: run.client, max: 10, ack: [field(prior, 'send_message', 'message_id')] }),
    },
  ],
  'reasoning-agent': [
    fixed('evaluate_proposition', {
      formula: '(A -> B) & !C',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
        { variable: 'C', value: false },
        { variable: 'D', value: true },
      ],
    }),
    fixed('generate_truth_table', { formula: 'A ^ B' }),
    fixed('check_satisfiability', { clauses: [[1, 2], [-1], [-2, 3]] }),
    fixed('check_entailment', { premises: ['A -> B', 'B'], conclusion: 'A' }),
    fixed('find_inconsistencies', { statements: ['A', 'A -> B', '!B', 'C'] }),
    fixed('forward_chain', FAMILY),
    fixed('prove_goal', { ...FAMILY, goal: 'grandparent(alice, Who)' }),
    fixed('decompose_question', { question: 'What are the differences between TCP and UDP?', max_sub_questions: 6 }),
    fixed('analyze_question_patterns', { question: 'Why does smoking cause cancer?' }),
  ],
  'session-management': [
    fixed('create_session', {
      ttl_seconds: 60,
      client_info: text({ name: 'interop' }),
      metadata: text({ run: 'interop' }),
      state: text({ a: 1, b: { c: 2 } }),
    }),
    {
      label: 'get_session',
      tool: 'get_session',
      args: (prior) => ({ session_id: field(prior, 'create_session', 'session_id'), token: field(prior, 'create_session', 'token') }),
    },
    {
      label: 'update_session',
      tool: 'update_session',
      args: (prior) => ({
        session_id: field(prior, 'create_session', 'session_id'),
        token: field(prior, 'create_session', 'token'),
        state_patch: text({ b: { c: null, d: 3 }, e: 4 }),
        if_version: 1,
        extend_ttl_seconds: 120,
      }),
    },
  ],
  'resource-streaming': [
    // Each client's chain has a stream of its own, so read_stream returns exactly the event it published.
    {
      label: 'publish_event',
      tool: 'publish_event',
      args: (_prior, run) => ({ stream: `interop-${run.name}`, type: 'update', data: text({ n: 1 }) }),
    },
    { label: 'read_stream', tool: 'read_stream', args: (_prior, run) => ({ stream: `interop-${run.name}` }) },
  ],
  'confidence-calculator': [
    fixed('calculate_reasoning_confidence', {
      evidence: [{ source_type: 'academic' }, { source_type: 'verified' }],
      reasoning_chain: ['premise', 'inference', 'conclusion'],
      historical_data: { success_rate: 0.8 },
      branch_factor: 2,
      validation_results: [{ passed: true }, { passed: false }, { passed: true, weight: 2 }],
    }),
    fixed('calculate_evidence_quality', {
      evidence: [{ source_type: 'academic' }, { source_type: 'verified' }, { source_type: 'empirical' }, { source_type: 'blog' }],
    }),
    fixed('calculate_semantic_alignment', {
      question: 'What is photosynthesis?',
      answer: 'Photosynthesis is the process by which plants convert light into energy.',
    }),
    fixed('adjust_confidence_for_uncertainty', {
      base_confidence: 0.8,
      uncertainty_factors: ['missing_evidence', 'weak_inference', 'gremlins'],
    }),
    fixed('calculate_fallback_confidence', { scenario: 'partial_evidence' }),
    fixed('evaluate_calibration', { probabilities: [0.9, 0.8, 0.3, 0.1], outcomes: [1, 1, 0, 1], n_bins: 2 }),
  ],
  'semantic-similarity': [
    fixed('calculate_text_similarity', { text1: 'the cat sat on the mat', text2: 'the cat ate the rat', method: 'jaccard' }),
    fixed('find_similar_texts', { query: 'cat mat', candidates: ['cat sat mat', 'dog', 'mat cat'], method: 'jaccard', threshold: 0.1 }),
    fixed('calculate_group_similarity', { texts: ['cat mat', 'cat sat', 'dog'], method: 'jaccard', return_matrix: true }),
    fixed('preprocess_text', { text: 'The quick brown fox jumps over the lazy dog. The dog sleeps!' }),
    fixed('extract_semantic_features', {
      text: 'First, heat causes the water to boil. Then the steam rises because it is lighter than air.',
    }),
    fixed('embed_texts', { texts: ['cat', 'zzzqqq xxyyzz'] }),
    fixed('deduplicate_texts', { texts: ['cat sat mat', 'mat sat cat', 'dog barked'], method: 'jaccard', threshold: 0.5 }),
  ],
};

/**
 * Further inputs the e2e suite (and the issue) sends, which a framework's client-side validation
 * must not refuse: "any JSON" bodies of every JSON type, open records, lists of records.
 */
export const MORE_INPUTS: Readonly<Record<string, readonly { tool: string; args: Record<string, unknown> }[]>> = {
  'transport-layer': [
    // To a mailbox no chain reads.
    { tool: 'send_message', args: { to: 'interop-sink', body: text([1, 'two', null]) } },
    { tool: 'send_message', args: { to: 'interop-sink', body: text('plain text') } },
    { tool: 'send_message', args: { to: 'interop-sink', body: text(42) } },
  ],
  'resource-streaming': [
    { tool: 'publish_event', args: { stream: 'interop-more', type: 'update', data: text([1, 'two', null]) } },
    { tool: 'publish_event', args: { stream: 'interop-more', type: 'update', data: text('three') } },
    { tool: 'publish_event', args: { stream: 'interop-more', data: text(42) } },
  ],
  'data-standardization': [
    {
      tool: 'standardize_values',
      args: { kind: 'phone', values: ['+1 (415) 555-2671', '030 123456'], options: { default_country: 'DE' } },
    },
    {
      tool: 'calculate_completeness_score',
      args: wire({
        record: { a: 1, b: '', c: null },
        required_fields: ['a', 'b'],
        optional_fields: ['c'],
        empty_value_handling: 'lenient',
      }),
    },
    { tool: 'verify_data_integrity', args: wire({ records: [{ id: 1 }], checks: { row_count: { baseline: 2, tolerance: 0.5 } } }) },
    // A list of records as the validation payload (the issue's example), and a single record.
    { tool: 'validate_schema_compliance', args: { data: '[{"id":1},{"name":"x"}]', schema: '{"type":"object","required":["id"]}' } },
    { tool: 'validate_schema_compliance', args: { data: '{"id":1}', schema: '{"type":"object","required":["id"]}' } },
  ],
  'reasoning-agent': [
    { tool: 'check_satisfiability', args: { formula: '(A <-> B) & (B xor C) & (C -> A)' } },
    {
      tool: 'prove_goal',
      args: {
        facts: ['edge(a,b)', 'edge(b,c)', 'edge(c,a)'],
        rules: [
          { if: ['edge(X,Y)'], then: 'path(X,Y)' },
          { if: ['path(X,Y)', 'edge(Y,Z)'], then: 'path(X,Z)' },
        ],
        goal: 'path(a, X)',
      },
    },
  ],
  'vector-ranking': [
    {
      tool: 'hybrid_ranking_search',
      args: {
        query: 'fox',
        documents: [
          { docId: 'a', content: 'fox', links: ['b'], categories: ['Animals'], timestamp: '2026-01-31T00:00:00Z' },
          { docId: 'b', content: 'dog', links: ['a'], categories: ['pets'], timestamp: '2026-01-01T00:00:00Z' },
        ],
        context: { preferred_categories: ['animals'], recency_weight: 0.5, recency_half_life_days: 30 },
      },
    },
  ],
  'confidence-calculator': [
    {
      tool: 'calculate_reasoning_confidence',
      args: {
        evidence: [{ source_type: 'academic' }],
        custom_weights: {
          evidence_quality: 1,
          logical_consistency: 1,
          semantic_alignment: 1,
          historical_success: 1,
          complexity_penalty: 1,
          validation_score: 1,
        },
      },
    },
  ],
};
