/**
 * A Datalog program as the tools receive it (fact and rule strings), parsed and validated: facts
 * ground, rules range-restricted (every head variable occurs in the body), atoms well formed.
 */
import { ServiceError } from '@a2a-mcp/core/errors';
import { AtomSyntaxError, isGround, parseAtom, printAtom, variablesOf, type Atom } from './atoms.js';

/** A rule as given: body atoms and a head. */
export interface RuleInput {
  if: readonly string[];
  then: string;
  name?: string | undefined;
}

export interface Rule {
  /** Position in the input list. */
  index: number;
  name?: string | undefined;
  body: Atom[];
  head: Atom;
}

export interface Program {
  facts: Atom[];
  rules: Rule[];
}

/** Parses one atom, turning a syntax error into invalid_arguments that names the field. */
export function parseAtomField(source: string, field: string): Atom {
  try {
    return parseAtom(source);
  } catch (error) {
    if (error instanceof AtomSyntaxError) {
      throw new ServiceError('invalid_arguments', `${field}: ${error.message} in "${source.slice(0, 200)}"`, {
        data: { field, column: error.column },
      });
    }
    throw error;
  }
}

/** Parses and validates facts and rules. */
export function parseProgram(facts: readonly string[], rules: readonly RuleInput[]): Program {
  const parsedFacts = facts.map((source, i) => {
    const atom = parseAtomField(source, `facts[${i}]`);
    if (!isGround(atom)) {
      throw new ServiceError(
        'invalid_arguments',
        `facts[${i}]: a fact must be ground, but ${printAtom(atom)} has variables ${variablesOf(atom).join(', ')}`,
        { data: { field: `facts[${i}]` } },
      );
    }
    return atom;
  });
  const parsedRules = rules.map((rule, index): Rule => {
    const body = rule.if.map((source, k) => parseAtomField(source, `rules[${index}].if[${k}]`));
    const head = parseAtomField(rule.then, `rules[${index}].then`);
    const bodyVariables = new Set(body.flatMap(variablesOf));
    const unsafe = variablesOf(head).filter((name) => !bodyVariables.has(name));
    if (unsafe.length > 0) {
      throw new ServiceError(
        'invalid_arguments',
        `rules[${index}]: head variable${unsafe.length > 1 ? 's' : ''} ${unsafe.join(', ')} of ${printAtom(head)} must appear in the body (range restriction)`,
        {
          data: { field: `rules[${index}].then`, variables: unsafe },
        },
      );
    }
    return { index, ...(rule.name === undefined ? {} : { name: rule.name }), body, head };
  });
  return { facts: parsedFacts, rules: parsedRules };
}
