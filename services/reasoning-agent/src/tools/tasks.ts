/**
 * Where each heavy reasoning tool runs (docs/architecture.md, "Inline or pool"): inline while its
 * input is small, on core's worker-thread pool above the weight given here. SAT is NP-complete,
 * so only inputs too small to be hard stay on the event loop.
 */
import { defineTask } from '@a2a-mcp/core';
import { entailment, forwardChaining, goalProof, inconsistencies, satisfiability, truthTable } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

const textLength = (texts: readonly string[]) => texts.reduce((sum, text) => sum + text.length, 0);

/** Facts count once; every rule body atom can join against all of them. */
const programWeight = (p: { facts: readonly string[]; rules: readonly { if: readonly string[] }[] }) =>
  p.facts.length + 20 * p.rules.reduce((sum, rule) => sum + rule.if.length, 0);

/** Literals (clauses) or characters (formula): above 256, the pool. */
export const satisfiabilityTask = defineTask(LIB, satisfiability, {
  weight: (p) => (p.clauses ? p.clauses.reduce((sum, clause) => sum + clause.length, 0) : p.formula!.length),
  poolAbove: 256,
});

/** Characters of premises and conclusion: above 256, the pool. */
export const entailmentTask = defineTask(LIB, entailment, { weight: (p) => textLength(p.premises) + p.conclusion.length, poolAbove: 256 });

/** Characters of all statements (one solver call per statement): above 256, the pool. */
export const inconsistenciesTask = defineTask(LIB, inconsistencies, { weight: (p) => textLength(p.statements) * 2, poolAbove: 256 });

/** Characters of the formula (up to 2^variables rows are evaluated): above 64, the pool. */
export const truthTableTask = defineTask(LIB, truthTable, { weight: (p) => p.formula.length, poolAbove: 64 });

/** Facts + 20 per rule body atom: above 200, the pool. */
export const forwardChainingTask = defineTask(LIB, forwardChaining, { weight: programWeight, poolAbove: 200 });

/** Facts + 20 per rule body atom: above 200, the pool. */
export const goalProofTask = defineTask(LIB, goalProof, { weight: programWeight, poolAbove: 200 });
