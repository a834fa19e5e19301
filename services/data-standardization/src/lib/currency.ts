/**
 * Currency amounts: symbol or ISO 4217 code plus a locale-formatted number → exact decimal string
 * and ISO 4217 code. Codes are checked against currency-codes (the ISO 4217 list).
 */
import { createRequire } from 'node:module';
import type * as CurrencyCodes from 'currency-codes';
import { decimalClassOf, parseDecimal, type DecimalSeparator } from './numbers.js';

let currencyCodesModule: typeof CurrencyCodes | undefined;
/** currency-codes (CommonJS), loaded through require by the first code checked rather than at start (issue #17). */
function currencyCodes(): typeof CurrencyCodes {
  return (currencyCodesModule ??= createRequire(import.meta.url)('currency-codes') as typeof CurrencyCodes);
}

/**
 * Currency symbols and the code each stands for. A bare `$` is USD and a bare `¥` is JPY (the
 * most common meaning); write `C$`, `A$`, `CN¥` or the ISO code for the others. `kr` is
 * ambiguous (SEK, NOK, DKK, ISK) and is refused: write the code.
 */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  '€': 'EUR',
  $: 'USD',
  US$: 'USD',
  C$: 'CAD',
  CA$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  R$: 'BRL',
  MX$: 'MXN',
  '£': 'GBP',
  '¥': 'JPY',
  'CN¥': 'CNY',
  元: 'CNY',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
  '₱': 'PHP',
  '฿': 'THB',
  '₴': 'UAH',
  '₦': 'NGN',
  zł: 'PLN',
  Kč: 'CZK',
  Fr: 'CHF',
};

/** An amount in a currency. */
export interface CurrencyAmount {
  /** Exact decimal string, padded to the currency's minor unit when it has fewer decimals. */
  amount: string;
  /** ISO 4217 code. */
  currency: string;
}

/** Whether `code` is an ISO 4217 currency code. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes().code(code) !== undefined;
}

const SYMBOL_KEYS = Object.keys(CURRENCY_SYMBOLS).sort((a, b) => b.length - a.length);

/**
 * Parses `"€1.234,56"`, `"1,234.56 USD"`, `"-£5"`, `"(USD 12.00)"` into `{amount, currency}`.
 * A value without symbol or code takes `defaultCurrency`, or fails when there is none.
 */
export function parseCurrencyAmount(
  input: string,
  options: { defaultCurrency?: string; decimalSeparator?: DecimalSeparator } = {},
): { ok: true; value: CurrencyAmount } | { ok: false; error: string } {
  let text = input.trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  let currency: string | undefined;
  const code = /^([A-Za-z]{3})(?=[\s\d.,+-]|$)|(?<=[\s\d.,])([A-Za-z]{3})$/.exec(text);
  if (code) {
    const candidate = (code[1] ?? code[2] ?? '').toUpperCase();
    if (!isCurrencyCode(candidate)) return { ok: false, error: `unknown currency code "${candidate}"` };
    currency = candidate;
    text = text.replace(code[0], '').trim();
  }
  if (/\bkr\b|kr\.?$|^kr/i.test(text)) return { ok: false, error: 'ambiguous currency "kr": give the ISO 4217 code (SEK, NOK, DKK, ISK)' };
  for (const symbol of SYMBOL_KEYS) {
    const at = text.indexOf(symbol);
    if (at === 0 || (at > 0 && at === text.length - symbol.length)) {
      const mapped = CURRENCY_SYMBOLS[symbol]!;
      if (currency !== undefined && currency !== mapped && symbol !== '$' && symbol !== '¥')
        return { ok: false, error: `symbol ${symbol} contradicts code ${currency}` };
      currency ??= mapped;
      text = text.slice(0, at) + text.slice(at + symbol.length);
      break;
    }
  }
  currency ??= options.defaultCurrency;
  if (currency === undefined) return { ok: false, error: 'no currency symbol or code (set default_currency)' };
  const parsed = parseDecimal(text, options.decimalSeparator ?? 'auto');
  if (!parsed.ok) return { ok: false, error: `amount ${parsed.error}` };
  const Decimal = decimalClassOf();
  let decimal = new Decimal(parsed.value);
  if (negative) decimal = decimal.negated();
  const minor = currencyCodes().code(currency)?.digits ?? 2;
  const amount = decimal.decimalPlaces() <= minor ? decimal.toFixed(minor) : decimal.toFixed();
  return { ok: true, value: { amount: amount.startsWith('-') && new Decimal(amount).isZero() ? amount.slice(1) : amount, currency } };
}
