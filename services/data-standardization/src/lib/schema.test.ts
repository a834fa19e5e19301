import { describe, expect, it } from '@jest/globals';
import { SchemaValidator, countValues } from './schema.js';

const schemaFor = (i: number) => ({ type: 'object', properties: { [`f${i}`]: { type: 'integer', maximum: i } }, required: [`f${i}`] });

describe('SchemaValidator', () => {
  it('hands compilation to a fresh Ajv instance every 100 compilations, so retained schemas stay bounded', () => {
    const validator = new SchemaValidator(1_000_000);
    // No Ajv instance (nor ajv itself) until the first compilation.
    expect(validator.generation).toBe(0);
    const first = validator.compile(schemaFor(0));
    expect(validator.generation).toBe(1);
    for (let i = 1; i < 100; i++) validator.compile(schemaFor(i));
    expect(validator.generation).toBe(1);
    validator.compile(schemaFor(100));
    expect(validator.generation).toBe(2);
    // Invalid schemas count too: Ajv keeps them as well.
    for (let i = 0; i < 99; i++)
      expect(() => validator.compile({ type: `no-such-type-${i}` })).toThrow('schema is not a valid JSON Schema (draft 2020-12)');
    validator.compile(schemaFor(101));
    expect(validator.generation).toBe(3);
    // A validator from the first instance still works after its instance was replaced.
    expect(first.first({ f0: 0 })).toBe(true);
    expect(first.first({ f0: 1 })).toBe(false);
  });

  it('a cached schema is not compiled again (no rotation from repeats)', () => {
    const validator = new SchemaValidator(1_000_000);
    const a = validator.compile(schemaFor(7));
    for (let i = 0; i < 500; i++) expect(validator.compile(schemaFor(7))).toBe(a);
    expect(validator.generation).toBe(1);
  });
});

describe('SchemaValidator bounds (issue #14: a schema that fails everywhere on a large instance)', () => {
  const everywhere = {
    type: 'object',
    properties: { a: { type: 'array', items: { type: 'string', enum: ['x'], const: 'y', minimum: 1 } } },
  };

  it('a record whose worst case exceeds the error allowance lists its first error only', () => {
    const validator = new SchemaValidator(100_000, { maxErrors: 10_000, maxWork: Infinity });
    const compiled = validator.compile(everywhere);
    expect(compiled.size).toBe(countValues(everywhere));
    const record = { a: new Array<number>(200_000).fill(0) };
    const result = validator.validateBounded(compiled, [record]);
    expect(result.truncated).toBe(true);
    expect(result.problems).toEqual([[{ record_index: 0, path: '/a/0', keyword: 'type', message: 'must be string' }]]);
  });

  it('records that fit list every error, and the allowance is spent across records', () => {
    const validator = new SchemaValidator(100_000, { maxErrors: 40, maxWork: Infinity });
    const compiled = validator.compile(everywhere);
    expect(compiled.size).toBe(11);
    const record = { a: [0] }; // 3 values × 11 schema values = 33 worst case; 4 errors in fact
    // 40 → 36 → 32 left; then 33 > 32: first errors only
    const result = validator.validateBounded(compiled, [record, record, { a: ['x'] }, record]);
    expect(result.problems.map((p) => p.length)).toEqual([4, 4, 1, 1]);
    expect(result.problems[3]).toEqual([{ record_index: 3, path: '/a/0', keyword: 'type', message: 'must be string' }]);
    expect(result.problems[2]).toEqual([{ record_index: 2, path: '/a/0', keyword: 'const', message: 'must be equal to constant' }]);
    expect(result.truncated).toBe(true);
  });

  it('refuses instance values × expanded schema size above maxWork, counting $refs that double through $defs', () => {
    const defs: Record<string, unknown> = { d0: { type: 'number' } };
    for (let i = 1; i <= 40; i++) defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i - 1}` }, { $ref: `#/$defs/d${i - 1}` }] };
    const schema = { $defs: defs, properties: { a: { $ref: '#/$defs/d40' } } };
    const validator = new SchemaValidator(100_000, { maxErrors: 10_000, maxWork: 500_000_000 });
    const compiled = validator.compile(schema);
    expect(compiled.size).toBeGreaterThan(2 ** 40);
    expect(() => validator.validateBounded(compiled, [{ a: 1 }])).toThrow(
      /^Schema validation work is 2 instance values × 19791209299798 schema values \(local \$refs expanded\) = 39582418599596; the limit is DS_MAX_SCHEMA_WORK=500000000/,
    );
  });

  it('a $ref cycle that does not descend is invalid_arguments, not a crash', () => {
    const validator = new SchemaValidator(100_000);
    const compiled = validator.compile({ $defs: { a: { anyOf: [{ $ref: '#/$defs/a' }, { type: 'string' }] } }, $ref: '#/$defs/a' });
    expect(compiled.size).toBeLessThan(20);
    expect(() => validator.validate(compiled, [{}])).toThrow('schema recurses without end on this data');
  });
});
