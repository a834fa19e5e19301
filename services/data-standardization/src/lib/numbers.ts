/**
 * Locale-aware decimal parsing into exact decimal strings (decimal.js; never binary floats, so
 * "0.1" stays "0.1" and "12345678901234567890.12" keeps every digit).
 */
import { createRequire } from 'node:module';
import type { Decimal } from 'decimal.js';
import type * as DecimalModule from 'decimal.js';

let decimalClass: typeof Decimal | undefined;
/**
 * decimal.js's `Decimal`, loaded through require by the first number or amount parsed rather than
 * when the service starts (issue #17). Its CommonJS build, the only copy in the process: every
 * user (here and lib/currency.ts) takes it from this function.
 */
export function decimalClassOf(): typeof Decimal {
  return (decimalClass ??= (createRequire(import.meta.url)('decimal.js') as typeof DecimalModule).Decimal);
}

/** Which character separates the fraction; `auto` decides from the text (see parseDecimal). */
export type DecimalSeparator = 'auto' | '.' | ',';

/** Largest decimal exponent accepted in scientific notation (so "1e999999999" cannot blow up). */
export const MAX_EXPONENT = 1_000;

/** Outcome of parsing: a canonical decimal string or the reason it is not a number. */
export type DecimalResult = { ok: true; value: string } | { ok: false; error: string };

const SPACES = /[\s\u00A0\u202F\u2009']/g;

function canonical(text: string): DecimalResult {
  const decimal = new (decimalClassOf())(text);
  if (!decimal.isFinite()) return { ok: false, error: 'not a finite number' };
  if (Math.abs(decimal.e) > MAX_EXPONENT) return { ok: false, error: `exponent beyond ±${MAX_EXPONENT}` };
  const fixed = decimal.toFixed();
  return { ok: true, value: fixed === '-0' ? '0' : fixed };
}

/**
 * Parses a number written with locale separators into a canonical decimal string.
 *
 * Rules: spaces, no-break spaces and apostrophes are group separators (`1 234,5`, `1'234.5`).
 * With both `.` and `,` present, the last one is the decimal separator (`1.234,56`, `1,234.56`).
 * A separator that occurs more than once is a group separator (`1.234.567`). A single separator
 * is decimal, except `,` followed by exactly three digits (`1,234` → 1234) under `auto`; pass
 * `decimal_separator` to decide explicitly (`,` makes `1.234` mean 1234). A leading `+`/`-`,
 * a trailing `-` and accounting parentheses `(12.50)` set the sign.
 *
 * @example parseDecimal('1.234,56') // { ok: true, value: '1234.56' }
 */
export function parseDecimal(input: string, separator: DecimalSeparator = 'auto'): DecimalResult {
  let text = input.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1).trim();
  }
  if (/^[+-]/.test(text)) {
    if (text.startsWith('-')) negative = !negative;
    text = text.slice(1).trim();
  }
  text = text.replace(SPACES, '');
  if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(text)) {
    const exponent = Number(/e([+-]?\d+)$/i.exec(text)?.[1]);
    if (Math.abs(exponent) > MAX_EXPONENT) return { ok: false, error: `exponent beyond ±${MAX_EXPONENT}` };
    return canonical(negative ? `-${text}` : text);
  }
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, error: 'not a number' };
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  let decimalMark: '.' | ',' | undefined;
  if (dots > 0 && commas > 0) {
    decimalMark = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    if ((decimalMark === '.' ? dots : commas) > 1) return { ok: false, error: 'more than one decimal separator' };
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    if (separator !== 'auto') decimalMark = separator === mark ? mark : undefined;
    else decimalMark = mark === ',' && /^\d{1,3},\d{3}$/.test(text) ? undefined : mark;
  } else if (dots > 1 || commas > 1) {
    if (separator !== 'auto' && separator === (dots > 1 ? '.' : ',')) return { ok: false, error: 'more than one decimal separator' };
    decimalMark = undefined;
  }
  const [whole = '', fraction] = decimalMark === undefined ? [text] : text.split(decimalMark);
  const group = decimalMark === ',' ? '.' : decimalMark === '.' ? ',' : dots > 0 ? '.' : ',';
  if (whole.includes(group)) {
    const parts = whole.split(group);
    // Groups after the first have 3 digits (2 are allowed for Indian lakh/crore grouping).
    if (parts[0] === '' || parts.slice(1).some((p) => !/^\d{2,3}$/.test(p)) || !/^\d{3}$/.test(parts[parts.length - 1] ?? '')) {
      return { ok: false, error: 'misplaced group separator' };
    }
  }
  const digits = whole.split(group).join('');
  if (!/^\d*$/.test(digits) || (fraction !== undefined && !/^\d+$/.test(fraction))) return { ok: false, error: 'not a number' };
  const plain = `${negative ? '-' : ''}${digits === '' ? '0' : digits}${fraction === undefined ? '' : `.${fraction}`}`;
  return canonical(plain);
}

/** Converts a JSON number to its exact shortest decimal string (as JavaScript prints it). */
export function numberToDecimal(value: number): DecimalResult {
  if (!Number.isFinite(value)) return { ok: false, error: 'not a finite number' };
  return canonical(String(value));
}
