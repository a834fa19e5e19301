import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createReasoningAgentService, settingsSchema } from '../src/service.js';

const TOOLS = [
  'analyze_question_patterns',
  'check_entailment',
  'check_satisfiability',
  'decompose_question',
  'evaluate_proposition',
  'find_inconsistencies',
  'forward_chain',
  'generate_truth_table',
  'prove_goal',
];

const ancestry = {
  facts: ['parent(a, b)', 'parent(b, c)'],
  rules: [
    { if: ['parent(X, Y)'], then: 'ancestor(X, Y)' },
    { if: ['parent(X, Y)', 'ancestor(Y, Z)'], then: 'ancestor(X, Z)' },
  ],
};

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createReasoningAgentService(settingsSchema.parse({})));
});
afterAll(async () => {
  await service.close();
});

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  let client: Awaited<ReturnType<typeof connectLegacyClient>>;
  beforeAll(async () => {
    client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the nine tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
  });

  it('evaluate_proposition', async () => {
    const result = await client.callTool('evaluate_proposition', {
      formula: 'A and not B implies C',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
        { variable: 'C', value: false },
        { variable: 'D', value: true },
      ],
    });
    expect(result.structuredContent).toEqual({
      value: false,
      canonical: 'A & !B -> C',
      variables: ['A', 'B', 'C'],
      unused_assignments: ['D'],
    });
  });

  it('evaluate_proposition: a missing variable and a parse error are clear tool errors', async () => {
    const missing = await client.callTool('evaluate_proposition', { formula: 'A & B', assignment: [{ variable: 'A', value: true }] });
    expect(missing.isError).toBe(true);
    expect(missing.content).toEqual([{ type: 'text', text: 'No value in the assignment for variable B' }]);
    const syntax = await client.callTool('evaluate_proposition', {
      formula: '(A & B))',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: true },
      ],
    });
    expect(syntax.isError).toBe(true);
    expect(syntax.content).toEqual([{ type: 'text', text: "formula: unexpected ')' at column 8 (expected an operator or end of input)" }]);
  });

  it('generate_truth_table', async () => {
    const result = await client.callTool('generate_truth_table', { formula: 'A ^ B' });
    expect(result.structuredContent).toEqual({
      canonical: 'A ^ B',
      variables: ['A', 'B'],
      rows: [
        { assignment: { A: false, B: false }, value: false },
        { assignment: { A: false, B: true }, value: true },
        { assignment: { A: true, B: false }, value: true },
        { assignment: { A: true, B: true }, value: false },
      ],
      total_rows: 4,
      rows_truncated: false,
      true_rows: 2,
      classification: 'contingent',
      is_tautology: false,
      is_contradiction: false,
    });
  });

  it('check_satisfiability on a formula and on DIMACS clauses', async () => {
    const formula = await client.callTool('check_satisfiability', { formula: '(A | B) & !A' });
    expect(formula.structuredContent).toEqual({
      satisfiable: true,
      model: { A: false, B: true },
      canonical: '(A | B) & !A',
      variables: ['A', 'B'],
      cnf: { variables: 2, auxiliary_variables: 0, clauses: 2 },
    });
    const clauses = await client.callTool('check_satisfiability', { clauses: [[1, 2], [-1], [-2, 3]] });
    expect(clauses.structuredContent).toEqual({
      satisfiable: true,
      model: { x1: false, x2: true, x3: true },
      model_literals: [-1, 2, 3],
      variables: ['x1', 'x2', 'x3'],
      cnf: { variables: 3, auxiliary_variables: 0, clauses: 3 },
    });
    const unsat = await client.callTool('check_satisfiability', { clauses: [[1], [-1]] });
    expect(unsat.structuredContent).toMatchObject({ satisfiable: false, model: null, model_literals: null });
    const zero = await client.callTool('check_satisfiability', { clauses: [[1, 0]] });
    expect(zero.isError).toBe(true);
    expect(JSON.stringify(zero.content)).toContain('0 is not a literal');
  });

  it('check_entailment', async () => {
    const valid = await client.callTool('check_entailment', { premises: ['A', 'A -> B'], conclusion: 'B' });
    expect(valid.structuredContent).toMatchObject({
      entailed: true,
      counterexample: null,
      premises_consistent: true,
      canonical_premises: ['A', 'A -> B'],
      canonical_conclusion: 'B',
    });
    const invalid = await client.callTool('check_entailment', { premises: ['A -> B', 'B'], conclusion: 'A' });
    expect(invalid.structuredContent).toMatchObject({ entailed: false, counterexample: { A: false, B: true } });
  });

  it('find_inconsistencies', async () => {
    const result = await client.callTool('find_inconsistencies', { statements: ['C', 'A', 'A -> B', '!B'] });
    expect(result.structuredContent).toEqual({
      consistent: false,
      model: null,
      minimal_unsatisfiable_subset: [1, 2, 3],
      conflicting_statements: ['A', 'A -> B', '!B'],
      solver_calls: 5,
    });
  });

  it('forward_chain', async () => {
    const result = await client.callTool('forward_chain', ancestry);
    expect(result.structuredContent).toEqual({
      derived: [
        { fact: 'ancestor(a, b)', rule: 0, premises: ['parent(a, b)'], iteration: 1 },
        { fact: 'ancestor(b, c)', rule: 0, premises: ['parent(b, c)'], iteration: 1 },
        { fact: 'ancestor(a, c)', rule: 1, premises: ['parent(a, b)', 'ancestor(b, c)'], iteration: 2 },
      ],
      derived_count: 3,
      iterations: 3,
      fixpoint_reached: true,
      stop_reason: 'fixpoint',
      message: 'Fixpoint reached: no rule derives anything new.',
      inferences: 14,
    });
  });

  it('forward_chain rejects a rule that is not range-restricted', async () => {
    const result = await client.callTool('forward_chain', { facts: [], rules: [{ if: ['p(X)'], then: 'q(X, Y)' }] });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'rules[0]: head variable Y of q(X, Y) must appear in the body (range restriction)' },
    ]);
  });

  it('prove_goal', async () => {
    const result = await client.callTool('prove_goal', { ...ancestry, goal: 'ancestor(a, Who)' });
    expect(result.structuredContent).toMatchObject({
      goal: 'ancestor(a, Who)',
      proved: true,
      answers: [
        {
          fact: 'ancestor(a, b)',
          bindings: { Who: 'b' },
          proof: [
            { fact: 'parent(a, b)', via: 'fact', premises: [] },
            { fact: 'ancestor(a, b)', via: 'rule', rule: 0, premises: ['parent(a, b)'] },
          ],
          proof_truncated: false,
        },
        {
          fact: 'ancestor(a, c)',
          bindings: { Who: 'c' },
          proof: [
            { fact: 'parent(a, b)', via: 'fact', premises: [] },
            { fact: 'parent(b, c)', via: 'fact', premises: [] },
            { fact: 'ancestor(b, c)', via: 'rule', rule: 0, premises: ['parent(b, c)'] },
            { fact: 'ancestor(a, c)', via: 'rule', rule: 1, premises: ['parent(a, b)', 'ancestor(b, c)'] },
          ],
          proof_truncated: false,
        },
      ],
      answer_count: 2,
      answers_truncated: false,
      complete: true,
      stop_reason: 'fixpoint',
      message: "Proved with 2 answers; every subgoal's table is complete.",
    });
  });

  it('decompose_question', async () => {
    const result = await client.callTool('decompose_question', {
      question: 'What is the difference between TCP and UDP?',
      max_sub_questions: 4,
    });
    expect(result.structuredContent).toEqual({
      question: 'What is the difference between TCP and UDP?',
      question_type: 'comparative',
      method: 'comparison',
      strategy: 'structural',
      topic: 'TCP vs UDP',
      sub_questions: [
        { id: 'q1', text: 'What is TCP?', type: 'definition', depends_on: [] },
        { id: 'q2', text: 'What is UDP?', type: 'definition', depends_on: [] },
        { id: 'q3', text: 'How do TCP and UDP differ?', type: 'comparison', depends_on: ['q1', 'q2'] },
        {
          id: 'q4',
          text: 'Based on the answers above: What is the difference between TCP and UDP?',
          type: 'synthesis',
          depends_on: ['q1', 'q2', 'q3'],
        },
      ],
    });
  });

  it('analyze_question_patterns', async () => {
    const result = await client.callTool('analyze_question_patterns', {
      question: 'Why did the Roman Empire fall, and how did it evolve over time?',
    });
    expect(result.structuredContent).toEqual({
      question: 'Why did the Roman Empire fall, and how did it evolve over time?',
      patterns: [
        { pattern: 'temporal', confidence: 0.76, indicators: ['over time', 'evolve'] },
        { pattern: 'causal', confidence: 0.6, indicators: ['why'] },
      ],
      primary_pattern: 'temporal',
      question_word: 'why',
      compound: true,
    });
  });
});

