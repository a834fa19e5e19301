/** Reading fields by name or dotted path, and deciding what counts as empty. */

/** `strict`: null, undefined, blank strings, [] and {} are empty; `lenient`: only null and undefined. */
export type EmptyHandling = 'strict' | 'lenient';

/**
 * Reads `path` (`address.city`) from a record through own properties only; `__proto__`,
 * `constructor` and `prototype` are never followed.
 */
export function getField(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') return undefined;
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Whether a value counts as missing under `handling`. */
export function isEmpty(value: unknown, handling: EmptyHandling = 'strict'): boolean {
  if (value === undefined || value === null) return true;
  if (handling === 'lenient') return false;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
