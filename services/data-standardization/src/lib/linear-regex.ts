/**
 * Caller-supplied regular expressions run on RE2JS, a linear-time engine (RE2 semantics: no
 * backtracking, so matching time grows with the input's length, never exponentially). V8's
 * backtracking engine takes exponential time on patterns such as `^(a|a)+$` against "aaaa…b":
 * 33 s for 30 characters, doubling with each more. RE2 has no lookaround and no backreferences;
 * a pattern that needs them is refused with {@link LinearRegexError}, never run on V8.
 *
 * Used for JSON Schema `pattern` and `patternProperties` (ajv's `code.regExp` engine) and for the
 * regular expression luxon builds from caller-supplied `input_formats`.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import type * as Re2jsModule from 're2js';

let re2jsClass: typeof RE2JS | undefined;
/** RE2JS, loaded through require (its CommonJS build) by the first pattern compiled rather than at start (~3.5 MiB resident; issue #17). */
function re2js(): typeof RE2JS {
  return (re2jsClass ??= (createRequire(import.meta.url)('re2js') as typeof Re2jsModule).RE2JS);
}

/** A pattern the linear-time engine cannot run (RE2 syntax: no lookaround, no backreferences). */
export class LinearRegexError extends Error {
  override readonly name = 'LinearRegexError';
  constructor(
    readonly pattern: string,
    detail: string,
  ) {
    super(
      `the regular expression "${pattern.length > 100 ? `${pattern.slice(0, 100)}…` : pattern}" is not supported by the linear-time engine (RE2 syntax: no lookaround or backreferences): ${detail}`,
    );
  }
}

/**
 * Compiles an ECMAScript-syntax `pattern` for RE2JS (flags: `i` is honoured; `u` is RE2's default,
 * it matches code points). Throws {@link LinearRegexError} when RE2 cannot express it.
 */
export function compileLinearRegex(pattern: string, flags = ''): RE2JS {
  const RE2JS = re2js();
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern), flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '').slice(0, 200) : 'invalid pattern';
    throw new LinearRegexError(pattern, detail);
  }
}

/**
 * ajv's `code.regExp` option: `pattern` and `patternProperties` are compiled with RE2JS and tested
 * as ECMAScript's `RegExp.prototype.test` would (a match anywhere in the string). `code` is what
 * ajv's standalone code generation would import; this service never generates standalone code.
 */
export const linearRegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const re = compileLinearRegex(pattern, flags);
    // ajv keys its per-instance pattern cache by toString(): without a distinct one every pattern
    // would share the first pattern's entry.
    return { test: (text: string) => re.test(text), toString: () => `/${pattern}/${flags}` };
  },
  { code: 'linearRegExpEngine' },
);

/**
 * Full-string match with capture groups, shaped like `String.prototype.match` on an anchored
 * RegExp (index 0 the whole match, then each group, `undefined` where a group took no part), or
 * `null`. Time linear in `text`.
 */
export function matchLinear(re: RE2JS, text: string): (string | undefined)[] | null {
  const matcher = re.matcher(text);
  if (!matcher.matches()) return null;
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
  return groups;
}
