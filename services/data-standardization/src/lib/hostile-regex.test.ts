/**
 * Every regular expression that reads caller text in this service, against adversarial input at
 * the largest size the limits allow (DS_MAX_STRING_LENGTH = 10 000 characters per string by
 * default; dates are cut off at MAX_DATE_LENGTH first). Each case asserts the exact answer: the
 * expressions are linear by construction (see lib/dates.ts and lib/linear-regex.ts), so a case
 * that finishes at all finishes fast; on the old code the first ones ran for minutes.
 */
import { describe, expect, it } from '@jest/globals';
import { MAX_DATE_LENGTH, parseDate, parseDateTime, splitDateTime } from './dates.js';
import { compileLinearRegex, LinearRegexError } from './linear-regex.js';
import { SchemaValidator } from './schema.js';
import { parseCurrencyAmount } from './currency.js';
import { parseDecimal } from './numbers.js';
import { parseEmail, parsePhone } from './values.js';

const MAX = 10_000;
const validator = new SchemaValidator(100_000);

function problems(schema: Record<string, unknown>, record: unknown) {
  return validator.validate(validator.compile(schema), [record])[0] ?? [];
}

describe('JSON Schema pattern and patternProperties run on the linear-time engine', () => {
  const redos = { type: 'object', properties: { s: { type: 'string', pattern: '^(a|a)+$' } } };

  it('^(a|a)+$ against 10 000 a and a final "!" is a pattern error, and 10 000 a match', () => {
    expect(problems(redos, { s: `${'a'.repeat(MAX - 1)}!` })).toEqual([
      { record_index: 0, path: '/s', keyword: 'pattern', message: 'must match pattern "^(a|a)+$"' },
    ]);
    expect(problems(redos, { s: 'a'.repeat(MAX) })).toEqual([]);
  });

  it('(x+x+)+y, nested quantifiers, against 10 000 x', () => {
    expect(problems({ type: 'string', pattern: '(x+x+)+y' }, 'x'.repeat(MAX))).toEqual([
      { record_index: 0, path: '', keyword: 'pattern', message: 'must match pattern "(x+x+)+y"' },
    ]);
  });

  it('patternProperties with a backtracking pattern against a 10 000-character key', () => {
    const schema = { type: 'object', patternProperties: { '^(a|a)+$': { type: 'integer' } } };
    expect(problems(schema, { [`${'a'.repeat(MAX - 1)}!`]: 'x' })).toEqual([]);
    expect(problems(schema, { ['a'.repeat(MAX)]: 'x' })).toEqual([
      { record_index: 0, path: `/${'a'.repeat(MAX)}`, keyword: 'type', message: 'must be integer' },
    ]);
  });

  it('keeps ECMAScript semantics for ordinary patterns: unanchored search, classes, case', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'string', pattern: 'b+c' },
        p: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
        u: { type: 'string', pattern: '^\\p{Lu}' },
      },
    };
    expect(problems(schema, { a: 'xxbbcxx', p: '+4930123456', u: 'Émile' })).toEqual([]);
    expect(problems(schema, { a: 'bx', p: '+0301', u: 'émile' }).map((p) => p.path)).toEqual(['/a', '/p', '/u']);
  });

  it('refuses a pattern RE2 cannot run (lookahead, backreference) instead of running it on V8', () => {
    expect(() => validator.compile({ type: 'string', pattern: '^(?=a)a+$' })).toThrow(
      'schema uses the regular expression "^(?=a)a+$" is not supported by the linear-time engine (RE2 syntax: no lookaround or backreferences): invalid or unsupported Perl syntax: `(?=`',
    );
    expect(() => compileLinearRegex('(a)\\1')).toThrow(LinearRegexError);
  });

  it('format "url" is read by the URL parser, not the quadratic ajv-formats regex', () => {
    const schema = { type: 'string', format: 'url' };
    expect(problems(schema, `http://${'::'.repeat((MAX - 7) / 2)}\u0000`.slice(0, MAX))).toEqual([
      { record_index: 0, path: '', keyword: 'format', message: 'must match format "url"' },
    ]);
    expect(problems(schema, `https://example.com/${'a'.repeat(MAX - 20)}`)).toEqual([]);
    expect(problems(schema, 'ftp://files.example.org/a.txt')).toEqual([]);
    expect(problems(schema, 'mailto:a@example.com').map((p) => p.keyword)).toEqual(['format']);
    expect(problems(schema, 'http://exa mple.com').map((p) => p.keyword)).toEqual(['format']);
  });
});

