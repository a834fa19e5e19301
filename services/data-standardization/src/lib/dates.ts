/**
 * Dates and date-times with luxon (IANA time zones, ISO 8601, RFC 2822, SQL, explicit formats).
 *
 * Detection order for dates: explicit `input_formats` when given (only those), else ISO 8601
 * (`2025-12-31`), numeric `a/b/y` with `/`, `-`, `.` or space, then written months
 * (`31 Dec 2025`, `December 31st, 2025`). For numeric dates: a 4-digit first part is year-first;
 * a part above 12 decides day or month; otherwise the date is ambiguous and `day_first` decides
 * (default false: month first, as in the US). Dotted dates (`01.02.2025`) are always day first,
 * the convention everywhere dots are used. Two-digit years: 00–68 → 20xx, 69–99 → 19xx (POSIX).
 *
 * Hostile input: a value longer than {@link MAX_DATE_LENGTH} characters is refused before any
 * regex sees it (luxon's own ISO and RFC 2822 expressions are superlinear on crafted text: 33 ms
 * for 10 000 characters, and a call may carry hundreds of such values). Our own expressions are
 * linear by construction (no two quantifiers that can match the same text side by side), and the
 * date-time split is a scan, not `(.+?)[ T,]+…` (quadratic: 0.3 s for one 10 000-character value).
 * Caller-supplied `input_formats` become a regex that luxon would run on V8, where adjacent
 * variable-width fields (`dHdH…`) backtrack exponentially; that regex runs on RE2JS instead.
 */
import { createRequire } from 'node:module';
import type { DateTime } from 'luxon';
import type * as Luxon from 'luxon';
import { compileLinearRegex, matchLinear } from './linear-regex.js';

let luxonModule: typeof Luxon | undefined;
/**
 * luxon, loaded through require by the first date, date-time or time zone checked rather than when
 * the service starts (~2 MiB resident that a service never parsing a date does not need; issue
 * #17). Its CommonJS build: the only copy in the process, as nothing imports the ES one.
 */
function luxon(): typeof Luxon {
  return (luxonModule ??= createRequire(import.meta.url)('luxon') as typeof Luxon);
}

/** Longest date or date-time text read (longer than any format here produces, zone names included). */
export const MAX_DATE_LENGTH = 128;

/** Options shared by the date and date-time parsers. */
export interface DateOptions {
  dayFirst?: boolean;
  /** luxon format tokens, e.g. `dd.MM.yyyy HH:mm`. */
  inputFormats?: readonly string[];
  /** IANA zone for values without an offset. */
  timezone?: string;
  /** Convert the result to this zone; default: keep the zone the value was read in. */
  outputTimezone?: string;
}

/** A parse outcome. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const WORD_FORMATS = [
  'd MMMM yyyy',
  'd MMM yyyy',
  'MMMM d yyyy',
  'MMM d yyyy',
  'd. MMMM yyyy',
  'd. MMM yyyy',
  'EEEE d MMMM yyyy',
  'EEEE MMMM d yyyy',
  'EEE d MMM yyyy',
  'EEE MMM d yyyy',
  'yyyy MMMM d',
  'MMMM yyyy d',
];

/** Whether `zone` is an IANA zone name (or UTC). */
export function isValidZone(zone: string): boolean {
  return zone === 'UTC' || luxon().IANAZone.isValidZone(zone);
}

function expandYear(year: string): number {
  const n = Number(year);
  if (year.length !== 2) return n;
  return n <= 68 ? 2000 + n : 1900 + n;
}

function tooLong(text: string): ParseResult<never> | undefined {
  return text.length > MAX_DATE_LENGTH
    ? { ok: false, error: `longer than ${MAX_DATE_LENGTH} characters (no date or date-time is)` }
    : undefined;
}

/** luxon's parser for `format`, whose regex runs on RE2JS (see the module comment). */
type FormatParser = ReturnType<typeof DateTime.buildFormatParser>;
const formatParsers = new Map<string, FormatParser | null>();
const MAX_CACHED_FORMATS = 256;

