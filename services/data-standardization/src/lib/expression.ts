/**
 * The sandboxed expression language for business rules and custom validators: filtrex.
 *
 * filtrex parses the expression with its own grammar (numbers, strings, field names, operators,
 * `if … then … else`, `x in (…)`, calls to whitelisted functions only) and compiles the parse
 * tree to a function. Caller text never reaches the compiled code as code: every identifier is
 * resolved through `prop`, which we replace with `safeProp` below; it reads only own properties
 * of plain records and arrays and refuses `__proto__`, `constructor` and `prototype` outright.
 * Functions are only those in SAFE_FUNCTIONS (plus filtrex's math built-ins); the regex operator
 * `~=` is disabled because a caller-supplied pattern can backtrack for minutes (ReDoS).
 */
import { createRequire } from 'node:module';
import type * as Filtrex from 'filtrex';
import { ServiceError } from '@a2a-mcp/core';

const FORBIDDEN = new Set([
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** Thrown (inside filtrex, returned as a value) when an expression asks for a forbidden name. */
export class ForbiddenPropertyError extends Error {
  override readonly name = 'ForbiddenPropertyError';
}

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Resolves `name` (dotted paths allowed: `address.city`) against `data`. Only own properties of
 * plain objects and arrays are visible; a missing field is `undefined` (so `exists(x)` works).
 */
export function safeProp(name: string, data: unknown): unknown {
  const segments = name.split('.');
  for (const segment of segments) {
    if (FORBIDDEN.has(segment)) throw new ForbiddenPropertyError(`access to "${segment}" is not allowed`);
  }
  let current: unknown = data;
  for (const segment of segments) {
    if (!isPlainContainer(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'function' || typeof current === 'symbol' || typeof current === 'bigint') return undefined;
  return current;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Functions an expression may call besides filtrex's math built-ins (abs, min, max, round, exists, empty, …). */
export const SAFE_FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  len: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : 0),
  lower: (v) => text(v).toLowerCase(),
  upper: (v) => text(v).toUpperCase(),
  trim: (v) => text(v).trim(),
  contains: (haystack, needle) => text(haystack).includes(text(needle)),
  starts_with: (v, prefix) => text(v).startsWith(text(prefix)),
  ends_with: (v, suffix) => text(v).endsWith(text(suffix)),
  is_number: (v) => typeof v === 'number' && Number.isFinite(v),
  is_string: (v) => typeof v === 'string',
  number: (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN),
};

/** A compiled expression: evaluates against one record and returns its value or an error. */
export type CompiledExpression = (record: Record<string, unknown>) => { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Compiles `expression` in the sandbox. Throws invalid_arguments (naming `label`) for syntax
 * errors and expressions longer than `maxLength`.
 */
export function compileSafeExpression(expression: string, label: string, maxLength: number): CompiledExpression {
  if (expression.length > maxLength) {
    throw new ServiceError(
      'invalid_arguments',
      `${label} is ${expression.length} characters long; the limit is DS_MAX_EXPRESSION_LENGTH=${maxLength}`,
      {
        data: { bound: 'DS_MAX_EXPRESSION_LENGTH', limit: maxLength },
      },
    );
  }
  let compiled: (data: unknown) => unknown;
  try {
    // filtrex is loaded by the first expression compiled, not when the service starts (issue #17).
    const { compileExpression } = createRequire(import.meta.url)('filtrex') as typeof Filtrex;
    compiled = compileExpression(expression, {
      extraFunctions: SAFE_FUNCTIONS,
      customProp: (name: string, _get: unknown, data: unknown) => safeProp(name, data),
      operators: {
        '==': (a: unknown, b: unknown) => a === b,
        '!=': (a: unknown, b: unknown) => a !== b,
        '~=': () => {
          throw new ForbiddenPropertyError('the ~= regular-expression operator is disabled');
        },
      },
    }) as (data: unknown) => unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : 'syntax error';
    throw new ServiceError('invalid_arguments', `${label} is not a valid expression: ${detail.slice(0, 300)}`, {
      data: { expression: label },
    });
  }
  return (record) => {
    const result = compiled(record);
    if (result instanceof Error) return { ok: false, error: result.message.slice(0, 300) };
    if (typeof result === 'number' && Number.isNaN(result)) return { ok: false, error: 'evaluated to NaN' };
    return { ok: true, value: result };
  };
}

/** Truthiness as filtrex defines it: non-zero numbers, non-empty strings, true. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