describe('timeouts', () => {
  let slow: RunningService;
  beforeAll(async () => {
    // 2^20 rows × 61 nodes is above the default truth-table budget; raised so the deadline is what stops it.
    slow = await startTestService(
      createReasoningAgentService(
        settingsSchema.parse({ REASONING_TRUTH_TABLE_MAX_VARIABLES: '20', REASONING_MAX_TRUTH_TABLE_WORK: '100000000' }),
      ),
      { env: { TOOL_TIMEOUT_MS: '50' } },
    );
  });
  afterAll(async () => {
    await slow.close();
  });

  it('a big-but-allowed truth table times out with a clear error, and the service keeps answering', async () => {
    const client = await connectModernClient(slow.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const formula = Array.from({ length: 20 }, (_, i) => `(v${i} -> v${(i + 1) % 20})`).join(' & ');
    const big = await client.callTool('generate_truth_table', { formula, max_rows: 0 });
    expect(big.isError).toBe(true);
    expect(big.content).toEqual([{ type: 'text', text: 'Tool call timed out after 50 ms' }]);
    const small = await client.callTool('evaluate_proposition', {
      formula: 'A | B',
      assignment: [
        { variable: 'A', value: false },
        { variable: 'B', value: true },
      ],
    });
    expect(small.structuredContent).toMatchObject({ value: true });
    await client.close();
  });
});
