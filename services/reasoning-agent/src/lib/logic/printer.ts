/**
 * Canonical printer: symbolic operators (`!`, `&`, `^`, `|`, `->`, `<->`), single spaces around
 * binary operators, and only the parentheses the tree needs, so `parseFormula(printFormula(f))`
 * rebuilds `f` exactly and printing is stable.
 */
import { PRECEDENCE, type Formula } from './ast.js';

const SYMBOL = { and: '&', or: '|', xor: '^', implies: '->', iff: '<->' } as const;

function precedenceOf(formula: Formula): number {
  return formula.kind === 'const' || formula.kind === 'var' ? PRECEDENCE.atom : PRECEDENCE[formula.kind];
}

function wrap(child: Formula, parens: boolean): string {
  const text = printFormula(child);
  return parens ? `(${text})` : text;
}

/**
 * Prints `formula` in canonical form.
 *
 * @example printFormula(parseFormula('not (a and b) implies c')) // '!(a & b) -> c'
 */
export function printFormula(formula: Formula): string {
  switch (formula.kind) {
    case 'const':
      return formula.value ? 'true' : 'false';
    case 'var':
      return formula.name;
    case 'not':
      return `!${wrap(formula.operand, precedenceOf(formula.operand) < PRECEDENCE.not)}`;
    case 'and':
    case 'or':
    case 'xor': {
      const own = PRECEDENCE[formula.kind];
      // An operand of the same kind was parenthesised in the source (chains are flattened).
      return formula.operands.map((operand) => wrap(operand, precedenceOf(operand) <= own)).join(` ${SYMBOL[formula.kind]} `);
    }
    case 'implies': {
      const own = PRECEDENCE.implies;
      // Right-associative: `a -> b -> c` is `a -> (b -> c)`.
      return `${wrap(formula.left, precedenceOf(formula.left) <= own)} -> ${wrap(formula.right, precedenceOf(formula.right) < own)}`;
    }
    case 'iff': {
      const own = PRECEDENCE.iff;
      // Left-associative: `a <-> b <-> c` is `(a <-> b) <-> c`.
      return `${wrap(formula.left, precedenceOf(formula.left) < own)} <-> ${wrap(formula.right, precedenceOf(formula.right) <= own)}`;
    }
  }
}
