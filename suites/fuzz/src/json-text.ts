/**
 * JSON text for fuzzing. Generated values stay small (fast to generate and to shrink); the parts
 * that would be huge or deeply nested are `RawJson` placeholders, written out only when the body is
 * serialised, by string repetition rather than recursion (a recursive JSON.stringify of 10 000
 * levels would overflow the fuzzer's own stack). Objects may carry an own `__proto__` key, which
 * the serialiser writes like any other key.
 */

/** A piece of JSON text inserted verbatim: deep nesting, huge strings and arrays, odd numbers. */
export class RawJson {
  constructor(
    /** Builds the text; called once per serialisation. */
    readonly build: () => string,
    /** A short description for counterexamples (`deep array ×10000`). */
    readonly label: string,
  ) {}

  toString(): string {
    return `RawJson(${this.label})`;
  }
}

export type NestingKind = 'array' | 'object' | 'mixed';

/** `depth` levels of nesting around `leaf` (a JSON text), without recursion. */
export function nestedJson(depth: number, kind: NestingKind, leaf = '0'): RawJson {
  return new RawJson(() => {
    if (kind === 'array') return '['.repeat(depth) + leaf + ']'.repeat(depth);
    if (kind === 'object') return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
    const half = Math.floor(depth / 2);
    return '[{"k":'.repeat(half) + leaf + '}]'.repeat(half);
  }, `nested ${kind} ×${depth}`);
}

/** A JSON string of `length` repetitions of `unit` (a JSON string fragment such as `a` or `\\u0000`). */
export function hugeString(length: number, unit = 'a'): RawJson {
  return new RawJson(() => `"${unit.repeat(length)}"`, `string ${JSON.stringify(unit)} ×${length}`);
}

/** A JSON array of `length` copies of `element` (a JSON text). */
export function hugeArray(length: number, element = '0'): RawJson {
  return new RawJson(() => `[${new Array<string>(length).fill(element).join(',')}]`, `array of ${element} ×${length}`);
}

/** Defines `key` as an own, enumerable property (safe for `__proto__`, which `obj[key] =` would not create). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An object from entries, each an own property (duplicates: the last wins, as in JSON.parse). */
export function objectFromEntries(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) setOwn(target, key, value);
  return target;
}

/**
 * Serialises a generated value: RawJson written as is, own keys (including `__proto__`) in order,
 * `undefined` members of objects left out (as JSON.stringify does). NaN and infinities become
 * `null`, as in JSON.stringify.
 */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.build();
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : toJsonText(item))).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const member: unknown = (value as Record<string, unknown>)[key];
      if (member !== undefined) parts.push(`${JSON.stringify(key)}:${toJsonText(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return 'null';
}

/** A copy of a generated value (plain data and RawJson), keeping own `__proto__` keys. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneValue(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(copy, key, cloneValue((value as Record<string, unknown>)[key]));
    return copy as T;
  }
  return value;
}
