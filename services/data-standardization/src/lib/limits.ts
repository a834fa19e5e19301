import { ServiceError } from '@a2a-mcp/core/errors';
import { assertWorkBudget } from '@a2a-mcp/core/work-budget';
import type { Settings } from '../settings.js';

/** A loosely typed record as callers send it. */
export type LooseRecord = Record<string, unknown>;

const MAX_DEPTH = 32;

function tooBig(message: string, bound: string, limit: number, path: string): ServiceError {
  return new ServiceError('invalid_arguments', `${message}; the limit is ${bound}=${limit}`, { data: { bound, limit, path } });
}

/** Throws invalid_arguments naming the bound when `count` exceeds DS_MAX_RECORDS. */
export function assertRecordCount(count: number, settings: Settings, what = 'records'): void {
  if (count > settings.DS_MAX_RECORDS) throw tooBig(`${count} ${what} in one call`, 'DS_MAX_RECORDS', settings.DS_MAX_RECORDS, what);
}

function walk(value: unknown, path: string, depth: number, settings: Settings): void {
  if (typeof value === 'string') {
    if (value.length > settings.DS_MAX_STRING_LENGTH)
      throw tooBig(`${path} is ${value.length} characters long`, 'DS_MAX_STRING_LENGTH', settings.DS_MAX_STRING_LENGTH, path);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) throw tooBig(`${path} is nested more than ${MAX_DEPTH} levels deep`, 'nesting depth', MAX_DEPTH, path);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1, settings));
    return;
  }
  for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`, depth + 1, settings);
}

/**
 * Whether `value` is within the string-length and depth bounds, and how many values it holds (each
 * array element, object member and primitive counts one); `-1` when a bound is exceeded. No path
 * strings are built (a 4 MB record holds two million values): `walk` names the place once this
 * says there is one.
 */
function checkValue(value: unknown, settings: Settings, depth = 0): number {
  if (typeof value === 'string') return value.length > settings.DS_MAX_STRING_LENGTH ? -1 : 1;
  if (value === null || typeof value !== 'object') return 1;
  if (depth > MAX_DEPTH) return -1;
  let count = 1;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = checkValue(value[i], settings, depth + 1);
      if (inner < 0) return -1;
      count += inner;
    }
  } else {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const inner = checkValue((value as Record<string, unknown>)[key], settings, depth + 1);
      if (inner < 0) return -1;
      count += inner;
    }
  }
  return count;
}

/**
 * Checks records against the per-call bounds (record count, fields per record, string length,
 * nesting depth) and throws invalid_arguments naming the first bound exceeded. Returns the values
 * the records hold (see `checkValue`).
 */
export function assertRecordBounds(records: readonly LooseRecord[], settings: Settings, field = 'records'): number {
  assertRecordCount(records.length, settings, field);
  let values = 0;
  records.forEach((record, i) => {
    const fields = Object.keys(record).length;
    if (fields > settings.DS_MAX_FIELDS)
      throw tooBig(`${field}[${i}] has ${fields} fields`, 'DS_MAX_FIELDS', settings.DS_MAX_FIELDS, `${field}[${i}]`);
    const count = checkValue(record, settings);
    if (count < 0) walk(record, `${field}[${i}]`, 0, settings);
    values += count;
  });
  return values;
}

/** Checks a list of raw values against DS_MAX_RECORDS and DS_MAX_STRING_LENGTH. */
export function assertValueBounds(values: readonly unknown[], settings: Settings, field = 'values'): void {
  assertRecordCount(values.length, settings, field);
  values.forEach((value, i) => {
    if (checkValue(value, settings) < 0) walk(value, `${field}[${i}]`, 0, settings);
  });
}

/** Refuses records × rules above DS_MAX_RULE_EVALUATIONS (`rules` names the rule argument). */
export function assertRuleEvaluations(records: number, rules: number, settings: Settings, field: string): void {
  assertWorkBudget({
    what: 'Rule evaluation',
    factors: [
      { label: 'records', value: records },
      { label: field, value: rules },
    ],
    limit: settings.DS_MAX_RULE_EVALUATIONS,
    bound: 'DS_MAX_RULE_EVALUATIONS',
    hint: `send fewer records or ${field}`,
    field,
  });
}

/** Throws a timeout-class error when the call was aborted; used between stages and in long loops. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ServiceError('timeout', 'The operation was aborted');
}