function linearFormatParser(format: string): FormatParser | null {
  const cached = formatParsers.get(format);
  if (cached !== undefined) return cached;
  let parser: FormatParser | null = luxon().DateTime.buildFormatParser(format, { locale: 'en' });
  // luxon matches with `input.match(parser.regex)` (tokenParser.js): String.prototype.match
  // defers to the object's Symbol.match, so the RE2JS match takes the place of V8's.
  const internals = parser as unknown as { regex?: RegExp | { [Symbol.match]: (text: string) => (string | undefined)[] | null } };
  if (internals.regex instanceof RegExp) {
    const source = internals.regex.source;
    try {
      const re = compileLinearRegex(source, internals.regex.flags);
      internals.regex = { [Symbol.match]: (text: string) => matchLinear(re, text) };
    } catch {
      // A format RE2 cannot express matches nothing rather than running on V8.
      parser = null;
    }
  }
  if (formatParsers.size >= MAX_CACHED_FORMATS) formatParsers.delete(formatParsers.keys().next().value!);
  formatParsers.set(format, parser);
  return parser;
}

function fromFormat(text: string, format: string, options: { zone: string; setZone?: boolean }): DateTime<true> | DateTime<false> {
  const parser = linearFormatParser(format);
  if (!parser) return luxon().DateTime.invalid('unsupported format');
  return luxon().DateTime.fromFormatParser(text, parser, { ...options, locale: 'en' });
}

function calendarDate(year: number, month: number, day: number): ParseResult<{ year: number; month: number; day: number }> {
  const date = luxon().DateTime.utc(year, month, day);
  if (!date.isValid || date.month !== month || date.day !== day)
    return { ok: false, error: `not a real calendar date (${year}-${month}-${day})` };
  return { ok: true, value: { year, month, day } };
}

function parseNumericDate(text: string, dayFirst: boolean): ParseResult<{ year: number; month: number; day: number }> | undefined {
  const match = /^(\d{1,4})([./\- ])(\d{1,2})\2(\d{1,4})$/.exec(text);
  if (!match) return undefined;
  const [, a = '', sep, b = '', c = ''] = match;
  if (a.length === 4) return calendarDate(Number(a), Number(b), Number(c));
  if (c.length !== 4 && c.length !== 2) return { ok: false, error: 'year must have 2 or 4 digits' };
  const first = Number(a);
  const second = Number(b);
  const year = expandYear(c);
  let dayIsFirst: boolean;
  if (sep === '.') dayIsFirst = true;
  else if (first > 12) dayIsFirst = true;
  else if (second > 12) dayIsFirst = false;
  else dayIsFirst = dayFirst;
  return dayIsFirst ? calendarDate(year, second, first) : calendarDate(year, first, second);
}

function cleanWords(text: string): string {
  return text
    .replace(/(\d)(st|nd|rd|th)\b/gi, '$1')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Parses a calendar date into `YYYY-MM-DD`.
 *
 * @example parseDate('31/12/2025') // { ok: true, value: '2025-12-31' }
 */
export function parseDate(input: string, options: DateOptions = {}): ParseResult<string> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'empty' };
  const long = tooLong(text);
  if (long) return long;
  if (options.inputFormats && options.inputFormats.length > 0) {
    for (const format of options.inputFormats) {
      const date = fromFormat(text, format, { zone: 'UTC' });
      if (date.isValid) return { ok: true, value: date.toISODate() };
    }
    return { ok: false, error: `does not match any of input_formats` };
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (iso) {
    const result = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return result.ok
      ? {
          ok: true,
          value: text.slice(0, 4) + '-' + String(result.value.month).padStart(2, '0') + '-' + String(result.value.day).padStart(2, '0'),
        }
      : result;
  }
  const numeric = parseNumericDate(text, options.dayFirst ?? false);
  if (numeric) {
    if (!numeric.ok) return numeric;
    const { year, month, day } = numeric.value;
    return { ok: true, value: luxon().DateTime.utc(year, month, day).toISODate()! };
  }
  const words = cleanWords(text);
  for (const format of WORD_FORMATS) {
    const date = fromFormat(words, format, { zone: 'UTC' });
    if (date.isValid) return { ok: true, value: date.toISODate() };
  }
  return { ok: false, error: 'unrecognised date format' };
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap])?\.?\s*(?:m\.?)?$/i;

function parseTime(text: string): ParseResult<{ hour: number; minute: number; second: number; millisecond: number }> {
  const match = TIME.exec(text.trim());
  if (!match) return { ok: false, error: 'unrecognised time' };
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  const millisecond = Math.floor(Number(`0.${match[4] ?? '0'}`) * 1000);
  const meridiem = match[5]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, error: 'hour must be 1–12 with am/pm' };
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, error: 'time out of range' };
  return { ok: true, value: { hour, minute, second, millisecond } };
}

