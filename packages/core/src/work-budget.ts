/**
 * Work and output budgets: the shared rule by which a tool refuses an input whose implied work
 * (pairs n·m, clauses × variables, terms × documents, iterations × edges) or output (result rows ×
 * columns) is too large, before doing any of it. Input lengths alone do not bound work: 10 000
 * documents and a 12 000-term query are each within bounds, their product is not.
 *
 * The refusal is `invalid_arguments` (the caller can fix it by sending less), and its message names
 * the budget, each factor with its value, the product and the limit, and what to send instead:
 *
 *   BM25 work is 12 000 query terms × 10 000 documents = 120 000 000; the limit is
 *   RANKING_MAX_BM25_WORK=10 000 000: send fewer query terms or documents
 */
import { ServiceError } from './errors.js';

/** One factor of a work product: a count and what it counts. */
export interface WorkFactor {
  /** What is counted, plural (`documents`, `query terms`). */
  label: string;
  value: number;
}

/** One budget check. */
export interface WorkBudget {
  /** What the product measures, as the message's subject (`BM25 work`, `term details`). */
  what: string;
  /** The factors; their product is compared against `limit`. */
  factors: readonly WorkFactor[];
  /** Largest accepted product (inclusive). */
  limit: number;
  /** The name of the setting or constant that holds `limit` (`RANKING_MAX_BM25_WORK`). */
  bound: string;
  /** What the caller can do about it (`send fewer query terms or documents`). */
  hint: string;
  /** The argument most to blame, reported as `data.field`. */
  field?: string;
}

/**
 * Formats an integer with a space every three digits from 10 000 on (`120 000 000`), as the
 * READMEs write bounds; smaller numbers and non-integers stay as they are.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value) || Math.abs(value) < 10_000) return String(value);
  return String(value).replace(/\B(?=(\d{3})+$)/g, ' ');
}

/** The product of the factors (exact for products up to 2^53; larger ones are far over any limit anyway). */
export function workOf(factors: readonly WorkFactor[]): number {
  return factors.reduce((product, f) => product * f.value, 1);
}

/**
 * Throws `invalid_arguments` when the product of `budget.factors` exceeds `budget.limit`; a product
 * equal to the limit is accepted. `data` carries `{bound, limit, value, field?}`.
 *
 * @example assertWorkBudget({ what: 'BM25 work', factors: [{ label: 'query terms', value: t }, { label: 'documents', value: n }], limit, bound: 'RANKING_MAX_BM25_WORK', hint: 'send fewer query terms or documents' })
 */
export function assertWorkBudget(budget: WorkBudget): void {
  const value = workOf(budget.factors);
  if (value <= budget.limit) return;
  const factors = budget.factors.map((f) => `${formatCount(f.value)} ${f.label}`).join(' × ');
  const product = budget.factors.length > 1 ? `${factors} = ${formatCount(value)}` : factors;
  throw new ServiceError(
    'invalid_arguments',
    `${budget.what} is ${product}; the limit is ${budget.bound}=${formatCount(budget.limit)}: ${budget.hint}`,
    {
      data: { bound: budget.bound, limit: budget.limit, value, ...(budget.field ? { field: budget.field } : {}) },
    },
  );
}
