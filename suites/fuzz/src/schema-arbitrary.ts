/**
 * Valid-looking tool arguments from a tool's advertised JSON Schema (draft 2020-12, as core
 * publishes it in tools/list): the keywords those schemas use (type, properties, required,
 * additionalProperties, propertyNames, items, min/maxItems, min/maxLength, pattern, enum, const,
 * minimum/maximum, exclusiveMinimum/Maximum, anyOf/oneOf, $ref into $defs). Sizes stay small; the
 * mutations in tool-call.ts make them wrong, huge or deep.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

export interface SchemaArbitraryOptions {
  /** Longest generated array when the schema allows more. Default 4. */
  maxItems?: number;
  /** Longest generated string when the schema allows more. Default 24. */
  maxLength?: number;
  /** How many `$ref` hops a value may take (recursive JSON values). Default 3. */
  maxRefDepth?: number;
}

/**
 * Strings that reach past a first validation into handlers: formulas, Datalog, dates, phone
 * numbers, amounts, ids, and shapes that stress parsers (unbalanced and deeply nested parentheses,
 * control characters, lone surrogates, right-to-left marks).
 */
const FLAVOURED_STRINGS = [
  'A & (B | !C)',
  'p -> q',
  '(a <-> b) ^ c',
  'not (x and y) implies z',
  'true',
  'false',
  'parent(alice, bob)',
  'grandparent(X, Z)',
  'ancestor(X, Y)',
  '2024-02-29',
  '2023-13-45T25:61:00Z',
  '1970-01-01T00:00:00+14:00',
  '+1 (555) 010-9999',
  '€1.234,56',
  '$-0.00',
  '1e309',
  'NaN',
  'Infinity',
  '-0',
  '0x1F',
  'Assets > Current Assets > Cash',
  'United States',
  'Côte d’Ivoire',
  'user@example.com',
  '@@@',
  '00000000',
  '4006381333931',
  'record.amount > 100 && record.country == "US"',
  'constructor.constructor("return process")()',
  '__proto__',
  '${7*7}',
  '<script>alert(1)</script>',
  "'; DROP TABLE usage; --",
  '\u0000\u0001\u001f',
  '\ud800',
  '\u202e\u200b',
  '((((((((((',
  '))))',
  '(((((((((((((((((((((((((((((((((((((((((((((((((A)))))))))))))))))))))))))))))))))))))))))))))))))',
  'A & '.repeat(40) + 'A',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(schema: JsonSchema, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string arbitrary honouring min/maxLength, mixing random text with flavoured strings. */
function stringArbitrary(schema: JsonSchema, maxLength: number): fc.Arbitrary<string> {
  const min = num(schema, 'minLength') ?? 0;
  const max = Math.max(min, Math.min(num(schema, 'maxLength') ?? min + maxLength, min + maxLength));
  if (typeof schema.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern, 'u'))
        .filter((s) => s.length >= min && s.length <= (num(schema, 'maxLength') ?? Infinity));
    } catch {
      // A pattern fast-check cannot generate from: plain word characters usually satisfy it.
      return fc.string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'.split('')),
        minLength: Math.max(1, min),
        maxLength: Math.max(1, max),
      });
    }
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }) },
    { weight: 3, arbitrary: fc.constantFrom(...FLAVOURED_STRINGS) },
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const minimum = num(schema, 'minimum');
  const maximum = num(schema, 'maximum');
  const exclusiveMinimum = num(schema, 'exclusiveMinimum');
  const exclusiveMaximum = num(schema, 'exclusiveMaximum');
  if (integer) {
    const min = Math.max(
      minimum ?? -1_000,
      exclusiveMinimum === undefined ? -Infinity : Math.floor(exclusiveMinimum) + 1,
      Number.MIN_SAFE_INTEGER,
    );
    const max = Math.min(
      maximum ?? Math.max(min, 0) + 1_000,
      exclusiveMaximum === undefined ? Infinity : Math.ceil(exclusiveMaximum) - 1,
      Number.MAX_SAFE_INTEGER,
    );
    const lo = Math.ceil(Math.min(min, max));
    const hi = Math.floor(Math.max(min, max));
    // Small values are what handlers can afford; the bounds are where off-by-one errors live.
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: lo, max: Math.min(hi, lo + 20) }) },
      { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
      { weight: 1, arbitrary: fc.integer({ min: lo, max: hi }) },
    );
  }
  const min = Math.max(minimum ?? -1e6, exclusiveMinimum ?? -Infinity);
  const max = Math.min(maximum ?? 1e6, exclusiveMaximum ?? Infinity);
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  return fc.double({
    min: lo,
    max: hi,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: exclusiveMinimum !== undefined,
    maxExcluded: exclusiveMaximum !== undefined,
  });
}

/** Any small JSON value. */
export function jsonValueArbitrary(): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 3 });
}

/** An arbitrary of values for `schema`, resolving `$ref` against `root`. */
export function schemaArbitrary(
  schema: JsonSchema,
  root: JsonSchema = schema,
  options: SchemaArbitraryOptions = {},
  refDepth = 0,
): fc.Arbitrary<unknown> {
  const { maxItems = 4, maxLength = 24, maxRefDepth = 3 } = options;
  if (typeof schema.$ref === 'string') {
    const match = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    const defs = root.$defs;
    const target = match && isRecord(defs) ? defs[match[1]!] : undefined;
    if (!isRecord(target) || refDepth >= maxRefDepth) return fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }));
    return schemaArbitrary(target, root, options, refDepth + 1);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (branches) return fc.oneof(...branches.filter(isRecord).map((branch) => schemaArbitrary(branch, root, options, refDepth)));
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => schemaArbitrary({ ...schema, type: t }, root, options, refDepth)));
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) if (isRecord(sub)) model[key] = schemaArbitrary(sub, root, options, refDepth);
      const known = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      const extra = schema.additionalProperties;
      if (!isRecord(extra)) return known;
      const names = isRecord(schema.propertyNames) ? schema.propertyNames : { type: 'string' };
      const keyArb = (
        schemaArbitrary({ ...names, type: 'string' }, root, { ...options, maxLength: 12 }, refDepth) as fc.Arbitrary<string>
      ).filter((k) => !(k in model) && k !== '__proto__');
      return fc
        .tuple(known, fc.dictionary(keyArb, schemaArbitrary(extra, root, options, refDepth), { maxKeys: 3 }))
        .map(([fixed, free]) => ({ ...free, ...fixed }));
    }
    case 'array': {
      const items = isRecord(schema.items) ? schema.items : {};
      const min = num(schema, 'minItems') ?? 0;
      const max = Math.max(min, Math.min(num(schema, 'maxItems') ?? min + maxItems, min + maxItems));
      return fc.array(schemaArbitrary(items, root, options, refDepth), { minLength: min, maxLength: max });
    }
    case 'string':
      return stringArbitrary(schema, maxLength);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return jsonValueArbitrary();
  }
}
