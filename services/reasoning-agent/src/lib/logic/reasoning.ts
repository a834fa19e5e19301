/**
 * Satisfiability, entailment and minimal unsatisfiable subsets over formula trees, through the
 * Tseitin encoding (cnf.ts) and MiniSat (sat.ts).
 */
import type { Checkpoint } from '../checkpoint.js';
import { collectVariables, type Formula } from './ast.js';
import { CnfBuilder } from './cnf.js';
import { SatSolver } from './sat.js';

export type Assignment = Record<string, boolean>;

/** Size of the CNF handed to the solver. */
export interface CnfStats {
  variables: number;
  auxiliary_variables: number;
  clauses: number;
}

export interface SatisfiabilityResult {
  satisfiable: boolean;
  /** A satisfying assignment of every variable of the formulas, or null. */
  model: Assignment | null;
  cnf: CnfStats;
}

function statsOf(builder: CnfBuilder): CnfStats {
  return { variables: builder.numVars, auxiliary_variables: builder.numVars - builder.names.size, clauses: builder.clauses.length };
}

function project(model: boolean[], builder: CnfBuilder, variables: readonly string[]): Assignment {
  const assignment: Assignment = {};
  for (const name of variables) assignment[name] = model[builder.variable(name)] === true;
  return assignment;
}

/** Whether the conjunction of `formulas` is satisfiable, with a model over their variables. */
export function checkSatisfiable(formulas: readonly Formula[], maxClauses?: number): SatisfiabilityResult {
  const builder = new CnfBuilder(maxClauses);
  const variables: string[] = [];
  for (const formula of formulas) {
    collectVariables(formula, variables);
    builder.assert(formula);
  }
  for (const name of variables) builder.variable(name);
  const solver = new SatSolver();
  solver.addClauses(builder.clauses);
  const model = solver.solve([], builder.numVars);
  return { satisfiable: model !== null, model: model ? project(model, builder, variables) : null, cnf: statsOf(builder) };
}

export interface EntailmentResult {
  entailed: boolean;
  /** An assignment making every premise true and the conclusion false, or null. */
  counterexample: Assignment | null;
  /** False when the premises contradict each other (then they entail anything). */
  premises_consistent: boolean;
  cnf: CnfStats;
}

/** premises ⊨ conclusion iff premises ∧ ¬conclusion is unsatisfiable. */
export function checkEntailment(premises: readonly Formula[], conclusion: Formula, maxClauses?: number): EntailmentResult {
  const consistent = checkSatisfiable(premises, maxClauses).satisfiable;
  const refutation = checkSatisfiable([...premises, { kind: 'not', operand: conclusion }], maxClauses);
  return { entailed: !refutation.satisfiable, counterexample: refutation.model, premises_consistent: consistent, cnf: refutation.cnf };
}

export interface InconsistencyResult {
  consistent: boolean;
  /** A model of all statements when consistent. */
  model: Assignment | null;
  /** Indices (0-based, ascending) of a minimal unsatisfiable subset, or null when consistent. */
  minimal_unsatisfiable_subset: number[] | null;
  /** Solver calls made. */
  solver_calls: number;
}

/**
 * Finds a minimal unsatisfiable subset by deletion: each statement i gets a selector variable s_i
 * and the clause (¬s_i ∨ root_i); starting from all statements, drop each in turn and keep it out
 * when the rest is still unsatisfiable (solving under the remaining selectors as assumptions, on
 * one incremental solver). The result is minimal (removing any member makes it satisfiable), not
 * necessarily minimum. The checkpoint runs between solver calls.
 */
export async function findMinimalUnsatisfiableSubset(
  statements: readonly Formula[],
  checkpoint: Checkpoint,
  maxClauses?: number,
): Promise<InconsistencyResult> {
  const builder = new CnfBuilder(maxClauses);
  const variables: string[] = [];
  const selectors: number[] = [];
  for (const statement of statements) {
    collectVariables(statement, variables);
    const root = builder.encode(statement);
    const selector = builder.fresh();
    builder.addClause([-selector, root]);
    selectors.push(selector);
  }
  for (const name of variables) builder.variable(name);
  const solver = new SatSolver();
  solver.addClauses(builder.clauses);
  let calls = 1;
  const model = solver.solve(selectors, builder.numVars);
  if (model)
    return { consistent: true, model: project(model, builder, variables), minimal_unsatisfiable_subset: null, solver_calls: calls };
  let kept = statements.map((_, index) => index);
  for (const candidate of [...kept]) {
    await checkpoint();
    const without = kept.filter((index) => index !== candidate);
    calls++;
    if (!solver.solve(without.map((index) => selectors[index]!))) kept = without;
  }
  return { consistent: false, model: null, minimal_unsatisfiable_subset: kept, solver_calls: calls };
}
