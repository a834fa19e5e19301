/**
 * The reasoning-agent's own settings, read from the environment by core's loadSettings. Every
 * bound is checked before work starts; exceeding one is an invalid_arguments error naming it.
 */
import { z } from '@a2a-mcp/core';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const settingsSchema = z.object({
  /** Longest formula or atom text, in characters. */
  REASONING_MAX_FORMULA_LENGTH: int(16, 1_000_000).default(10_000),
  /** Most variables a truth table may have (2^n rows are evaluated); at most 20. */
  REASONING_TRUTH_TABLE_MAX_VARIABLES: int(1, 20).default(12),
  /** Most rows a truth table returns (all rows are still evaluated for the classification). */
  REASONING_TRUTH_TABLE_MAX_ROWS: int(1, 1_048_576).default(4096),
  /** Truth-table work: 2^variables rows × formula nodes, every row being evaluated. */
  REASONING_MAX_TRUTH_TABLE_WORK: int(1, 10_000_000_000).default(50_000_000),
  /** Truth-table answer: returned rows × variables (cells of the answer). */
  REASONING_MAX_TRUTH_TABLE_CELLS: int(1, 100_000_000).default(100_000),
  /** Most literals over all DIMACS clauses of one check_satisfiability call. */
  REASONING_MAX_LITERALS: int(1, 100_000_000).default(1_000_000),
  /** Most statements / premises in one call. */
  REASONING_MAX_STATEMENTS: int(1, 10_000).default(200),
  /** Most clauses given to or produced for the SAT solver (input clauses and Tseitin clauses). */
  REASONING_MAX_CLAUSES: int(1, 1_000_000).default(50_000),
  /** Highest variable number in DIMACS clauses. */
  REASONING_MAX_SAT_VARIABLES: int(1, 1_000_000).default(10_000),
  /** Most facts given to forward_chain / prove_goal. */
  REASONING_MAX_FACTS: int(1, 1_000_000).default(10_000),
  /** Most rules given to forward_chain / prove_goal. */
  REASONING_MAX_RULES: int(1, 10_000).default(500),
  /** Most facts derived in one chaining call before it stops with a message. */
  REASONING_MAX_DERIVED_FACTS: int(1, 10_000_000).default(10_000),
  /** Default and ceiling of `max_iterations` (forward iterations / backward passes). */
  REASONING_MAX_ITERATIONS: int(1, 100_000).default(1_000),
  /** Body-atom match attempts allowed in one chaining call. */
  REASONING_MAX_INFERENCES: int(1, 1_000_000_000).default(5_000_000),
  /** Ceiling of `max_answers` (bindings listed by prove_goal). */
  REASONING_MAX_BINDINGS: int(1, 100_000).default(1_000),
  /** Most steps in one answer's proof. */
  REASONING_MAX_PROOF_STEPS: int(1, 100_000).default(500),
});

export type ReasoningSettings = z.output<typeof settingsSchema>;

/** The defaults (what an empty environment gives). */
export const defaultSettings: ReasoningSettings = Object.freeze(settingsSchema.parse({}));
