/**
 * The propositional formula tree. `and`, `or` and `xor` are n-ary (two or more operands, flattened
 * only where the source text chained them without parentheses, so printing preserves the tree);
 * `implies` and `iff` are binary.
 */
export type Formula =
  | { kind: 'const'; value: boolean }
  | { kind: 'var'; name: string }
  | { kind: 'not'; operand: Formula }
  | { kind: 'and' | 'or' | 'xor'; operands: Formula[] }
  | { kind: 'implies' | 'iff'; left: Formula; right: Formula };

export type NaryKind = 'and' | 'or' | 'xor';
export type BinaryKind = 'implies' | 'iff';

/** Binding strength: higher binds tighter. `not` binds tighter than every binary operator. */
export const PRECEDENCE = { iff: 1, implies: 2, or: 3, xor: 4, and: 5, not: 6, atom: 7 } as const;

/** Variables in order of first appearance (left to right in the printed formula). */
export function collectVariables(formula: Formula, into: string[] = [], seen = new Set<string>(into)): string[] {
  const visit = (node: Formula): void => {
    switch (node.kind) {
      case 'const':
        return;
      case 'var':
        if (!seen.has(node.name)) {
          seen.add(node.name);
          into.push(node.name);
        }
        return;
      case 'not':
        return visit(node.operand);
      case 'and':
      case 'or':
      case 'xor':
        for (const operand of node.operands) visit(operand);
        return;
      case 'implies':
      case 'iff':
        visit(node.left);
        visit(node.right);
        return;
    }
  };
  visit(formula);
  return into;
}

/** Evaluates `formula` with `valueOf` giving each variable's value. */
/** Nodes in the tree (constants, variables and operators): what one evaluation visits at most. */
export function countNodes(formula: Formula): number {
  switch (formula.kind) {
    case 'const':
    case 'var':
      return 1;
    case 'not':
      return 1 + countNodes(formula.operand);
    case 'and':
    case 'or':
    case 'xor':
      return formula.operands.reduce((sum, operand) => sum + countNodes(operand), 1);
    case 'implies':
    case 'iff':
      return 1 + countNodes(formula.left) + countNodes(formula.right);
  }
}

export function evaluateFormula(formula: Formula, valueOf: (name: string) => boolean): boolean {
  switch (formula.kind) {
    case 'const':
      return formula.value;
    case 'var':
      return valueOf(formula.name);
    case 'not':
      return !evaluateFormula(formula.operand, valueOf);
    case 'and':
      return formula.operands.every((operand) => evaluateFormula(operand, valueOf));
    case 'or':
      return formula.operands.some((operand) => evaluateFormula(operand, valueOf));
    case 'xor':
      return formula.operands.reduce((acc, operand) => acc !== evaluateFormula(operand, valueOf), false);
    case 'implies':
      return !evaluateFormula(formula.left, valueOf) || evaluateFormula(formula.right, valueOf);
    case 'iff':
      return evaluateFormula(formula.left, valueOf) === evaluateFormula(formula.right, valueOf);
  }
}
