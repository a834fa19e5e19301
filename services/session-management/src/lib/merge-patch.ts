/**
 * JSON Merge Patch, RFC 7386 section 2: objects merge recursively, `null` removes a member, any
 * other value (arrays included) replaces the target.
 */

/** A plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies `patch` to `target` and returns the result; neither argument is modified.
 *
 * @example applyMergePatch({ a: 'b', c: { d: 'e' } }, { a: 'z', c: { d: null } }) // { a: 'z', c: {} }
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isObject(target)) for (const [key, value] of Object.entries(target)) define(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else define(result, key, applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}

// defineProperty rather than assignment: a member named "__proto__" must stay a member, never
// change the object's prototype.
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
