/**
 * A thin, incremental wrapper around logic-solver's MiniSat (compiled to JS). Clauses use DIMACS
 * literals; variable k is named `v<k>` inside the solver.
 *
 * Two quirks of logic-solver 2.0.1 are handled here: each solver instance registers a process
 * `uncaughtException` listener that would pin its 64 MiB heap forever (removed right after
 * construction), and the emscripten runtime reports fatal conditions by throwing strings (mapped
 * to a ServiceError). One solve call is not interruptible, so callers bound instance sizes first.
 */
import { createRequire } from 'node:module';
import { ServiceError } from '@a2a-mcp/core/errors';
import type Logic from 'logic-solver';

let logicSolver: typeof Logic | undefined;
/**
 * logic-solver (MiniSat compiled to JS: ~20 MiB resident once loaded) is loaded by the first solver
 * made, not when the service starts (issue #17).
 */
function logic(): typeof Logic {
  return (logicSolver ??= createRequire(import.meta.url)('logic-solver') as typeof Logic);
}

function literalTerm(literal: number): Logic.Term {
  return literal < 0 ? `-v${-literal}` : `v${literal}`;
}

function createSolver(): Logic.Solver {
  const before = new Set(process.listeners('uncaughtException'));
  try {
    return new (logic().Solver)();
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.has(listener)) process.removeListener('uncaughtException', listener);
    }
  }
}

function guard<T>(run: () => T): T {
  try {
    // Inputs are validated before they get here; the library's own checks only cost time.
    return logic().disablingAssertions(run);
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new ServiceError('invalid_arguments', 'The SAT instance is too large for the solver; reduce the number of variables or clauses', {
      cause: error,
    });
  }
}

/** An incremental SAT solver: add clauses, then solve, optionally under assumptions. */
export class SatSolver {
  private readonly solver = createSolver();
  private numVars = 0;

  /** Adds clauses (arrays of non-zero DIMACS literals; an empty clause makes the set unsatisfiable). */
  addClauses(clauses: readonly (readonly number[])[]): void {
    const formulas: Logic.Formula[] = [];
    for (const clause of clauses) {
      for (const literal of clause) this.numVars = Math.max(this.numVars, Math.abs(literal));
      formulas.push(logic().or(clause.map(literalTerm)));
    }
    guard(() => this.solver.require(formulas));
  }

  /**
   * Solves under `assumptions` (literals held true for this call only). Returns the model as an
   * array indexed by variable number (index 0 unused), or null when unsatisfiable.
   */
  solve(assumptions: readonly number[] = [], numVars = this.numVars): boolean[] | null {
    const solution = guard(() =>
      assumptions.length === 0 ? this.solver.solve() : this.solver.solveAssuming(logic().and(assumptions.map(literalTerm))),
    );
    if (!solution) return null;
    const map = solution.getMap();
    const model: boolean[] = [false];
    for (let k = 1; k <= numVars; k++) model.push(map[`v${k}`] === true);
    return model;
  }
}

/** Solves a clause set once. */
export function solveClauses(clauses: readonly (readonly number[])[], numVars: number): boolean[] | null {
  const solver = new SatSolver();
  solver.addClauses(clauses);
  return solver.solve([], numVars);
}
