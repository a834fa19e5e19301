/**
 * Goal-directed (backward) chaining with tabling. Each subgoal, up to variable renaming, gets a
 * table of ground answers. Within one pass a subgoal is expanded once; a repeated call (a cycle
 * such as `path(X, Y) :- path(X, Z), edge(Z, Y)`, or a subgoal already expanded in this pass)
 * reads the answers its table holds so far instead of recursing. Passes repeat until no table
 * gains an answer, so left recursion and cyclic data terminate and every answer is found (Datalog
 * has finitely many ground atoms). Every answer keeps the rule and premises that first produced
 * it; premises always predate their conclusion, so proofs are acyclic.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import type { Checkpoint } from '../checkpoint.js';
import {
  ANONYMOUS_PREFIX,
  matchAtom,
  printAtom,
  renameAtom,
  signatureOf,
  substitute,
  variantKey,
  variablesOf,
  type Atom,
  type Bindings,
} from './atoms.js';
import { stopMessage, type ChainingLimits, type StopReason } from './forward.js';
import type { Program } from './program.js';

/** One step of a proof: a given fact, or a rule applied to earlier steps' facts. */
export interface ProofStep {
  fact: string;
  via: 'fact' | 'rule';
  rule?: number;
  rule_name?: string;
  premises: string[];
}

export interface Answer {
  fact: string;
  bindings: Record<string, string>;
  /** Steps in dependency order: every premise appears before the step that uses it; the last step proves `fact`. */
  proof: ProofStep[];
  proof_truncated: boolean;
}

export interface BackwardResult {
  proved: boolean;
  answers: Answer[];
  answer_count: number;
  answers_truncated: boolean;
  complete: boolean;
  stop_reason: StopReason;
  message: string;
  passes: number;
  subgoals: number;
  inferences: number;
}

export interface BackwardLimits extends ChainingLimits {
  maxAnswers: number;
  maxProofSteps: number;
}

/** Deepest chain of nested subgoals explored (protects the call stack). */
export const MAX_SUBGOAL_DEPTH = 2000;

interface Table {
  answers: Atom[];
  keys: Set<string>;
}

