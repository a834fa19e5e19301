import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { collectVariables, evaluateFormula, type Formula } from './ast.js';
import { FormulaSyntaxError, MAX_FORMULA_DEPTH, parseFormula } from './parser.js';
import { printFormula } from './printer.js';

const canonical = (source: string): string => printFormula(parseFormula(source));

describe('parseFormula precedence and associativity', () => {
  it.each([
    ['A & B | C', 'A & B | C', { kind: 'or' }],
    ['A | B & C', 'A | B & C', { kind: 'or' }],
    ['!A & B', '!A & B', { kind: 'and' }],
    ['A ^ B & C', 'A ^ B & C', { kind: 'xor' }],
    ['A | B ^ C', 'A | B ^ C', { kind: 'or' }],
    ['A -> B | C', 'A -> B | C', { kind: 'implies' }],
    ['A <-> B -> C', 'A <-> B -> C', { kind: 'iff' }],
    ['not A and B or C implies D iff E', '!A & B | C -> D <-> E', { kind: 'iff' }],
    ['A && B || ~C => D <=> E', 'A & B | !C -> D <-> E', { kind: 'iff' }],
    ['TRUE AND False', 'true & false', { kind: 'and' }],
    ['((A))', 'A', { kind: 'var' }],
    ['!!A', '!!A', { kind: 'not' }],
    ['!(A & B)', '!(A & B)', { kind: 'not' }],
    ['(A & B) & C', '(A & B) & C', { kind: 'and' }],
    ['A & B & C', 'A & B & C', { kind: 'and' }],
  ])('%s → %s', (source, printed, shape) => {
    expect(canonical(source)).toBe(printed);
    expect(parseFormula(source)).toMatchObject(shape);
  });

  it('makes implication right-associative', () => {
    expect(parseFormula('A -> B -> C')).toEqual({
      kind: 'implies',
      left: { kind: 'var', name: 'A' },
      right: { kind: 'implies', left: { kind: 'var', name: 'B' }, right: { kind: 'var', name: 'C' } },
    });
    expect(canonical('(A -> B) -> C')).toBe('(A -> B) -> C');
    expect(canonical('A -> (B -> C)')).toBe('A -> B -> C');
  });

  it('makes iff left-associative', () => {
    expect(parseFormula('A <-> B <-> C')).toMatchObject({ kind: 'iff', left: { kind: 'iff' }, right: { kind: 'var', name: 'C' } });
    expect(canonical('A <-> (B <-> C)')).toBe('A <-> (B <-> C)');
  });

  it('flattens chains of one operator into an n-ary node', () => {
    expect(parseFormula('A | B | C')).toEqual({ kind: 'or', operands: ['A', 'B', 'C'].map((name) => ({ kind: 'var', name })) });
  });

  it('lists variables in order of first appearance', () => {
    expect(collectVariables(parseFormula('(b | a) & !b -> c_1 & a'))).toEqual(['b', 'a', 'c_1']);
  });
});

describe('parseFormula errors', () => {
  it.each([
    ['(A & ))', "unexpected ')' at column 6 (expected a variable, 'true', 'false', '!' or '(')", 6],
    ['A | B)', "unexpected ')' at column 6 (expected an operator or end of input)", 6],
    ['(A | B', "unexpected end of input at column 7 (expected ')' to close '(' at column 1)", 7],
    ['A B', "unexpected 'B' at column 3 (expected an operator or end of input)", 3],
    ['A & # B', "unexpected character '#' at column 5", 5],
    ['', "unexpected end of input at column 1 (expected a variable, 'true', 'false', '!' or '(')", 1],
    ['A -> and', "unexpected 'and' at column 6 (expected a variable, 'true', 'false', '!' or '(')", 6],
  ])('%j', (source, message, column) => {
    let error: unknown;
    try {
      parseFormula(source);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    expect((error as FormulaSyntaxError).message).toBe(message);
    expect((error as FormulaSyntaxError).column).toBe(column);
  });

  it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = `${'('.repeat(MAX_FORMULA_DEPTH + 1)}A${')'.repeat(MAX_FORMULA_DEPTH + 1)}`;
    expect(() => parseFormula(deep)).toThrow(/nests deeper than 256 levels/);
    expect(() => parseFormula(`${'!'.repeat(100_000)}A`)).toThrow(FormulaSyntaxError);
    expect(() => parseFormula(Array.from({ length: 5000 }, (_, i) => `v${i}`).join(' -> '))).toThrow(FormulaSyntaxError);
    expect(canonical(Array.from({ length: 5000 }, (_, i) => `v${i}`).join(' & '))).toContain('v4999');
  });
});

const variableName = fc.constantFrom('A', 'B', 'C', 'x1', 'rain', '_tmp', 'Wet');
const formulaArbitrary: fc.Arbitrary<Formula> = fc.letrec<{ formula: Formula }>((tie) => ({
  formula: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    variableName.map((name): Formula => ({ kind: 'var', name })),
    fc.boolean().map((value): Formula => ({ kind: 'const', value })),
    tie('formula').map((operand): Formula => ({ kind: 'not', operand })),
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const, 'xor' as const), fc.array(tie('formula'), { minLength: 2, maxLength: 4 }))
      .map(([kind, operands]): Formula => ({ kind, operands })),
    fc
      .tuple(fc.constantFrom('implies' as const, 'iff' as const), tie('formula'), tie('formula'))
      .map(([kind, left, right]): Formula => ({ kind, left, right })),
  ),
})).formula;

describe('canonical printer (property)', () => {
  it('print(parse(print(ast))) === print(ast)', () => {
    fc.assert(
      fc.property(formulaArbitrary, (ast) => {
        const printed = printFormula(ast);
        expect(printFormula(parseFormula(printed))).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it('parse(print(ast)) rebuilds the same tree', () => {
    fc.assert(
      fc.property(formulaArbitrary, (ast) => {
        expect(parseFormula(printFormula(ast))).toEqual(ast);
      }),
      { numRuns: 500 },
    );
  });

  it('printing preserves meaning under every assignment', () => {
    fc.assert(
      fc.property(formulaArbitrary, fc.func(fc.boolean()), (ast, valueOf) => {
        expect(evaluateFormula(parseFormula(printFormula(ast)), valueOf)).toBe(evaluateFormula(ast, valueOf));
      }),
      { numRuns: 200 },
    );
  });
});
