/** reasoning-agent: all nine tools through both eras, against values worked out by hand. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['reasoning-agent'];
let h: Harness;
beforeAll(async () => {
  h = await openService(await SERVICES['reasoning-agent'](), { key: 'read' });
});
afterAll(async () => {
  await h?.close();
});

const FAMILY = {
  facts: ['parent(alice, bob)', 'parent(bob, carol)'],
  rules: [{ if: ['parent(X,Y)', 'parent(Y,Z)'], then: 'grandparent(X,Z)', name: 'gp' }],
};

describe('reasoning-agent through both eras', () => {
  it('lists exactly its nine tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('evaluate_proposition: (A → B) ∧ ¬C with A, ¬B, ¬C is false', async () => {
    // A → B with A true and B false is false, so the conjunction is false; D is not in the formula.
    const result = await h.callBoth('evaluate_proposition', {
      formula: '(A -> B) & !C',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
        { variable: 'C', value: false },
        { variable: 'D', value: true },
      ],
    });
    expect(result).toEqual({ value: false, canonical: '(A -> B) & !C', variables: ['A', 'B', 'C'], unused_assignments: ['D'] });
    const implied = await h.callBoth('evaluate_proposition', {
      formula: 'A implies B',
      assignment: [
        { variable: 'A', value: false },
        { variable: 'B', value: false },
      ],
    });
    expect(implied).toMatchObject({ value: true, variables: ['A', 'B'], unused_assignments: [] });
  });

  it('evaluate_proposition: usual precedence, right-associative implication, word operators', async () => {
    // A | (B & C) with A true is true; (A | B) & C would be false.
    expect(
      await h.callBoth('evaluate_proposition', {
        formula: 'A | B & C',
        assignment: [
          { variable: 'A', value: true },
          { variable: 'B', value: false },
          { variable: 'C', value: false },
        ],
      }),
    ).toMatchObject({ value: true });
    // A -> (B -> C) with A false is true; (A -> B) -> C would be true -> false = false.
    expect(
      await h.callBoth('evaluate_proposition', {
        formula: 'A -> B -> C',
        assignment: [
          { variable: 'A', value: false },
          { variable: 'B', value: true },
          { variable: 'C', value: false },
        ],
      }),
    ).toMatchObject({ value: true });
    // not A or (A and false) with A true: false or false.
    expect(
      await h.callBoth('evaluate_proposition', { formula: 'not A or A and false', assignment: [{ variable: 'A', value: true }] }),
    ).toMatchObject({ value: false, variables: ['A'] });
  });

  it('generate_truth_table: A xor B is contingent, A or not A a tautology', async () => {
    const xor = await h.callBoth('generate_truth_table', { formula: 'A ^ B' });
    expect(xor).toEqual({
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
    const excludedMiddle = await h.callBoth('generate_truth_table', { formula: 'A | !A' });
    expect(excludedMiddle).toMatchObject({
      total_rows: 2,
      true_rows: 2,
      classification: 'tautology',
      is_tautology: true,
      is_contradiction: false,
    });
  });

  it('check_satisfiability: a DIMACS CNF with one model, and a contradiction', async () => {
    // (x1 ∨ x2) ∧ ¬x1 ∧ (¬x2 ∨ x3): ¬x1 forces x2, which forces x3 — the only model is ¬x1, x2, x3.
    const cnf = await h.callBoth('check_satisfiability', { clauses: [[1, 2], [-1], [-2, 3]] });
    expect(cnf).toMatchObject({
      satisfiable: true,
      model: { x1: false, x2: true, x3: true },
      model_literals: [-1, 2, 3],
      variables: ['x1', 'x2', 'x3'],
    });
    expect(cnf.cnf).toMatchObject({ variables: 3, auxiliary_variables: 0, clauses: 3 });
    // (A <-> B) & (B xor C) & (C -> A): A = B = false forces C (xor), then C -> A fails; so A = B = true
    // and C = false (xor) — the only model.
    const formula = await h.callBoth('check_satisfiability', { formula: '(A <-> B) & (B xor C) & (C -> A)' });
    expect(formula).toMatchObject({ satisfiable: true, model: { A: true, B: true, C: false }, variables: ['A', 'B', 'C'] });
    const contradiction = await h.callBoth('check_satisfiability', { formula: 'A & !A' });
    expect(contradiction).toMatchObject({ satisfiable: false, model: null, variables: ['A'] });
  });

  it('check_entailment: modus ponens holds; affirming the consequent has the counterexample ¬A, B', async () => {
    const ponens = await h.callBoth('check_entailment', { premises: ['A -> B', 'A'], conclusion: 'B' });
    expect(ponens).toMatchObject({ entailed: true, counterexample: null, premises_consistent: true });
    // A → B and B hold while A is false only for A = false, B = true.
    const fallacy = await h.callBoth('check_entailment', { premises: ['A -> B', 'B'], conclusion: 'A' });
    expect(fallacy).toMatchObject({
      entailed: false,
      counterexample: { A: false, B: true },
      premises_consistent: true,
      canonical_premises: ['A -> B', 'B'],
      canonical_conclusion: 'A',
    });
  });

  it('find_inconsistencies: A, A → B, ¬B is the minimal unsatisfiable subset; C is innocent', async () => {
    const result = await h.callBoth('find_inconsistencies', { statements: ['A', 'A -> B', '!B', 'C'] });
    expect(result).toMatchObject({
      consistent: false,
      model: null,
      minimal_unsatisfiable_subset: [0, 1, 2],
      conflicting_statements: ['A', 'A -> B', '!B'],
    });
    const consistent = await h.callBoth('find_inconsistencies', { statements: ['A', 'A -> B'] });
    expect(consistent).toMatchObject({
      consistent: true,
      model: { A: true, B: true },
      minimal_unsatisfiable_subset: null,
      conflicting_statements: [],
    });
  });

  it('forward_chain: one grandparent fact, then a fixpoint', async () => {
    // Iteration 1 joins parent(alice,bob) with parent(bob,carol); iteration 2 derives nothing new.
    const result = await h.callBoth('forward_chain', FAMILY);
    expect(result).toMatchObject({
      derived: [
        {
          fact: 'grandparent(alice, carol)',
          rule: 0,
          rule_name: 'gp',
          premises: ['parent(alice, bob)', 'parent(bob, carol)'],
          iteration: 1,
        },
      ],
      derived_count: 1,
      iterations: 2,
      fixpoint_reached: true,
      stop_reason: 'fixpoint',
    });
  });

  it('prove_goal: grandparent(alice, Who) binds Who = carol with a proof tree', async () => {
    const result = await h.callBoth('prove_goal', { ...FAMILY, goal: 'grandparent(alice, Who)' });
    expect(result).toMatchObject({
      goal: 'grandparent(alice, Who)',
      proved: true,
      answer_count: 1,
      answers_truncated: false,
      complete: true,
      answers: [
        {
          fact: 'grandparent(alice, carol)',
          bindings: { Who: 'carol' },
          proof: [
            { fact: 'parent(alice, bob)', via: 'fact', premises: [] },
            { fact: 'parent(bob, carol)', via: 'fact', premises: [] },
            {
              fact: 'grandparent(alice, carol)',
              via: 'rule',
              rule: 0,
              rule_name: 'gp',
              premises: ['parent(alice, bob)', 'parent(bob, carol)'],
            },
          ],
          proof_truncated: false,
        },
      ],
    });
    // A cycle a → b → c → a with a recursive path rule terminates with every node reachable from a.
    const cycle = await h.callBoth<{ proved: boolean; complete: boolean; answers: { bindings: Record<string, string> }[] }>('prove_goal', {
      facts: ['edge(a,b)', 'edge(b,c)', 'edge(c,a)'],
      rules: [
        { if: ['edge(X,Y)'], then: 'path(X,Y)' },
        { if: ['path(X,Y)', 'edge(Y,Z)'], then: 'path(X,Z)' },
      ],
      goal: 'path(a, X)',
    });
    expect(cycle).toMatchObject({ proved: true, complete: true });
    expect(cycle.answers.map((a) => a.bindings.X).sort()).toEqual(['a', 'b', 'c']);
    const unprovable = await h.callBoth('prove_goal', { ...FAMILY, goal: 'grandparent(carol, X)' });
    expect(unprovable).toMatchObject({ proved: false, answers: [], answer_count: 0 });
  });

  it('decompose_question: a comparison becomes definitions, differences, commonalities, criteria, synthesis', async () => {
    const result = await h.callBoth('decompose_question', {
      question: 'What are the differences between TCP and UDP?',
      max_sub_questions: 6,
    });
    expect(result).toEqual({
      question: 'What are the differences between TCP and UDP?',
      question_type: 'comparative',
      method: 'comparison',
      strategy: 'structural',
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
    });
  });

  it('analyze_question_patterns: "why" (0.6) and "cause" (0.4) give causal 1 − 0.4·0.6 = 0.76', async () => {
    const result = await h.callBoth('analyze_question_patterns', { question: 'Why does smoking cause cancer?' });
    expect(result).toEqual({
      question: 'Why does smoking cause cancer?',
      patterns: [{ pattern: 'causal', confidence: 0.76, indicators: ['why', 'cause'] }],
      primary_pattern: 'causal',
      question_word: 'why',
      compound: false,
    });
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
