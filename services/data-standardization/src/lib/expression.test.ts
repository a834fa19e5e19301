import { describe, expect, it } from '@jest/globals';
import { ServiceError } from '@a2a-mcp/core';
import { compileSafeExpression, safeProp } from './expression.js';

const record = { amount: 5, name: 'Ab', address: { city: 'Berlin' }, tags: ['a'], 'unit-price': 2 };
const evaluate = (expression: string, data: Record<string, unknown> = record) => compileSafeExpression(expression, 'rule', 1000)(data);

describe('expressions', () => {
  it.each([
    ['amount > 0 and len(name) > 1', true],
    ['amount * 2 + 1', 11],
    ['address.city == "Berlin"', true],
    ["'unit-price' * amount", 10],
    ['lower(name) in ("ab", "cd")', true],
    ['if amount > 3 then "big" else "small"', 'big'],
    ['exists(missing)', false],
    ['empty(missing)', true],
    ['contains(name, "b")', true],
    ['amount mod 2', 1],
  ])('%s → %j', (expression, value) => {
    expect(evaluate(expression)).toEqual({ ok: true, value });
  });

  it('reports a missing field used as a number as an evaluation error', () => {
    expect(evaluate('missing > 1')).toEqual({ ok: false, error: 'Expected a number, but got a undefined instead.' });
  });
});

describe('the sandbox', () => {
  // Each escape attempt must be refused at compile time or evaluate to a harmless value; none may
  // reach process, globals or prototypes.
  it.each([
    ['constructor.constructor("return process")()'],
    ['toString.constructor("return process")()'],
    ['a[0]'],
    ['x = 1'],
    ['function(){ return process }'],
    ['`${process}`'],
    ['"a"; process.exit(1)'],
    ['(1)(2)'],
    ['amount ~ 1'],
  ])('%s is refused at compile time', (expression) => {
    expect(() => compileSafeExpression(expression, 'rule "r1"', 1000)).toThrow(ServiceError);
    expect(() => compileSafeExpression(expression, 'rule "r1"', 1000)).toThrow(/^rule "r1" is not a valid expression/);
  });

  it.each([
    ['constructor', 'access to "constructor" is not allowed'],
    ['constructor.constructor', 'access to "constructor" is not allowed'],
    ['__proto__', 'access to "__proto__" is not allowed'],
    ['name.__proto__.polluted', 'access to "__proto__" is not allowed'],
    ['prototype', 'access to "prototype" is not allowed'],
    ['missing.constructor', 'access to "constructor" is not allowed'],
    ["'constructor'", 'access to "constructor" is not allowed'],
    ['constructor of name', 'access to "constructor" is not allowed'],
    ['this.constructor', 'access to "constructor" is not allowed'],
    ['import("fs")', 'Unknown function: import()'],
    ['name ~= "(a+)+$"', 'the ~= regular-expression operator is disabled'],
  ])('%s is refused when evaluated', (expression, error) => {
    expect(evaluate(expression)).toEqual({ ok: false, error });
  });

  it.each(['process', 'this', 'globalThis', 'toString', 'valueOf', 'hasOwnProperty', 'require', 'module', 'global', 'name.length'])(
    '%s resolves to nothing (undefined), never a real object',
    (expression) => {
      expect(evaluate(expression)).toEqual({ ok: true, value: undefined });
    },
  );

  it('does not pollute Object.prototype', () => {
    evaluate('__proto__.polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses calls to functions that are not whitelisted', () => {
    expect(evaluate('eval("1")')).toEqual({ ok: false, error: 'Unknown function: eval()' });
    expect(evaluate('require("fs")')).toEqual({ ok: false, error: 'Unknown function: require()' });
  });

  it('refuses expressions longer than DS_MAX_EXPRESSION_LENGTH, naming the bound', () => {
    expect(() => compileSafeExpression('1 + '.repeat(300) + '1', 'rule "long"', 1000)).toThrow(
      'rule "long" is 1201 characters long; the limit is DS_MAX_EXPRESSION_LENGTH=1000',
    );
  });

  it('handles deeply nested expressions within the length bound', () => {
    const nested = '('.repeat(450) + '1' + ')'.repeat(450);
    expect(compileSafeExpression(nested, 'rule', 1000)({})).toEqual({ ok: true, value: 1 });
  });

  it('safeProp reads only own properties of plain data', () => {
    class Secret {
      get leak() {
        return 'leaked';
      }
    }
    expect(safeProp('leak', new Secret())).toBeUndefined();
    expect(safeProp('a.b', { a: { b: 2 } })).toBe(2);
    expect(safeProp('tags.length', { tags: ['x', 'y'] })).toBe(2);
    expect(safeProp('a.toString', { a: {} })).toBeUndefined();
  });
});
