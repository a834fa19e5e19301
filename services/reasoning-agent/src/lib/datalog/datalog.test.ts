import { describe, expect, it } from '@jest/globals';
import { createCheckpoint, noCheckpoint } from '../checkpoint.js';
import { parseAtom, printAtom, variantKey } from './atoms.js';
import { proveGoal, type BackwardLimits } from './backward.js';
import { forwardChain, type ChainingLimits } from './forward.js';
import { parseProgram, type RuleInput } from './program.js';

const LIMITS: ChainingLimits = { maxIterations: 1000, maxDerivedFacts: 10_000, maxInferences: 1_000_000 };
const BACKWARD: BackwardLimits = { ...LIMITS, maxAnswers: 100, maxProofSteps: 500 };

const chain = ['parent(a, b)', 'parent(b, c)', 'parent(c, d)', 'parent(d, e)'];
const ancestorRules: RuleInput[] = [
  { if: ['parent(X, Y)'], then: 'ancestor(X, Y)', name: 'base' },
  { if: ['parent(X, Y)', 'ancestor(Y, Z)'], then: 'ancestor(X, Z)', name: 'step' },
];

describe('atoms', () => {
  it('parses and prints canonically', () => {
    expect(printAtom(parseAtom('  parent( alice ,bob )'))).toBe('parent(alice, bob)');
    expect(printAtom(parseAtom("lives_in(X, \"New York\", 42, 'it''s')".replace("'it''s'", '"it\\"s"')))).toBe(
      'lives_in(X, "New York", 42, "it\\"s")',
    );
    expect(printAtom(parseAtom('raining'))).toBe('raining');
    expect(printAtom(parseAtom('raining()'))).toBe('raining');
  });

  it.each([
    ['parent(,bob)', "unexpected ',' at column 8 (expected a variable, a constant or a quoted string)"],
    ['Parent(a)', "unexpected 'P' at column 1 (expected a predicate name starting with a lower-case letter)"],
    ['p(a b)', "unexpected 'b' at column 5 (expected ',' or ')')"],
    ['p(a', "unexpected end of input at column 4 (expected ',' or ')')"],
    ['p(a) q', "unexpected 'q' at column 6 (expected end of input)"],
    ['p("abc)', "unexpected '\"' at column 3 (expected a closing quote for the string)"],
  ])('%s → error', (source, message) => {
    expect(() => parseAtom(source)).toThrow(message);
  });

  it('keys subgoals up to variable renaming', () => {
    expect(variantKey(parseAtom('p(X, Y, X, c)'))).toBe(variantKey(parseAtom('p(A, B, A, c)')));
    expect(variantKey(parseAtom('p(X, Y)'))).not.toBe(variantKey(parseAtom('p(X, X)')));
  });
});

describe('parseProgram validation', () => {
  it('rejects rules whose head variables do not occur in the body (range restriction)', () => {
    expect(() => parseProgram([], [{ if: ['person(X)'], then: 'likes(X, Y)' }])).toThrow(
      'rules[0]: head variable Y of likes(X, Y) must appear in the body (range restriction)',
    );
  });

  it('rejects non-ground facts and malformed atoms with the field and column', () => {
    expect(() => parseProgram(['parent(alice, X)'], [])).toThrow('facts[0]: a fact must be ground, but parent(alice, X) has variables X');
    expect(() => parseProgram(['ok(a)'], [{ if: ['p(X'], then: 'q(X)' }])).toThrow(
      /^rules\[0\]\.if\[0\]: unexpected end of input at column 4/,
    );
  });
});

