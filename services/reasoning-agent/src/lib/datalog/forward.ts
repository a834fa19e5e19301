/**
 * Forward chaining to a fixpoint by semi-naive evaluation: in each iteration a rule fires only on
 * joins that use at least one fact derived in the previous iteration (body position i takes the
 * previous iteration's new facts, positions before i the older facts, positions after i all facts
 * known at the start of the iteration), so no join is repeated. Every derived fact records the
 * rule and the premises that first produced it.
 */
import type { Checkpoint } from '../checkpoint.js';
import { matchAtom, printAtom, signatureOf, substitute, type Atom, type Bindings } from './atoms.js';
import type { Program, Rule } from './program.js';

/** How a fact was first derived. */
export interface Derivation {
  fact: string;
  /** Index of the rule in the input list. */
  rule: number;
  rule_name?: string;
  /** The facts matched by the rule body, in body order. */
  premises: string[];
  /** 1-based iteration that derived it. */
  iteration: number;
}

export interface ChainingLimits {
  maxIterations: number;
  maxDerivedFacts: number;
  /** Body-atom match attempts allowed in one call. */
  maxInferences: number;
}

export type StopReason = 'fixpoint' | 'max_iterations' | 'max_derived_facts' | 'max_inferences';

export interface ForwardResult {
  derived: Derivation[];
  iterations: number;
  fixpoint_reached: boolean;
  stop_reason: StopReason;
  message: string;
  inferences: number;
}

/** Facts indexed by predicate/arity in append-only lists. */
class FactBase {
  readonly bySignature = new Map<string, Atom[]>();
  readonly keys = new Set<string>();

  add(atom: Atom, key = printAtom(atom)): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    const list = this.bySignature.get(signatureOf(atom));
    if (list) list.push(atom);
    else this.bySignature.set(signatureOf(atom), [atom]);
    return true;
  }

  lengths(): Map<string, number> {
    return new Map([...this.bySignature].map(([signature, list]) => [signature, list.length]));
  }
}

/** Human-readable message for a stop reason. */
export function stopMessage(reason: StopReason, limits: ChainingLimits): string {
  switch (reason) {
    case 'fixpoint':
      return 'Fixpoint reached: no rule derives anything new.';
    case 'max_iterations':
      return `Stopped after ${limits.maxIterations} iterations (max_iterations) before reaching a fixpoint; the derived facts are correct but may be incomplete.`;
    case 'max_derived_facts':
      return `Stopped at ${limits.maxDerivedFacts} derived facts (REASONING_MAX_DERIVED_FACTS); the derived facts are correct but incomplete.`;
    case 'max_inferences':
      return `Stopped after ${limits.maxInferences} match attempts (REASONING_MAX_INFERENCES); the derived facts are correct but incomplete.`;
  }
}

/** Runs the rules over the facts until nothing new is derived or a limit is hit. */
export async function forwardChain(program: Program, limits: ChainingLimits, checkpoint: Checkpoint): Promise<ForwardResult> {
  const base = new FactBase();
  for (const fact of program.facts) base.add(fact);
  const derived: Derivation[] = [];
  let inferences = 0;
  let stop: StopReason | undefined;
  let old = new Map<string, number>();
  let iteration = 0;

  while (stop === undefined) {
    if (iteration >= limits.maxIterations) {
      stop = 'max_iterations';
      break;
    }
    iteration++;
    const all = base.lengths();
    const before = derived.length;

    const fire = async (rule: Rule, deltaPosition: number): Promise<void> => {
      const join = async (j: number, bindings: Bindings, premises: Atom[]): Promise<void> => {
        if (stop !== undefined) return;
        if (j === rule.body.length) {
          const head = substitute(rule.head, bindings);
          const key = printAtom(head);
          if (!base.add(head, key)) return;
          derived.push({
            fact: key,
            rule: rule.index,
            ...(rule.name === undefined ? {} : { rule_name: rule.name }),
            premises: premises.map(printAtom),
            iteration,
          });
          if (derived.length >= limits.maxDerivedFacts) stop = 'max_derived_facts';
          return;
        }
        const pattern = rule.body[j]!;
        const signature = signatureOf(pattern);
        const list = base.bySignature.get(signature) ?? [];
        const oldLength = old.get(signature) ?? 0;
        const allLength = all.get(signature) ?? 0;
        const [from, to] = j < deltaPosition ? [0, oldLength] : j === deltaPosition ? [oldLength, allLength] : [0, allLength];
        for (let k = from; k < to && stop === undefined; k++) {
          if (++inferences > limits.maxInferences) {
            stop = 'max_inferences';
            return;
          }
          if ((inferences & 1023) === 0) await checkpoint();
          const extended = matchAtom(pattern, list[k]!, bindings);
          if (extended) await join(j + 1, extended, [...premises, list[k]!]);
        }
      };
      await join(0, new Map(), []);
    };

    for (const rule of program.rules) {
      for (let i = 0; i < rule.body.length && stop === undefined; i++) {
        await checkpoint();
        await fire(rule, i);
      }
      if (stop !== undefined) break;
    }
    if (stop === undefined && derived.length === before) stop = 'fixpoint';
    old = all;
  }
  const reason: StopReason = stop;
  return {
    derived,
    iterations: iteration,
    fixpoint_reached: reason === 'fixpoint',
    stop_reason: reason,
    message: stopMessage(reason, limits),
    inferences,
  };
}