class Stop extends Error {
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

/** Proves `goal` (which may contain variables) from the program. */
export async function proveGoal(program: Program, goal: Atom, limits: BackwardLimits, checkpoint: Checkpoint): Promise<BackwardResult> {
  const facts = new Map<string, Atom[]>();
  const proofs = new Map<string, ProofStep>();
  for (const fact of program.facts) {
    const key = printAtom(fact);
    if (proofs.has(key)) continue;
    proofs.set(key, { fact: key, via: 'fact', premises: [] });
    const list = facts.get(signatureOf(fact));
    if (list) list.push(fact);
    else facts.set(signatureOf(fact), [fact]);
  }
  const tables = new Map<string, Table>();
  let derivedCount = 0;
  let inferences = 0;
  let changed = false;
  let renames = 0;
  let visited = new Set<string>();

  const addAnswer = (table: Table, answer: Atom, step: () => ProofStep): void => {
    const key = printAtom(answer);
    if (table.keys.has(key)) return;
    table.keys.add(key);
    table.answers.push(answer);
    changed = true;
    if (!proofs.has(key)) {
      proofs.set(key, step());
      if (++derivedCount > limits.maxDerivedFacts) throw new Stop('max_derived_facts');
    }
  };

  const tick = async (): Promise<void> => {
    if (++inferences > limits.maxInferences) throw new Stop('max_inferences');
    if ((inferences & 1023) === 0) await checkpoint();
  };

  const solve = async (subgoal: Atom, depth: number): Promise<Atom[]> => {
    const key = variantKey(subgoal);
    let table = tables.get(key);
    if (!table) {
      table = { answers: [], keys: new Set() };
      tables.set(key, table);
    }
    if (visited.has(key)) return table.answers;
    if (depth > MAX_SUBGOAL_DEPTH) {
      throw new ServiceError('invalid_arguments', `The proof needs subgoals nested deeper than ${MAX_SUBGOAL_DEPTH} levels`, {
        data: { limit: MAX_SUBGOAL_DEPTH },
      });
    }
    visited.add(key);
    for (const fact of facts.get(signatureOf(subgoal)) ?? []) {
      await tick();
      if (matchAtom(subgoal, fact, new Map())) addAnswer(table, fact, () => proofs.get(printAtom(fact))!);
    }
    for (const rule of program.rules) {
      if (signatureOf(rule.head) !== signatureOf(subgoal)) continue;
      const suffix = String(++renames);
      const head = renameAtom(rule.head, suffix);
      const body = rule.body.map((atom) => renameAtom(atom, suffix));
      // The head is matched against the subgoal's constants; subgoal variables stay free.
      const start = unifyHead(head, subgoal);
      if (!start) continue;
      const target = table;
      const walk = async (j: number, bindings: Bindings, premises: Atom[]): Promise<void> => {
        if (j === body.length) {
          const answer = substitute(head, bindings);
          if (!matchAtom(subgoal, answer, new Map())) return;
          addAnswer(target, answer, () => ({
            fact: printAtom(answer),
            via: 'rule',
            rule: rule.index,
            ...(rule.name === undefined ? {} : { rule_name: rule.name }),
            premises: premises.map(printAtom),
          }));
          return;
        }
        const call = substitute(body[j]!, bindings);
        const answers = await solve(call, depth + 1);
        // The table may grow while we iterate; later answers are picked up by the next pass.
        const count = answers.length;
        for (let k = 0; k < count; k++) {
          await tick();
          const extended = matchAtom(call, answers[k]!, bindings);
          if (extended) await walk(j + 1, extended, [...premises, answers[k]!]);
        }
      };
      await walk(0, start, []);
    }
    return table.answers;
  };

  let passes = 0;
  let stop: StopReason = 'fixpoint';
  try {
    do {
      if (passes >= limits.maxIterations) {
        stop = 'max_iterations';
        break;
      }
      passes++;
      changed = false;
      visited = new Set();
      await checkpoint();
      await solve(goal, 0);
    } while (changed);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    stop = error.reason;
  }

  const top = tables.get(variantKey(goal))?.answers ?? [];
  const sorted = [...top].map((atom) => ({ atom, key: printAtom(atom) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const goalVariables = variablesOf(goal).filter((name) => !name.startsWith(ANONYMOUS_PREFIX));
  const answers = sorted.slice(0, limits.maxAnswers).map(({ atom, key }): Answer => {
    const bindings = matchAtom(goal, atom, new Map())!;
    const { steps, truncated } = collectProof(key, proofs, limits.maxProofSteps);
    return {
      fact: key,
      bindings: Object.fromEntries(goalVariables.map((name) => [name, bindings.get(name)!])),
      proof: steps,
      proof_truncated: truncated,
    };
  });
  const answersTruncated = sorted.length > limits.maxAnswers;
  const message =
    stop === 'fixpoint'
      ? `${sorted.length === 0 ? 'Not provable' : `Proved with ${sorted.length} answer${sorted.length === 1 ? '' : 's'}`}; every subgoal's table is complete.${answersTruncated ? ` Only the first ${limits.maxAnswers} answers are listed (max_answers).` : ''}`
      : stopMessage(stop, limits);
  return {
    proved: sorted.length > 0,
    answers,
    answer_count: sorted.length,
    answers_truncated: answersTruncated,
    complete: stop === 'fixpoint',
    stop_reason: stop,
    message,
    passes,
    subgoals: tables.size,
    inferences,
  };
}

/** Binds head variables to the subgoal's constants (head and subgoal may both have variables). */
function unifyHead(head: Atom, subgoal: Atom): Map<string, string> | null {
  if (head.predicate !== subgoal.predicate || head.args.length !== subgoal.args.length) return null;
  const bindings = new Map<string, string>();
  for (let k = 0; k < head.args.length; k++) {
    const h = head.args[k]!;
    const s = subgoal.args[k]!;
    if (s.kind === 'var') continue;
    if (h.kind === 'const') {
      if (h.value !== s.value) return null;
    } else {
      const bound = bindings.get(h.name);
      if (bound === undefined) bindings.set(h.name, s.value);
      else if (bound !== s.value) return null;
    }
  }
  return bindings;
}

/** The proof of `key` as steps in dependency order (premises first), at most `maxSteps`. */
function collectProof(key: string, proofs: ReadonlyMap<string, ProofStep>, maxSteps: number): { steps: ProofStep[]; truncated: boolean } {
  const steps: ProofStep[] = [];
  const done = new Set<string>();
  let truncated = false;
  // Iterative post-order walk: the proof DAG may be deep (long chains).
  const stack: { key: string; expanded: boolean }[] = [{ key, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (done.has(top.key)) continue;
    const step = proofs.get(top.key)!;
    if (top.expanded) {
      done.add(top.key);
      if (steps.length >= maxSteps) {
        truncated = true;
        break;
      }
      steps.push(step);
      continue;
    }
    stack.push({ key: top.key, expanded: true });
    for (const premise of [...step.premises].reverse()) if (!done.has(premise)) stack.push({ key: premise, expanded: false });
  }
  return { steps, truncated };
}
