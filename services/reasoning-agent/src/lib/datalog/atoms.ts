/**
 * Datalog atoms: `parent(alice, bob)`, `raining` (no arguments). Arguments are variables
 * (`[A-Z_][A-Za-z0-9_]*`; a lone `_` is anonymous, each occurrence distinct) or constants: a
 * lower-case identifier `[a-z][A-Za-z0-9_]*`, a number, or a quoted string ("New York", 'x').
 * Predicates are `[a-z][A-Za-z0-9_]*`. Printing is canonical: `pred(a, b)`, constants quoted
 * (double quotes, JSON escapes) only when they are not bare identifiers or numbers.
 */
export type Term = { kind: 'var'; name: string } | { kind: 'const'; value: string };

export interface Atom {
  predicate: string;
  args: Term[];
}

/** Variable name → constant. */
export type Bindings = ReadonlyMap<string, string>;

/** A syntax error in an atom with the 1-based column of the offending character. */
export class AtomSyntaxError extends Error {
  override readonly name = 'AtomSyntaxError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

const PREDICATE = /[a-z][A-Za-z0-9_]*/y;
const VARIABLE = /[A-Z_][A-Za-z0-9_]*/y;
const CONSTANT = /[a-z][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]+)?/y;
const BARE = /^(?:[a-z][A-Za-z0-9_]*|-?[0-9]+(?:\.[0-9]+)?)$/;

/** Prefix of the names given to `_` occurrences; they never appear in reported bindings. */
export const ANONYMOUS_PREFIX = '_?';
let anonymous = 0;

/**
 * Parses one atom.
 *
 * @example parseAtom('parent(X, "Mary Ann")')
 */
export function parseAtom(source: string): Atom {
  let i = 0;
  const skip = (): void => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  const fail = (expected: string): never => {
    const found = i >= source.length ? 'end of input' : `'${source[i]}'`;
    throw new AtomSyntaxError(`unexpected ${found} at column ${i + 1} (expected ${expected})`, i + 1);
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = i;
    const found = pattern.exec(source);
    if (!found) return undefined;
    i += found[0].length;
    return found[0];
  };
  skip();
  const predicate = match(PREDICATE) ?? fail('a predicate name starting with a lower-case letter');
  const args: Term[] = [];
  skip();
  const hasParens = source[i] === '(';
  if (hasParens) {
    i++;
    skip();
    if (source[i] === ')') i++;
    else {
      for (;;) {
        skip();
        args.push(parseTerm());
        skip();
        if (source[i] === ',') {
          i++;
          continue;
        }
        if (source[i] === ')') {
          i++;
          break;
        }
        fail("',' or ')'");
      }
    }
    skip();
  }
  if (i < source.length) fail(hasParens ? 'end of input' : "'(' or end of input");
  return { predicate, args };

  function parseTerm(): Term {
    const ch = source[i];
    if (ch === '"' || ch === "'") {
      const start = i;
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\' && i + 1 < source.length) i++;
        value += source[i];
        i++;
      }
      if (i >= source.length) {
        i = start;
        fail('a closing quote for the string');
      }
      i++;
      return { kind: 'const', value };
    }
    const variable = match(VARIABLE);
    if (variable !== undefined) return { kind: 'var', name: variable === '_' ? `${ANONYMOUS_PREFIX}${++anonymous}` : variable };
    const constant = match(CONSTANT);
    if (constant !== undefined) return { kind: 'const', value: constant };
    return fail('a variable, a constant or a quoted string');
  }
}

function printTerm(term: Term): string {
  if (term.kind === 'var') return term.name;
  return BARE.test(term.value) ? term.value : JSON.stringify(term.value);
}

/** Canonical text of an atom. */
export function printAtom(atom: Atom): string {
  return atom.args.length === 0 ? atom.predicate : `${atom.predicate}(${atom.args.map(printTerm).join(', ')})`;
}

/** `predicate/arity`, the index key of an atom. */
export function signatureOf(atom: Atom): string {
  return `${atom.predicate}/${atom.args.length}`;
}

/** Variables of an atom, in order of first appearance. */
export function variablesOf(atom: Atom): string[] {
  const names: string[] = [];
  for (const arg of atom.args) if (arg.kind === 'var' && !names.includes(arg.name)) names.push(arg.name);
  return names;
}

export function isGround(atom: Atom): boolean {
  return atom.args.every((arg) => arg.kind === 'const');
}

/** Applies bindings; unbound variables stay variables. */
export function substitute(atom: Atom, bindings: Bindings): Atom {
  return {
    predicate: atom.predicate,
    args: atom.args.map((arg) => {
      if (arg.kind === 'const') return arg;
      const value = bindings.get(arg.name);
      return value === undefined ? arg : { kind: 'const', value };
    }),
  };
}

/**
 * Matches a pattern (may contain variables) against a ground atom, extending `bindings`.
 * Returns the extended bindings, or null when they do not unify.
 */
export function matchAtom(pattern: Atom, fact: Atom, bindings: Bindings): Map<string, string> | null {
  if (pattern.predicate !== fact.predicate || pattern.args.length !== fact.args.length) return null;
  const extended = new Map(bindings);
  for (let k = 0; k < pattern.args.length; k++) {
    const p = pattern.args[k]!;
    const f = fact.args[k]!;
    if (f.kind !== 'const') return null;
    if (p.kind === 'const') {
      if (p.value !== f.value) return null;
      continue;
    }
    const bound = extended.get(p.name);
    if (bound === undefined) extended.set(p.name, f.value);
    else if (bound !== f.value) return null;
  }
  return extended;
}

/**
 * The key of an atom up to variable renaming: `p(X, Y, X)` and `p(A, B, A)` share one key.
 * Used to table subgoals in backward chaining.
 */
export function variantKey(atom: Atom): string {
  const order = variablesOf(atom);
  return printAtom({
    predicate: atom.predicate,
    args: atom.args.map((arg) => (arg.kind === 'var' ? { kind: 'var', name: `_V${order.indexOf(arg.name)}` } : arg)),
  });
}

/** Renames every variable of `atom` with `suffix` (standardising rules apart). */
export function renameAtom(atom: Atom, suffix: string): Atom {
  return {
    predicate: atom.predicate,
    args: atom.args.map((arg) => (arg.kind === 'var' ? { kind: 'var', name: `${arg.name}#${suffix}` } : arg)),
  };
}
