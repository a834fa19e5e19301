/**
 * Tseitin conversion of a formula tree to CNF. Every `and`, `or`, `xor`, `implies` and `iff` node
 * gets a fresh auxiliary variable constrained to be equivalent to its operands (both directions), so
 * the clause count grows linearly with the formula instead of exponentially as distribution would.
 * Negation is folded into literals; variables map to themselves. Literals follow DIMACS: variable
 * k is `k`, its negation `-k`.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import type { Formula } from './ast.js';

function isLiteral(formula: Formula): boolean {
  return formula.kind === 'var' || (formula.kind === 'not' && formula.operand.kind === 'var');
}

/** A clause set over variables 1..numVars. */
export interface Cnf {
  numVars: number;
  clauses: number[][];
}

/** Builds one CNF from several formulas that share variable names. */
export class CnfBuilder implements Cnf {
  numVars = 0;
  readonly clauses: number[][] = [];
  /** Variable number → original name, for the named variables only. */
  readonly names = new Map<number, string>();
  private readonly numbers = new Map<string, number>();
  private trueLiteral = 0;

  /** @param maxClauses stop with invalid_arguments past this many clauses. */
  constructor(private readonly maxClauses = Number.POSITIVE_INFINITY) {}

  /** The variable number of a named (original) variable, created on first use. */
  variable(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.fresh();
      this.numbers.set(name, number);
      this.names.set(number, name);
    }
    return number;
  }

  /** A new auxiliary variable. */
  fresh(): number {
    return ++this.numVars;
  }

  addClause(literals: number[]): void {
    if (this.clauses.length >= this.maxClauses) {
      throw new ServiceError('invalid_arguments', `The CNF encoding needs more than ${this.maxClauses} clauses; simplify the input`, {
        data: { limit: 'REASONING_MAX_CLAUSES', max: this.maxClauses },
      });
    }
    this.clauses.push(literals);
  }

  /** A literal equivalent to `formula` (Tseitin). */
  encode(formula: Formula): number {
    switch (formula.kind) {
      case 'const': {
        if (this.trueLiteral === 0) {
          this.trueLiteral = this.fresh();
          this.addClause([this.trueLiteral]);
        }
        return formula.value ? this.trueLiteral : -this.trueLiteral;
      }
      case 'var':
        return this.variable(formula.name);
      case 'not':
        return -this.encode(formula.operand);
      case 'and': {
        const operands = formula.operands.map((operand) => this.encode(operand));
        const a = this.fresh();
        for (const l of operands) this.addClause([-a, l]);
        this.addClause([a, ...operands.map((l) => -l)]);
        return a;
      }
      case 'or': {
        const operands = formula.operands.map((operand) => this.encode(operand));
        const a = this.fresh();
        for (const l of operands) this.addClause([a, -l]);
        this.addClause([-a, ...operands]);
        return a;
      }
      case 'xor': {
        const [first, ...rest] = formula.operands.map((operand) => this.encode(operand));
        return rest.reduce((x, y) => this.xor(x, y), first!);
      }
      case 'implies': {
        const x = this.encode(formula.left);
        const y = this.encode(formula.right);
        const a = this.fresh();
        this.addClause([-a, -x, y]);
        this.addClause([a, x]);
        this.addClause([a, -y]);
        return a;
      }
      case 'iff':
        return -this.xor(this.encode(formula.left), this.encode(formula.right));
    }
  }

  /**
   * Adds clauses forcing `formula` to be true. Top-level conjunctions are split and top-level
   * disjunctions of literals become one clause, without auxiliary variables.
   */
  assert(formula: Formula): void {
    if (formula.kind === 'and') {
      for (const operand of formula.operands) this.assert(operand);
      return;
    }
    if (formula.kind === 'or' && formula.operands.every(isLiteral)) {
      this.addClause(formula.operands.map((operand) => this.encode(operand)));
      return;
    }
    this.addClause([this.encode(formula)]);
  }

  private xor(x: number, y: number): number {
    const a = this.fresh();
    this.addClause([-a, x, y]);
    this.addClause([-a, -x, -y]);
    this.addClause([a, -x, y]);
    this.addClause([a, x, -y]);
    return a;
  }
}