describe('forwardChain', () => {
  it('derives exactly the 10 ancestor facts of a 5-node chain, each with its rule and premises', async () => {
    const result = await forwardChain(parseProgram(chain, ancestorRules), LIMITS, noCheckpoint);
    expect(result.derived.map((d) => d.fact).sort()).toEqual(
      ['a, b', 'a, c', 'a, d', 'a, e', 'b, c', 'b, d', 'b, e', 'c, d', 'c, e', 'd, e'].map((pair) => `ancestor(${pair})`),
    );
    expect(result).toMatchObject({ fixpoint_reached: true, stop_reason: 'fixpoint', iterations: 5 });
    expect(result.derived.find((d) => d.fact === 'ancestor(a, e)')).toEqual({
      fact: 'ancestor(a, e)',
      rule: 1,
      rule_name: 'step',
      premises: ['parent(a, b)', 'ancestor(b, e)'],
      iteration: 4,
    });
    expect(result.derived.find((d) => d.fact === 'ancestor(c, d)')).toEqual({
      fact: 'ancestor(c, d)',
      rule: 0,
      rule_name: 'base',
      premises: ['parent(c, d)'],
      iteration: 1,
    });
  });

  it('handles mutual recursion (even/odd over a successor chain)', async () => {
    const program = parseProgram(
      ['zero(n0)', 'succ(n0, n1)', 'succ(n1, n2)', 'succ(n2, n3)', 'succ(n3, n4)'],
      [
        { if: ['zero(X)'], then: 'even(X)' },
        { if: ['even(X)', 'succ(X, Y)'], then: 'odd(Y)' },
        { if: ['odd(X)', 'succ(X, Y)'], then: 'even(Y)' },
      ],
    );
    const result = await forwardChain(program, LIMITS, noCheckpoint);
    expect(result.derived.map((d) => d.fact)).toEqual(['even(n0)', 'odd(n1)', 'even(n2)', 'odd(n3)', 'even(n4)']);
  });

  it('terminates on a cyclic graph (reachability closes over the cycle)', async () => {
    const program = parseProgram(
      ['edge(a, b)', 'edge(b, c)', 'edge(c, a)'],
      [
        { if: ['edge(X, Y)'], then: 'path(X, Y)' },
        { if: ['path(X, Y)', 'edge(Y, Z)'], then: 'path(X, Z)' },
      ],
    );
    const result = await forwardChain(program, LIMITS, noCheckpoint);
    expect(result.fixpoint_reached).toBe(true);
    expect(result.derived).toHaveLength(9);
  });

  it('joins on shared variables and constants', async () => {
    const program = parseProgram(
      ['parent(tom, bob)', 'parent(bob, ann)', 'parent(bob, pat)', 'parent(pat, jim)', 'female(ann)', 'female(pat)'],
      [
        { if: ['parent(X, Y)', 'parent(Y, Z)'], then: 'grandparent(X, Z)' },
        { if: ['grandparent(tom, Z)', 'female(Z)'], then: 'granddaughter_of_tom(Z)' },
      ],
    );
    const result = await forwardChain(program, LIMITS, noCheckpoint);
    expect(result.derived.map((d) => d.fact)).toEqual([
      'grandparent(tom, ann)',
      'grandparent(tom, pat)',
      'grandparent(bob, jim)',
      'granddaughter_of_tom(ann)',
      'granddaughter_of_tom(pat)',
    ]);
  });

  it('stops at the iteration cap and at the derived-fact cap with a clear message', async () => {
    const program = parseProgram(chain, ancestorRules);
    const byIterations = await forwardChain(program, { ...LIMITS, maxIterations: 2 }, noCheckpoint);
    expect(byIterations).toMatchObject({ fixpoint_reached: false, stop_reason: 'max_iterations', iterations: 2 });
    expect(byIterations.derived).toHaveLength(7);
    expect(byIterations.message).toMatch(/^Stopped after 2 iterations/);
    const byFacts = await forwardChain(program, { ...LIMITS, maxDerivedFacts: 3 }, noCheckpoint);
    expect(byFacts).toMatchObject({ fixpoint_reached: false, stop_reason: 'max_derived_facts' });
    expect(byFacts.derived).toHaveLength(3);
    expect(byFacts.message).toContain('REASONING_MAX_DERIVED_FACTS');
  });

  it('stops a runaway join at the inference cap', async () => {
    const facts = Array.from({ length: 300 }, (_, i) => `n(c${i})`);
    const result = await forwardChain(
      parseProgram(facts, [{ if: ['n(X)', 'n(Y)', 'n(Z)', 'm(X, Y, Z)'], then: 't(X, Y, Z)' }]),
      { ...LIMITS, maxInferences: 50_000 },
      noCheckpoint,
    );
    expect(result.stop_reason).toBe('max_inferences');
  });

  it('throws the abort reason once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(forwardChain(parseProgram(chain, ancestorRules), LIMITS, createCheckpoint(controller.signal))).rejects.toThrow('stop now');
  });
});