/** A time and optional zone, anchored where it starts (sticky) and at the end of the text. */
const TIME_TAIL =
  /(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?[ap]\.? ?m?\.?)?)(?: ?(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?))?$/iy;
const SEPARATORS = new Set([' ', 'T', 't', ',']);

/**
 * Splits `<date><one or more of " Tt,"><time>[ zone]` at the earliest separator run after which
 * a time and optional zone run to the end: what `/^(.+?)[ T,]+(time)(zone)?$/i` would find, in
 * linear time. A candidate start is a digit after a separator; the tail expression cannot span a
 * later candidate (zones hold no digits, times are at most 25 characters), so each character is
 * read a bounded number of times. `text` has its whitespace collapsed to single spaces.
 */
export function splitDateTime(text: string): { date: string; time: string; zone: string | undefined } | undefined {
  for (let p = 2; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57 || !SEPARATORS.has(text[p - 1]!)) continue;
    let q = p - 1;
    while (q > 1 && SEPARATORS.has(text[q - 1]!)) q--;
    TIME_TAIL.lastIndex = p;
    const tail = TIME_TAIL.exec(text);
    if (tail) return { date: text.slice(0, q), time: tail[1]!, zone: tail[2] };
  }
  return undefined;
}

function zoneOf(label: string | undefined, fallback: string): ParseResult<string> {
  if (label === undefined) return { ok: true, value: fallback };
  const upper = label.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return { ok: true, value: 'UTC' };
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(label);
  if (offset) return { ok: true, value: `UTC${offset[1]}${offset[2]}:${offset[3]}` };
  return isValidZone(label) ? { ok: true, value: label } : { ok: false, error: `unknown time zone "${label}"` };
}

function finish(date: DateTime, options: DateOptions): ParseResult<string> {
  if (!date.isValid) return { ok: false, error: date.invalidExplanation ?? 'invalid date-time' };
  const out = options.outputTimezone ? date.setZone(options.outputTimezone) : date;
  return { ok: true, value: out.toISO({ suppressMilliseconds: true })! };
}

/**
 * Parses a date-time into ISO 8601 with its offset. Values with an offset or zone keep it;
 * values without are read in `timezone` (default UTC). `outputTimezone` converts the result.
 * Accepts ISO 8601, RFC 2822, SQL (`2025-12-31 23:59:00`), explicit `inputFormats`, and any
 * date parseDate accepts followed by a time (`31/12/2025 11:59 pm Europe/Berlin`).
 *
 * @example parseDateTime('2025-12-31 23:59', { timezone: 'Europe/Berlin' }) // '2025-12-31T23:59:00+01:00'
 */
export function parseDateTime(input: string, options: DateOptions = {}): ParseResult<string> {
  const text = input.trim().replace(/\s+/g, ' ');
  const zone = options.timezone ?? 'UTC';
  if (text === '') return { ok: false, error: 'empty' };
  const long = tooLong(text);
  if (long) return long;
  if (options.inputFormats && options.inputFormats.length > 0) {
    for (const format of options.inputFormats) {
      const date = fromFormat(text, format, { zone, setZone: true });
      if (date.isValid) return finish(date, options);
    }
    return { ok: false, error: 'does not match any of input_formats' };
  }
  const parsers = [
    (t: string) => luxon().DateTime.fromISO(t, { zone, setZone: true }),
    (t: string) => luxon().DateTime.fromRFC2822(t, { zone, setZone: true }),
    (t: string) => luxon().DateTime.fromSQL(t, { zone, setZone: true }),
  ];
  for (const parse of parsers) {
    const date = parse(text);
    if (date.isValid) return finish(date, options);
  }
  const match = splitDateTime(text);
  if (!match) return { ok: false, error: 'unrecognised date-time format' };
  const date = parseDate(match.date, { dayFirst: options.dayFirst ?? false });
  if (!date.ok) return date;
  const time = parseTime(match.time);
  if (!time.ok) return time;
  const valueZone = zoneOf(match.zone, zone);
  if (!valueZone.ok) return valueZone;
  const [year, month, day] = date.value.split('-').map(Number);
  return finish(luxon().DateTime.fromObject({ year, month, day, ...time.value }, { zone: valueZone.value }), options);
}
