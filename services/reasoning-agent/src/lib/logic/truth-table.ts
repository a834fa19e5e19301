/**
 * Truth tables: rows in binary counting order (the first variable is the most significant bit,
 * false before true), every row evaluated for the classification, at most `maxRows` returned.
 */
import type { Checkpoint } from '../checkpoint.js';
import { collectVariables, evaluateFormula, type Formula } from './ast.js';

export interface TruthTableRow {
  assignment: Record<string, boolean>;
  value: boolean;
}

export interface TruthTable {
  variables: string[];
  rows: TruthTableRow[];
  /** 2^variables: every row, returned or not. */
  total_rows: number;
  rows_truncated: boolean;
  true_rows: number;
  classification: 'tautology' | 'contradiction' | 'contingent';
}

/** Builds the truth table of `formula`; the caller has already bounded the variable count. */
export async function buildTruthTable(formula: Formula, maxRows: number, checkpoint: Checkpoint): Promise<TruthTable> {
  const variables = collectVariables(formula);
  const n = variables.length;
  const index = new Map(variables.map((name, i) => [name, i]));
  const values: boolean[] = Array.from({ length: n }, () => false);
  const valueOf = (name: string): boolean => values[index.get(name)!]!;
  const total = 2 ** n;
  const rows: TruthTableRow[] = [];
  let trueRows = 0;
  for (let row = 0; row < total; row++) {
    if ((row & 1023) === 1023) await checkpoint();
    for (let i = 0; i < n; i++) values[i] = ((row >>> (n - 1 - i)) & 1) === 1;
    const value = evaluateFormula(formula, valueOf);
    if (value) trueRows++;
    if (rows.length < maxRows) rows.push({ assignment: Object.fromEntries(variables.map((name, i) => [name, values[i]!])), value });
  }
  return {
    variables,
    rows,
    total_rows: total,
    rows_truncated: rows.length < total,
    true_rows: trueRows,
    classification: trueRows === total ? 'tautology' : trueRows === 0 ? 'contradiction' : 'contingent',
  };
}
