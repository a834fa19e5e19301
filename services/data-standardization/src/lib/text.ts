/** Text clean-up shared by the record standardizers. */

// Control characters other than whitespace never belong in business data.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', '&']);

/** Result of reading one field: the cleaned text, or why there is none. */
export type FieldRead = { kind: 'text'; text: string; coerced: boolean } | { kind: 'missing' } | { kind: 'wrong_type'; type: string };

/** Describes a value's JSON type: string, number, boolean, object, array, null. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Trims, removes control characters and collapses runs of whitespace to one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * Reads a field as text: strings are cleaned, finite numbers and booleans are converted (marked
 * `coerced`), empty strings and null/undefined are missing, objects and arrays are the wrong type.
 */
export function readText(record: Record<string, unknown>, field: string): FieldRead {
  const value = Object.hasOwn(record, field) ? record[field] : undefined;
  if (value === undefined || value === null) return { kind: 'missing' };
  if (typeof value === 'string') {
    const text = collapseWhitespace(value);
    return text === '' ? { kind: 'missing' } : { kind: 'text', text, coerced: false };
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return { kind: 'text', text: String(value), coerced: true };
  return { kind: 'wrong_type', type: jsonType(value) };
}

function capitalise(word: string): string {
  return word
    .split('-')
    .map((part) => (part === '' ? part : part.charAt(0).toLocaleUpperCase('en') + part.slice(1).toLocaleLowerCase('en')))
    .join('-');
}

/**
 * Title case for names and categories: each word capitalised, short connectors (and, of, the, …)
 * lower case except first, and all-capital words of up to 4 letters kept (acronyms: VAT, USA, IT)
 * unless the whole text is in capitals ("NEW YORK" is shouting, not two acronyms).
 *
 * @example titleCase('  cash AND cash equivalents ') // 'Cash and Cash Equivalents'
 */
export function titleCase(text: string): string {
  const clean = collapseWhitespace(text);
  const shouting = clean.includes(' ') && clean === clean.toLocaleUpperCase('en');
  return clean
    .split(' ')
    .map((word, i) => {
      const lower = word.toLocaleLowerCase('en');
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      if (!shouting && /^[A-Z]{2,4}$/.test(word)) return word;
      return capitalise(word);
    })
    .join(' ');
}

/**
 * Normalises an identifier: cleaned, upper case, inner whitespace as `-`, only A–Z, 0–9, `.`,
 * `_`, `-` kept.
 *
 * @example normalizeId(' sku 001/a ') // 'SKU-001A'
 */
export function normalizeId(text: string): string {
  return collapseWhitespace(text)
    .toLocaleUpperCase('en')
    .replace(/\s+/g, '-')
    .replace(/[^A-Z0-9._-]/g, '');
}

/** Rounds to `digits` decimals (default 4) for scores. */
export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