describe('dates', () => {
  it(`refuses text longer than ${MAX_DATE_LENGTH} characters before any regex reads it, and reads text at the bound`, () => {
    const tooLong = { ok: false, error: `longer than ${MAX_DATE_LENGTH} characters (no date or date-time is)` };
    expect(parseDateTime('T,'.repeat(MAX / 2))).toEqual(tooLong);
    expect(parseDate('T,'.repeat(MAX / 2))).toEqual(tooLong);
    expect(parseDateTime('T,'.repeat(MAX_DATE_LENGTH / 2) + 'x')).toEqual(tooLong);
    expect(parseDateTime('T,'.repeat(MAX_DATE_LENGTH / 2))).toEqual({ ok: false, error: 'unrecognised date-time format' });
    const zone = `Europe/${'x'.repeat(MAX_DATE_LENGTH - 24)}`;
    expect(`2025-12-31 23:59 ${zone}`.length).toBe(MAX_DATE_LENGTH);
    expect(parseDateTime(`2025-12-31 23:59 ${zone}`)).toEqual({ ok: false, error: `unknown time zone "${zone}"` });
    expect(parseDateTime(`2025-12-31 23:59 ${zone}x`)).toEqual(tooLong);
  });

  it('splits date and time by a scan that finds what /^(.+?)[ T,]+(time)(zone)?$/i found', () => {
    const OLD =
      /^(.+?)[ T,]+(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*[ap]\.?\s*m?\.?)?)(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?))?$/i;
    const alphabet = ['1', '2', ':', ' ', 'T', 't', ',', 'a', 'p', 'm', '.', '/', 'Z', '+', '0', '5', 'E', '_'];
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let n = 0; n < 5_000; n++) {
      const length = 2 + (next() % 14);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
      text = text.trim().replace(/\s+/g, ' ');
      const old = OLD.exec(text);
      expect([text, splitDateTime(text)]).toEqual([text, old ? { date: old[1], time: old[2], zone: old[3] } : undefined]);
    }
  });

  it.each([
    ['T,', 'unrecognised date-time format'],
    ['1 ', 'unrecognised date-time format'],
    ['1:00 ', 'unrecognised date-time format'],
    ['a/', 'unrecognised date-time format'],
    ['1T', 'unrecognised date-time format'],
  ])('a date-time of %j repeated to the bound is "%s"', (unit, error) => {
    const text = unit.repeat(MAX_DATE_LENGTH).slice(0, MAX_DATE_LENGTH - 1) + '!';
    expect(parseDateTime(text)).toEqual({ ok: false, error });
  });

  it('runs the regex built from caller input_formats on the linear-time engine (dH… would backtrack exponentially)', () => {
    const format = 'dH'.repeat(50);
    expect(parseDate(`${'1'.repeat(MAX_DATE_LENGTH - 1)}x`, { inputFormats: [format] })).toEqual({
      ok: false,
      error: 'does not match any of input_formats',
    });
    expect(parseDateTime(`${'1'.repeat(MAX_DATE_LENGTH - 1)}x`, { inputFormats: [format] })).toEqual({
      ok: false,
      error: 'does not match any of input_formats',
    });
    expect(parseDateTime('31.12.2025 14:30', { inputFormats: ['dd.MM.yyyy HH:mm'], timezone: 'Europe/Berlin' })).toEqual({
      ok: true,
      value: '2025-12-31T14:30:00+01:00',
    });
    expect(parseDate('December 31st, 2025')).toEqual({ ok: true, value: '2025-12-31' });
  });
});

describe('other value parsers at 10 000 characters', () => {
  it.each([
    ['e-mail: long local part', () => parseEmail(`${'a.'.repeat(MAX / 2 - 1)}@`), { ok: false, error: 'longer than 254 characters' }],
    ['e-mail: bracketed', () => parseEmail(`<${'<'.repeat(MAX - 2)}`), { ok: false, error: 'longer than 254 characters' }],
    [
      'e-mail: 254 characters of domain labels',
      () => parseEmail(`a@${'a-'.repeat(126)}`),
      { ok: false, error: 'not a valid e-mail address' },
    ],
    ['number: spaces and digits', () => parseDecimal(`${'1 '.repeat(MAX / 2 - 1)}x`), { ok: false, error: 'not a number' }],
    ['number: exponent-like', () => parseDecimal(`${'1'.repeat(MAX - 2)}ex`), { ok: false, error: 'not a number' }],
    ['number: parentheses', () => parseDecimal(`(${'('.repeat(MAX - 1)}`), { ok: false, error: 'not a number' }],
    [
      'currency: letters',
      () => parseCurrencyAmount(`${'a1'.repeat(MAX / 2)}`),
      { ok: false, error: 'no currency symbol or code (set default_currency)' },
    ],
    [
      'currency: blanks before a code',
      () => parseCurrencyAmount(`1${' '.repeat(MAX - 5)}EURx`),
      { ok: false, error: 'no currency symbol or code (set default_currency)' },
    ],
    ['phone: digits and blanks', () => parsePhone(`${'1 '.repeat(MAX / 2)}`, 'US'), { ok: false, error: 'not a phone number' }],
  ])('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});
