import { describe, expect, it } from '@jest/globals';
import { noCheckpoint } from '../checkpoint.js';
import { evaluateFormula } from './ast.js';
import { CnfBuilder } from './cnf.js';
import { parseFormula } from './parser.js';
import { checkEntailment, checkSatisfiable, findMinimalUnsatisfiableSubset } from './reasoning.js';
import { solveClauses } from './sat.js';
import { buildTruthTable } from './truth-table.js';

/** mulberry32: a small seeded PRNG, so the random instances are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function random3Sat(random: () => number, variables: number, clauses: number): number[][] {
  return Array.from({ length: clauses }, () => {
    const chosen = new Set<number>();
    while (chosen.size < 3) chosen.add(1 + Math.floor(random() * variables));
    return [...chosen].map((v) => (random() < 0.5 ? -v : v));
  });
}

function satisfies(model: boolean[], clauses: number[][]): boolean {
  return clauses.every((clause) => clause.some((literal) => model[Math.abs(literal)] === literal > 0));
}

function bruteForceSatisfiable(variables: number, clauses: number[][]): boolean {
  for (let bits = 0; bits < 2 ** variables; bits++) {
    const model = [false, ...Array.from({ length: variables }, (_, i) => ((bits >> i) & 1) === 1)];
    if (satisfies(model, clauses)) return true;
  }
  return false;
}

/** PHP(pigeons, holes): variable p*holes + h + 1 means pigeon p sits in hole h. */
function pigeonhole(pigeons: number, holes: number): number[][] {
  const v = (p: number, h: number) => p * holes + h + 1;
  const clauses: number[][] = [];
  for (let p = 0; p < pigeons; p++) clauses.push(Array.from({ length: holes }, (_, h) => v(p, h)));
  for (let h = 0; h < holes; h++)
    for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) clauses.push([-v(p, h), -v(q, h)]);
  return clauses;
}

describe('SAT solver on clauses', () => {
  it.each([2, 3, 4, 5])('pigeonhole PHP(%i+1, %i) is unsatisfiable, PHP(n, n) satisfiable', (n) => {
    expect(solveClauses(pigeonhole(n + 1, n), (n + 1) * n)).toBeNull();
    const clauses = pigeonhole(n, n);
    const model = solveClauses(clauses, n * n);
    expect(model).not.toBeNull();
    expect(satisfies(model!, clauses)).toBe(true);
  });

  it('agrees with brute force on 150 seeded random 3-SAT instances of up to 12 variables', () => {
    const random = prng(20240607);
    let sat = 0;
    let unsat = 0;
    for (let i = 0; i < 150; i++) {
      const variables = 3 + Math.floor(random() * 10);
      const clauses = random3Sat(random, variables, Math.round(variables * (3 + random() * 3)));
      const model = solveClauses(clauses, variables);
      expect(model === null).toBe(!bruteForceSatisfiable(variables, clauses));
      if (model) {
        expect(satisfies(model, clauses)).toBe(true);
        sat++;
      } else unsat++;
    }
    // The ratio range straddles the phase transition, so both outcomes are exercised.
    expect(sat).toBeGreaterThan(20);
    expect(unsat).toBeGreaterThan(20);
  });

  it('treats an empty clause as false and no clauses as true', () => {
    expect(solveClauses([[1], []], 1)).toBeNull();
    expect(solveClauses([], 2)).toEqual([false, false, false]);
  });
});

describe('Tseitin encoding', () => {
  it('stays linear where distribution would explode', () => {
    // (a1 & b1) | ... | (a30 & b30) distributes into 2^30 clauses.
    const formula = parseFormula(Array.from({ length: 30 }, (_, i) => `(a${i} & b${i})`).join(' | '));
    const builder = new CnfBuilder();
    builder.assert(formula);
    expect(builder.clauses.length).toBe(30 * 3 + 31 + 1);
    expect(checkSatisfiable([formula]).satisfiable).toBe(true);
  });

  it('returns models that satisfy the original formula (random formulas, seeded)', () => {
    const random = prng(7);
    const names = ['p', 'q', 'r', 's'];
    const build = (depth: number): string => {
      if (depth === 0 || random() < 0.2)
        return random() < 0.1 ? (random() < 0.5 ? 'true' : 'false') : names[Math.floor(random() * names.length)]!;
      const op = ['&', '|', '^', '->', '<->', '!'][Math.floor(random() * 6)]!;
      return op === '!' ? `!(${build(depth - 1)})` : `(${build(depth - 1)} ${op} ${build(depth - 1)})`;
    };
    for (let i = 0; i < 300; i++) {
      const formula = parseFormula(build(4));
      const result = checkSatisfiable([formula]);
      const truthSatisfiable = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].some((bits) =>
        evaluateFormula(formula, (name) => ((bits >> names.indexOf(name)) & 1) === 1),
      );
      expect(result.satisfiable).toBe(truthSatisfiable);
      if (result.model) expect(evaluateFormula(formula, (name) => result.model![name]!)).toBe(true);
    }
  });
});

