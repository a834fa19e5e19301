import { describe, expect, it } from '@jest/globals';
import { SchemaValidator } from './schema.js';

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
    for (let i = 0; i < 99; i++) expect(() => validator.compile({ type: `no-such-type-${i}` })).toThrow('schema is not a valid JSON Schema (draft 2020-12)');
    validator.compile(schemaFor(101));
    expect(validator.generation).toBe(3);
    // A validator from the first instance still works after its instance was replaced.
    expect(first({ f0: 0 })).toBe(true);
    expect(first({ f0: 1 })).toBe(false);
  });

  it('a cached schema is not compiled again (no rotation from repeats)', () => {
    const validator = new SchemaValidator(1_000_000);
    const a = validator.compile(schemaFor(7));
    for (let i = 0; i < 500; i++) expect(validator.compile(schemaFor(7))).toBe(a);
    expect(validator.generation).toBe(1);
  });
});
