/**
 * Standardizes one raw value of a given kind. Every function returns `{ok, value}` or
 * `{ok: false, error}`; nothing throws for bad input.
 */
import { createRequire } from 'node:module';
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';
import type * as PhoneCore from 'libphonenumber-js/core';
import { resolveCountry } from './countries.js';
import { parseCurrencyAmount } from './currency.js';
import { parseDate, parseDateTime, type ParseResult } from './dates.js';
import { numberToDecimal, parseDecimal, type DecimalSeparator } from './numbers.js';
import { jsonType } from './text.js';

/** The kinds standardize_values understands. */
export const VALUE_KINDS = ['date', 'datetime', 'phone', 'email', 'currency_amount', 'country', 'number', 'boolean'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Options for standardizeValue (all optional; defaults from settings). */
export interface ValueOptions {
  dayFirst: boolean;
  inputFormats?: readonly string[];
  timezone: string;
  outputTimezone?: string;
  defaultCountry: string;
  defaultCurrency?: string;
  decimalSeparator: DecimalSeparator;
}

// libphonenumber-js with its full metadata (real number ranges, not only lengths), loaded through
// require (importing JSON from ESM needs import attributes that not every runner supports yet) by
// the first phone number parsed, not when the service starts (~5 MiB resident; issue #17).
let phoneLib: { parse: typeof PhoneCore.parsePhoneNumberFromString; metadata: MetadataJson } | undefined;
function loadPhoneLib(): NonNullable<typeof phoneLib> {
  if (phoneLib) return phoneLib;
  const require = createRequire(import.meta.url);
  const { parsePhoneNumberFromString } = require('libphonenumber-js/core') as typeof PhoneCore;
  return (phoneLib = { parse: parsePhoneNumberFromString, metadata: require('libphonenumber-js/metadata.max.json') as MetadataJson });
}

const TRUE_WORDS = new Set(['yes', 'y', '1', 'true']);
const FALSE_WORDS = new Set(['no', 'n', '0', 'false']);

// The WHATWG "valid e-mail address" grammar (what browsers and ajv-formats accept), plus a dot
// in the domain: addresses at bare hosts are not deliverable business contacts.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Lower-cases and validates an e-mail address; strips `mailto:` and angle brackets. */
export function parseEmail(input: string): ParseResult<string> {
  const text = input
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim();
  if (text.length > 254) return { ok: false, error: 'longer than 254 characters' };
  if (!EMAIL.test(text)) return { ok: false, error: 'not a valid e-mail address' };
  if ((text.split('@')[0] ?? '').length > 64) return { ok: false, error: 'local part longer than 64 characters' };
  return { ok: true, value: text.toLowerCase() };
}

/** Parses a phone number to E.164 with libphonenumber-js (full metadata). */
export function parsePhone(input: string, defaultCountry: string): ParseResult<string> {
  const { parse, metadata } = loadPhoneLib();
  const phone = parse(input.trim(), { defaultCountry: defaultCountry as CountryCode, extract: false }, metadata);
  if (!phone) return { ok: false, error: 'not a phone number' };
  if (!phone.isValid())
    return {
      ok: false,
      error: `not a valid phone number${phone.country ? ` for ${phone.country}` : ` (default country ${defaultCountry})`}`,
    };
  return { ok: true, value: phone.number };
}

/** yes/no/y/n/1/0/true/false, any case, plus JSON booleans and the numbers 1 and 0. */
export function parseBoolean(input: unknown): ParseResult<boolean> {
  if (typeof input === 'boolean') return { ok: true, value: input };
  if (input === 1 || input === 0) return { ok: true, value: input === 1 };
  if (typeof input !== 'string') return { ok: false, error: `expected text, got ${jsonType(input)}` };
  const word = input.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, error: 'not one of yes/no/y/n/1/0/true/false' };
}

/**
 * Standardizes one value of `kind`. Values of the wrong JSON type (objects, arrays, null) are
 * errors; numbers are accepted where they make sense (number, boolean, currency_amount).
 */
export function standardizeValue(kind: ValueKind, input: unknown, options: ValueOptions): ParseResult<unknown> {
  if (kind === 'boolean') return parseBoolean(input);
  if (kind === 'number' && typeof input === 'number') return numberToDecimal(input);
  if (kind === 'currency_amount' && typeof input === 'number') {
    const decimal = numberToDecimal(input);
    if (!decimal.ok) return decimal;
    return parseCurrencyAmount(decimal.value, {
      ...(options.defaultCurrency ? { defaultCurrency: options.defaultCurrency } : {}),
      decimalSeparator: '.',
    });
  }
  if (typeof input !== 'string') return { ok: false, error: `expected text, got ${jsonType(input)}` };
  if (input.trim() === '') return { ok: false, error: 'empty' };
  switch (kind) {
    case 'date':
      return parseDate(input, { dayFirst: options.dayFirst, ...(options.inputFormats ? { inputFormats: options.inputFormats } : {}) });
    case 'datetime':
      return parseDateTime(input, {
        dayFirst: options.dayFirst,
        timezone: options.timezone,
        ...(options.inputFormats ? { inputFormats: options.inputFormats } : {}),
        ...(options.outputTimezone ? { outputTimezone: options.outputTimezone } : {}),
      });
    case 'phone':
      return parsePhone(input, options.defaultCountry);
    case 'email':
      return parseEmail(input);
    case 'currency_amount':
      return parseCurrencyAmount(input, {
        ...(options.defaultCurrency ? { defaultCurrency: options.defaultCurrency } : {}),
        decimalSeparator: options.decimalSeparator,
      });
    case 'country': {
      const found = resolveCountry(input);
      return found
        ? { ok: true, value: { alpha2: found.country.alpha2, alpha3: found.country.alpha3, name: found.country.name } }
        : { ok: false, error: `unknown country "${input.trim().slice(0, 100)}"` };
    }
    case 'number':
      return parseDecimal(input, options.decimalSeparator);
  }
}