describe('tautologies and contradictions', () => {
  it.each([
    'A | !A',
    '(A -> B) <-> (!B -> !A)',
    '!(A & B) <-> (!A | !B)',
    '((A -> B) & (B -> C)) -> (A -> C)',
    'A ^ B <-> !(A <-> B)',
    'true',
  ])('%s is a tautology', async (source) => {
    const formula = parseFormula(source);
    expect(checkSatisfiable([{ kind: 'not', operand: formula }]).satisfiable).toBe(false);
    expect((await buildTruthTable(formula, 0, noCheckpoint)).classification).toBe('tautology');
  });

  it.each(['A & !A', '(A -> B) & A & !B', '(A <-> !A)', 'false', '(A | B) & !A & !B'])('%s is a contradiction', async (source) => {
    const formula = parseFormula(source);
    expect(checkSatisfiable([formula])).toMatchObject({ satisfiable: false, model: null });
    expect((await buildTruthTable(formula, 0, noCheckpoint)).classification).toBe('contradiction');
  });

  it('finds the only model of (A | B) & !A', () => {
    expect(checkSatisfiable([parseFormula('(A | B) & !A')]).model).toEqual({ A: false, B: true });
  });
});

describe('entailment', () => {
  it('modus ponens: A, A -> B ⊨ B', () => {
    expect(checkEntailment([parseFormula('A'), parseFormula('A -> B')], parseFormula('B'))).toMatchObject({
      entailed: true,
      counterexample: null,
      premises_consistent: true,
    });
  });

  it('modus tollens and disjunctive syllogism', () => {
    expect(checkEntailment(['A -> B', '!B'].map(parseFormula), parseFormula('!A')).entailed).toBe(true);
    expect(checkEntailment(['A | B', '!A'].map(parseFormula), parseFormula('B')).entailed).toBe(true);
  });

  it('affirming the consequent is not valid; the counterexample makes premises true and the conclusion false', () => {
    const premises = ['A -> B', 'B'].map(parseFormula);
    const conclusion = parseFormula('A');
    const result = checkEntailment(premises, conclusion);
    expect(result.entailed).toBe(false);
    expect(result.counterexample).toEqual({ A: false, B: true });
    const valueOf = (name: string) => result.counterexample![name]!;
    expect(premises.every((premise) => evaluateFormula(premise, valueOf))).toBe(true);
    expect(evaluateFormula(conclusion, valueOf)).toBe(false);
  });

  it('inconsistent premises entail anything, and say so', () => {
    expect(checkEntailment(['A', '!A'].map(parseFormula), parseFormula('Z'))).toMatchObject({ entailed: true, premises_consistent: false });
  });

  it('with no premises the conclusion must be a tautology', () => {
    expect(checkEntailment([], parseFormula('A | !A')).entailed).toBe(true);
    expect(checkEntailment([], parseFormula('A')).counterexample).toEqual({ A: false });
  });
});

describe('minimal unsatisfiable subsets', () => {
  it('finds the conflicting statements and leaves out the innocent ones', async () => {
    const statements = ['C', 'A', 'D | E', 'A -> B', '!B', 'E'].map(parseFormula);
    const result = await findMinimalUnsatisfiableSubset(statements, noCheckpoint);
    expect(result).toMatchObject({ consistent: false, model: null, minimal_unsatisfiable_subset: [1, 3, 4] });
  });

  it('returns a model when consistent', async () => {
    const result = await findMinimalUnsatisfiableSubset(['A -> B', 'A'].map(parseFormula), noCheckpoint);
    expect(result).toMatchObject({ consistent: true, model: { A: true, B: true }, minimal_unsatisfiable_subset: null });
  });

  it('every returned subset is unsatisfiable and each proper subset obtained by dropping one is satisfiable (seeded random)', async () => {
    const random = prng(99);
    for (let round = 0; round < 30; round++) {
      const statements = Array.from({ length: 8 }, () => {
        const literal = () => `${random() < 0.5 ? '!' : ''}${'ABCD'[Math.floor(random() * 4)]}`;
        return parseFormula(random() < 0.5 ? literal() : `${literal()} | ${literal()}`);
      });
      const result = await findMinimalUnsatisfiableSubset(statements, noCheckpoint);
      if (result.consistent) continue;
      const subset = result.minimal_unsatisfiable_subset!.map((i) => statements[i]!);
      expect(checkSatisfiable(subset).satisfiable).toBe(false);
      for (let drop = 0; drop < subset.length; drop++) expect(checkSatisfiable(subset.filter((_, i) => i !== drop)).satisfiable).toBe(true);
    }
  });

  it('a single contradictory statement is its own subset', async () => {
    expect(
      (await findMinimalUnsatisfiableSubset(['A', 'B & !B', 'C'].map(parseFormula), noCheckpoint)).minimal_unsatisfiable_subset,
    ).toEqual([1]);
  });
});

describe('truth tables', () => {
  it('lists rows in binary counting order and classifies', async () => {
    const table = await buildTruthTable(parseFormula('A -> B'), 10, noCheckpoint);
    expect(table).toEqual({
      variables: ['A', 'B'],
      rows: [
        { assignment: { A: false, B: false }, value: true },
        { assignment: { A: false, B: true }, value: true },
        { assignment: { A: true, B: false }, value: false },
        { assignment: { A: true, B: true }, value: true },
      ],
      total_rows: 4,
      rows_truncated: false,
      true_rows: 3,
      classification: 'contingent',
    });
  });

  it('evaluates every row but returns at most maxRows', async () => {
    const table = await buildTruthTable(parseFormula('a & b & c & d & e'), 3, noCheckpoint);
    expect(table).toMatchObject({ total_rows: 32, rows_truncated: true, true_rows: 1 });
    expect(table.rows).toHaveLength(3);
  });
});
