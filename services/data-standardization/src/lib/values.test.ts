import { describe, expect, it } from '@jest/globals';
import { standardizeValue, type ValueKind, type ValueOptions } from './values.js';

const defaults: ValueOptions = { dayFirst: false, timezone: 'UTC', defaultCountry: 'US', decimalSeparator: 'auto' };

function run(kind: ValueKind, input: unknown, options: Partial<ValueOptions> = {}) {
  return standardizeValue(kind, input, { ...defaults, ...options });
}

describe('date', () => {
  it.each([
    ['2025-12-31', '2025-12-31'],
    ['  31/12/2025 ', '2025-12-31'],
    ['12/31/2025', '2025-12-31'],
    ['01/02/2025', '2025-01-02'],
    ['31.12.2025', '2025-12-31'],
    ['01.02.2025', '2025-02-01'],
    ['2025/3/7', '2025-03-07'],
    ['7-3-25', '2025-07-03'],
    ['1/2/99', '1999-01-02'],
    ['20251231', '2025-12-31'],
    ['31 Dec 2025', '2025-12-31'],
    ['December 31st, 2025', '2025-12-31'],
    ['dec 31 2025', '2025-12-31'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(run('date', input)).toEqual({ ok: true, value: expected });
  });

  it('reads ambiguous numeric dates day first when day_first is set', () => {
    expect(run('date', '01/02/2025', { dayFirst: true })).toEqual({ ok: true, value: '2025-02-01' });
    expect(run('date', '12/31/2025', { dayFirst: true })).toEqual({ ok: true, value: '2025-12-31' });
  });

  it('uses explicit input formats only', () => {
    expect(run('date', '2025|12|31', { inputFormats: ['yyyy|MM|dd'] })).toEqual({ ok: true, value: '2025-12-31' });
    expect(run('date', '2025-12-31', { inputFormats: ['yyyy|MM|dd'] })).toEqual({
      ok: false,
      error: 'does not match any of input_formats',
    });
  });

  it.each([
    ['2025-02-30', 'not a real calendar date (2025-2-30)'],
    ['2025-02-29', 'not a real calendar date (2025-2-29)'],
    ['31/31/2025', 'not a real calendar date (2025-31-31)'],
    ['next tuesday', 'unrecognised date format'],
    ['', 'empty'],
  ])('%s is an error', (input, error) => {
    expect(run('date', input)).toEqual({ ok: false, error });
  });

  it('refuses non-strings', () => {
    expect(run('date', 20251231)).toEqual({ ok: false, error: 'expected text, got number' });
    expect(run('date', null)).toEqual({ ok: false, error: 'expected text, got null' });
  });
});

describe('datetime', () => {
  it.each([
    ['2025-12-31T23:59:00Z', {}, '2025-12-31T23:59:00Z'],
    ['2025-12-31T23:59:00+01:00', {}, '2025-12-31T23:59:00+01:00'],
    ['2025-12-31T23:59:00.250-05:00', {}, '2025-12-31T23:59:00.250-05:00'],
    ['2025-12-31 23:59:00', {}, '2025-12-31T23:59:00Z'],
    ['2025-12-31 23:59', { timezone: 'Europe/Berlin' }, '2025-12-31T23:59:00+01:00'],
    ['2025-07-01 12:00', { timezone: 'Europe/Berlin' }, '2025-07-01T12:00:00+02:00'],
    ['2025-12-31T23:59:00Z', { outputTimezone: 'Asia/Tokyo' }, '2026-01-01T08:59:00+09:00'],
    ['Wed, 31 Dec 2025 23:59:00 +0000', {}, '2025-12-31T23:59:00Z'],
    ['31/12/2025 11:59 pm', {}, '2025-12-31T23:59:00Z'],
    ['31/12/2025 11:59 PM Europe/Berlin', {}, '2025-12-31T23:59:00+01:00'],
    ['12/31/2025 08:15:30 -0800', {}, '2025-12-31T08:15:30-08:00'],
    ['31.12.2025 14:30', { timezone: 'America/New_York' }, '2025-12-31T14:30:00-05:00'],
  ])('%s %j → %s', (input, options, expected) => {
    expect(run('datetime', input, options)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['31/12/2025 25:00', 'time out of range'],
    ['31/12/2025 11:00 Mars/Olympus', 'unknown time zone "Mars/Olympus"'],
    ['yesterday at noon', 'unrecognised date-time format'],
  ])('%s is an error', (input, error) => {
    expect(run('datetime', input)).toEqual({ ok: false, error });
  });
});

describe('phone', () => {
  it.each([
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['030 1234567', 'DE', '+49301234567'],
    ['0049 30 1234567', 'DE', '+49301234567'],
  ])('%s (default %s) → %s', (input, country, expected) => {
    expect(run('phone', input, { defaultCountry: country })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['12', 'not a valid phone number for US'],
    ['+44 20 7946', 'not a valid phone number (default country US)'],
    ['call me', 'not a phone number'],
  ])('%s is an error', (input, error) => {
    expect(run('phone', input)).toEqual({ ok: false, error });
  });
});

describe('email', () => {
  it.each([
    [' John.Doe@Example.COM ', 'john.doe@example.com'],
    ['mailto:info@firma.de', 'info@firma.de'],
    ['<a+tag@sub.example.org>', 'a+tag@sub.example.org'],
  ])('%s → %s', (input, expected) => {
    expect(run('email', input)).toEqual({ ok: true, value: expected });
  });

  it.each(['john.doe@', 'john doe@example.com', 'john@localhost', '@example.com', 'a@b@c.com'])('%s is not an e-mail address', (input) => {
    expect(run('email', input)).toEqual({ ok: false, error: 'not a valid e-mail address' });
  });
});

describe('currency_amount', () => {
  it.each([
    ['€1.234,56', {}, { amount: '1234.56', currency: 'EUR' }],
    ['1.234,56 €', {}, { amount: '1234.56', currency: 'EUR' }],
    ['USD 1,234.56', {}, { amount: '1234.56', currency: 'USD' }],
    ['$1,234.5', {}, { amount: '1234.50', currency: 'USD' }],
    ['-£5', {}, { amount: '-5.00', currency: 'GBP' }],
    ['(£12.5)', {}, { amount: '-12.50', currency: 'GBP' }],
    ['¥1000', {}, { amount: '1000', currency: 'JPY' }],
    ["chf 1'234.50", {}, { amount: '1234.50', currency: 'CHF' }],
    ['1 234,5 SEK', {}, { amount: '1234.50', currency: 'SEK' }],
    ['BHD 1.2345', {}, { amount: '1.2345', currency: 'BHD' }],
    ['19.99', { defaultCurrency: 'EUR' }, { amount: '19.99', currency: 'EUR' }],
    [0.1, { defaultCurrency: 'USD' }, { amount: '0.10', currency: 'USD' }],
  ])('%j %j → %j', (input, options, expected) => {
    expect(run('currency_amount', input, options)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['19.99', 'no currency symbol or code (set default_currency)'],
    ['100 kr', 'ambiguous currency "kr": give the ISO 4217 code (SEK, NOK, DKK, ISK)'],
    ['XYZ 12', 'unknown currency code "XYZ"'],
    ['€ lots', 'amount not a number'],
  ])('%s is an error', (input, error) => {
    expect(run('currency_amount', input)).toEqual({ ok: false, error });
  });
});

describe('country', () => {
  it.each([
    ['DE', 'DE', 'DEU', 'Germany'],
    ['deu', 'DE', 'DEU', 'Germany'],
    ['Deutschland', 'DE', 'DEU', 'Germany'],
    ['  germany ', 'DE', 'DEU', 'Germany'],
    ['Allemagne', 'DE', 'DEU', 'Germany'],
    ['U.S.A.', 'US', 'USA', 'United States of America'],
    ['United States', 'US', 'USA', 'United States of America'],
    ['UK', 'GB', 'GBR', 'United Kingdom'],
    ['Holland', 'NL', 'NLD', 'Netherlands'],
    ['Côte d’Ivoire', 'CI', 'CIV', "Cote d'Ivoire"],
    ['España', 'ES', 'ESP', 'Spain'],
    ['276', 'DE', 'DEU', 'Germany'],
  ])('%s → %s', (input, alpha2, alpha3, name) => {
    expect(run('country', input)).toEqual({ ok: true, value: { alpha2, alpha3, name } });
  });

  it.each(['Atlantis', 'XX', 'Narnia Republic'])('%s is unknown, not guessed', (input) => {
    expect(run('country', input)).toEqual({ ok: false, error: `unknown country "${input}"` });
  });
});

describe('number', () => {
  it.each([
    ['1.234,56', 'auto', '1234.56'],
    ['1,234.56', 'auto', '1234.56'],
    ['1,234', 'auto', '1234'],
    ['1.234', 'auto', '1.234'],
    ['1.234', ',', '1234'],
    ['1,5', 'auto', '1.5'],
    ['1 234 567,89', 'auto', '1234567.89'],
    ["1'234.5", 'auto', '1234.5'],
    ['1.234.567', 'auto', '1234567'],
    ['-0,5', 'auto', '-0.5'],
    ['(42)', 'auto', '-42'],
    ['42-', 'auto', '-42'],
    ['+7', 'auto', '7'],
    ['1e3', 'auto', '1000'],
    ['12345678901234567890.123456789', 'auto', '12345678901234567890.123456789'],
    ['1,00,000', 'auto', '100000'],
    [0.1, 'auto', '0.1'],
    [-2.5e-7, 'auto', '-0.00000025'],
  ])('%j (%s) → %s', (input, separator, expected) => {
    expect(run('number', input, { decimalSeparator: separator as ValueOptions['decimalSeparator'] })).toEqual({
      ok: true,
      value: expected,
    });
  });

  it.each([
    ['12abc', 'not a number'],
    ['1.2.3,4,5', 'more than one decimal separator'],
    ['1,2345,6', 'misplaced group separator'],
    ['1e99999', 'exponent beyond ±1000'],
    ['', 'empty'],
  ])('%s is an error', (input, error) => {
    expect(run('number', input)).toEqual({ ok: false, error });
  });
});

describe('boolean', () => {
  it.each([
    ['yes', true],
    [' Y ', true],
    ['TRUE', true],
    ['1', true],
    [1, true],
    [true, true],
    ['No', false],
    ['n', false],
    ['false', false],
    ['0', false],
    [0, false],
  ])('%j → %s', (input, expected) => {
    expect(run('boolean', input)).toEqual({ ok: true, value: expected });
  });

  it.each([['maybe'], ['2'], [null]])('%j is an error', (input) => {
    expect(run('boolean', input).ok).toBe(false);
  });
});