describe('proveGoal (backward chaining with tabling)', () => {
  it('proves a ground goal with a proof in dependency order', async () => {
    const result = await proveGoal(parseProgram(chain, ancestorRules), parseAtom('ancestor(a, c)'), BACKWARD, noCheckpoint);
    expect(result).toMatchObject({ proved: true, complete: true, answer_count: 1 });
    expect(result.answers[0]).toEqual({
      fact: 'ancestor(a, c)',
      bindings: {},
      proof: [
        { fact: 'parent(a, b)', via: 'fact', premises: [] },
        { fact: 'parent(b, c)', via: 'fact', premises: [] },
        { fact: 'ancestor(b, c)', via: 'rule', rule: 0, rule_name: 'base', premises: ['parent(b, c)'] },
        { fact: 'ancestor(a, c)', via: 'rule', rule: 1, rule_name: 'step', premises: ['parent(a, b)', 'ancestor(b, c)'] },
      ],
      proof_truncated: false,
    });
  });

  it('lists every binding of a goal with variables, sorted', async () => {
    const result = await proveGoal(parseProgram(chain, ancestorRules), parseAtom('ancestor(b, Who)'), BACKWARD, noCheckpoint);
    expect(result.answers.map((a) => a.bindings)).toEqual([{ Who: 'c' }, { Who: 'd' }, { Who: 'e' }]);
    const both = await proveGoal(parseProgram(chain, ancestorRules), parseAtom('ancestor(X, d)'), BACKWARD, noCheckpoint);
    expect(both.answers.map((a) => a.bindings)).toEqual([{ X: 'a' }, { X: 'b' }, { X: 'c' }]);
  });

  it('terminates on left recursion over a cyclic graph and finds every answer', async () => {
    const program = parseProgram(
      ['edge(a, b)', 'edge(b, c)', 'edge(c, a)', 'edge(c, d)'],
      [
        { if: ['path(X, Y)', 'edge(Y, Z)'], then: 'path(X, Z)' },
        { if: ['edge(X, Y)'], then: 'path(X, Y)' },
      ],
    );
    const result = await proveGoal(program, parseAtom('path(a, T)'), BACKWARD, noCheckpoint);
    expect(result.answers.map((a) => a.bindings.T)).toEqual(['a', 'b', 'c', 'd']);
    expect(result.complete).toBe(true);
    const self = await proveGoal(program, parseAtom('path(X, X)'), BACKWARD, noCheckpoint);
    expect(self.answers.map((a) => a.fact)).toEqual(['path(a, a)', 'path(b, b)', 'path(c, c)']);
  });

  it('reports an unprovable goal', async () => {
    const result = await proveGoal(parseProgram(chain, ancestorRules), parseAtom('ancestor(e, a)'), BACKWARD, noCheckpoint);
    expect(result).toMatchObject({
      proved: false,
      answers: [],
      complete: true,
      message: "Not provable; every subgoal's table is complete.",
    });
  });

  it('ignores anonymous variables in bindings and caps the answers listed', async () => {
    const result = await proveGoal(
      parseProgram(chain, ancestorRules),
      parseAtom('ancestor(_, Y)'),
      { ...BACKWARD, maxAnswers: 2 },
      noCheckpoint,
    );
    expect(result).toMatchObject({ answer_count: 10, answers_truncated: true });
    expect(result.answers.map((a) => a.bindings)).toEqual([{ Y: 'b' }, { Y: 'c' }]);
  });

  it('agrees with forward chaining on a recursive program (same-generation)', async () => {
    const facts = [
      'par(b1, a)',
      'par(b2, a)',
      'par(c1, b1)',
      'par(c2, b2)',
      'par(c3, b2)',
      'person(a)',
      'person(b1)',
      'person(b2)',
      'person(c1)',
      'person(c2)',
      'person(c3)',
    ];
    const rules: RuleInput[] = [
      { if: ['person(X)'], then: 'sg(X, X)' },
      { if: ['par(X, XP)', 'sg(XP, YP)', 'par(Y, YP)'], then: 'sg(X, Y)' },
    ];
    const forward = await forwardChain(parseProgram(facts, rules), LIMITS, noCheckpoint);
    const expected = forward.derived
      .filter((d) => d.fact.startsWith('sg(c1,'))
      .map((d) => d.fact)
      .sort();
    const backward = await proveGoal(parseProgram(facts, rules), parseAtom('sg(c1, Y)'), BACKWARD, noCheckpoint);
    expect(backward.answers.map((a) => a.fact)).toEqual(expected);
    expect(expected).toEqual(['sg(c1, c1)', 'sg(c1, c2)', 'sg(c1, c3)']);
  });

  it('stops at the derived-fact cap with a message', async () => {
    const result = await proveGoal(
      parseProgram(chain, ancestorRules),
      parseAtom('ancestor(X, Y)'),
      { ...BACKWARD, maxDerivedFacts: 2 },
      noCheckpoint,
    );
    expect(result).toMatchObject({ complete: false, stop_reason: 'max_derived_facts' });
    expect(result.message).toContain('REASONING_MAX_DERIVED_FACTS');
  });
});
