/**
 * The reasoning tools' heavy work as compute tasks (core's `defineTask`): pure functions of a
 * structured-cloneable payload, loaded by worker threads on their own, so this module and what it
 * imports stay free of the `@a2a-mcp/core` package root. SAT is NP-complete and Datalog programs
 * can derive a lot: once an input is more than small, these run on the pool, where the tool's
 * timeout terminates them. On a worker the checkpoints never fire (no signal); inline they keep
 * long loops cancellable as before.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { assertWorkBudget } from '@a2a-mcp/core/work-budget';
import { createCheckpoint } from './checkpoint.js';
import { printAtom } from './datalog/atoms.js';
import { proveGoal, type BackwardLimits } from './datalog/backward.js';
import { forwardChain, type ChainingLimits } from './datalog/forward.js';
import { parseAtomField, parseProgram, type RuleInput } from './datalog/program.js';
import { collectVariables, countNodes } from './logic/ast.js';
import { parseFormulaField } from './logic/field.js';
import { printFormula } from './logic/printer.js';
import { checkEntailment, checkSatisfiable, findMinimalUnsatisfiableSubset } from './logic/reasoning.js';
import { solveClauses } from './logic/sat.js';
import { buildTruthTable } from './logic/truth-table.js';

/** Solves DIMACS-style clauses; variable k is reported as `x<k>`. */
export function solveDimacs(clauses: readonly (readonly number[])[], numVariables = 0) {
  let n = numVariables;
  for (const clause of clauses) for (const literal of clause) n = Math.max(n, Math.abs(literal));
  const model = solveClauses(clauses, n);
  const variables = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  return {
    satisfiable: model !== null,
    model: model ? Object.fromEntries(variables.map((name, i) => [name, model[i + 1]!])) : null,
    model_literals: model ? variables.map((_, i) => (model[i + 1] ? i + 1 : -(i + 1))) : null,
    variables,
    cnf: { variables: n, auxiliary_variables: 0, clauses: clauses.length },
  };
}

export interface SatisfiabilityPayload {
  formula?: string | undefined;
  clauses?: number[][] | undefined;
  num_variables?: number | undefined;
  maxClauses: number;
}

/** `check_satisfiability`: DIMACS clauses, or a formula through Tseitin. */
export function satisfiability({ formula, clauses, num_variables, maxClauses }: SatisfiabilityPayload) {
  if (clauses !== undefined) return solveDimacs(clauses, num_variables);
  const tree = parseFormulaField(formula!, 'formula');
  const result = checkSatisfiable([tree], maxClauses);
  return {
    satisfiable: result.satisfiable,
    model: result.model,
    canonical: printFormula(tree),
    variables: collectVariables(tree),
    cnf: result.cnf,
  };
}

/** `check_entailment`. */
export function entailment({ premises, conclusion, maxClauses }: { premises: string[]; conclusion: string; maxClauses: number }) {
  const premiseTrees = premises.map((premise, i) => parseFormulaField(premise, `premises[${i}]`));
  const conclusionTree = parseFormulaField(conclusion, 'conclusion');
  const result = checkEntailment(premiseTrees, conclusionTree, maxClauses);
  return { ...result, canonical_premises: premiseTrees.map(printFormula), canonical_conclusion: printFormula(conclusionTree) };
}

/** `find_inconsistencies`: a minimal unsatisfiable subset by deletion. */
export async function inconsistencies({ statements, maxClauses }: { statements: string[]; maxClauses: number }, signal?: AbortSignal) {
  const trees = statements.map((statement, i) => parseFormulaField(statement, `statements[${i}]`));
  const result = await findMinimalUnsatisfiableSubset(trees, createCheckpoint(signal), maxClauses);
  return { ...result, conflicting_statements: (result.minimal_unsatisfiable_subset ?? []).map((i) => printFormula(trees[i]!)) };
}

/** `generate_truth_table`: refuses more than `maxVariables` variables. */
export async function truthTable(
  {
    formula,
    maxRows,
    maxVariables,
    maxWork,
    maxCells,
  }: { formula: string; maxRows: number; maxVariables: number; maxWork: number; maxCells: number },
  signal?: AbortSignal,
) {
  const tree = parseFormulaField(formula, 'formula');
  const count = collectVariables(tree).length;
  if (count > maxVariables) {
    throw new ServiceError(
      'invalid_arguments',
      `The formula has ${count} variables; a truth table allows at most ${maxVariables} (REASONING_TRUTH_TABLE_MAX_VARIABLES). Use check_satisfiability instead.`,
      {
        data: { variables: count, max: maxVariables },
      },
    );
  }
  assertWorkBudget({
    what: 'Truth-table work',
    factors: [
      { label: 'rows', value: 2 ** count },
      { label: 'formula nodes', value: countNodes(tree) },
    ],
    limit: maxWork,
    bound: 'REASONING_MAX_TRUTH_TABLE_WORK',
    hint: 'send a shorter formula or one with fewer variables (check_satisfiability has no such limit)',
    field: 'formula',
  });
  const rows = Math.min(maxRows, 2 ** count);
  assertWorkBudget({
    what: 'The truth-table answer',
    factors: [
      { label: 'rows', value: rows },
      { label: 'variables', value: Math.max(1, count) },
    ],
    limit: maxCells,
    bound: 'REASONING_MAX_TRUTH_TABLE_CELLS',
    hint: 'lower max_rows',
    field: 'max_rows',
  });
  const table = await buildTruthTable(tree, rows, createCheckpoint(signal));
  return {
    canonical: printFormula(tree),
    ...table,
    is_tautology: table.classification === 'tautology',
    is_contradiction: table.classification === 'contradiction',
  };
}

/** `forward_chain`. */
export async function forwardChaining(
  { facts, rules, limits }: { facts: string[]; rules: RuleInput[]; limits: ChainingLimits },
  signal?: AbortSignal,
) {
  const result = await forwardChain(parseProgram(facts, rules), limits, createCheckpoint(signal));
  return { ...result, derived_count: result.derived.length };
}

/** `prove_goal`. */
export async function goalProof(
  { facts, rules, goal, limits }: { facts: string[]; rules: RuleInput[]; goal: string; limits: BackwardLimits },
  signal?: AbortSignal,
) {
  const program = parseProgram(facts, rules);
  const goalAtom = parseAtomField(goal, 'goal');
  const result = await proveGoal(program, goalAtom, limits, createCheckpoint(signal));
  return { goal: printAtom(goalAtom), ...result };
}
