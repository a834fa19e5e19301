/**
 * Dates and date-times with luxon (IANA time zones, ISO 8601, RFC 2822, SQL, explicit formats).
 *
 * Detection order for dates: explicit `input_formats` when given (only those), else ISO 8601
 * (`2025-12-31`), numeric `a/b/y` with `/`, `-`, `.` or space, then written months
 * (`31 Dec 2025`, `December 31st, 2025`). For numeric dates: a 4-digit first part is year-first;
 * a part above 12 decides day or month; otherwise the date is ambiguous and `day_first` decides
 * (default false: month first, as in the US). Dotted dates (`01.02.2025`) are always day first,
 * the convention everywhere dots are used. Two-digit years: 00–68 → 20xx, 69–99 → 19xx (POSIX).
 */
import { DateTime, IANAZone } from 'luxon';

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

const WORD_FORMATS = ['d MMMM yyyy', 'd MMM yyyy', 'MMMM d yyyy', 'MMM d yyyy', 'd. MMMM yyyy', 'd. MMM yyyy', 'EEEE d MMMM yyyy', 'EEEE MMMM d yyyy', 'EEE d MMM yyyy', 'EEE MMM d yyyy', 'yyyy MMMM d', 'MMMM yyyy d'];

/** Whether `zone` is an IANA zone name (or UTC). */
export function isValidZone(zone: string): boolean {
  return zone === 'UTC' || IANAZone.isValidZone(zone);
}

function expandYear(year: string): number {
  const n = Number(year);
  if (year.length !== 2) return n;
  return n <= 68 ? 2000 + n : 1900 + n;
}

function calendarDate(year: number, month: number, day: number): ParseResult<{ year: number; month: number; day: number }> {
  const date = DateTime.utc(year, month, day);
  if (!date.isValid || date.month !== month || date.day !== day) return { ok: false, error: `not a real calendar date (${year}-${month}-${day})` };
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
  if (options.inputFormats && options.inputFormats.length > 0) {
    for (const format of options.inputFormats) {
      const date = DateTime.fromFormat(text, format, { zone: 'UTC', locale: 'en' });
      if (date.isValid) return { ok: true, value: date.toISODate() };
    }
    return { ok: false, error: `does not match any of input_formats` };
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (iso) {
    const result = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return result.ok ? { ok: true, value: text.slice(0, 4) + '-' + String(result.value.month).padStart(2, '0') + '-' + String(result.value.day).padStart(2, '0') } : result;
  }
  const numeric = parseNumericDate(text, options.dayFirst ?? false);
  if (numeric) {
    if (!numeric.ok) return numeric;
    const { year, month, day } = numeric.value;
    return { ok: true, value: DateTime.utc(year, month, day).toISODate()! };
  }
  const words = cleanWords(text);
  for (const format of WORD_FORMATS) {
    const date = DateTime.fromFormat(words, format, { zone: 'UTC', locale: 'en' });
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
  if (options.inputFormats && options.inputFormats.length > 0) {
    for (const format of options.inputFormats) {
      const date = DateTime.fromFormat(text, format, { zone, setZone: true, locale: 'en' });
      if (date.isValid) return finish(date, options);
    }
    return { ok: false, error: 'does not match any of input_formats' };
  }
  const parsers = [(t: string) => DateTime.fromISO(t, { zone, setZone: true }), (t: string) => DateTime.fromRFC2822(t, { zone, setZone: true }), (t: string) => DateTime.fromSQL(t, { zone, setZone: true })];
  for (const parse of parsers) {
    const date = parse(text);
    if (date.isValid) return finish(date, options);
  }
  const match = /^(.+?)[ T,]+(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*[ap]\.?\s*m?\.?)?)(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?))?$/i.exec(text);
  if (!match) return { ok: false, error: 'unrecognised date-time format' };
  const date = parseDate(match[1] ?? '', { dayFirst: options.dayFirst ?? false });
  if (!date.ok) return date;
  const time = parseTime(match[2] ?? '');
  if (!time.ok) return time;
  const valueZone = zoneOf(match[3], zone);
  if (!valueZone.ok) return valueZone;
  const [year, month, day] = date.value.split('-').map(Number);
  return finish(DateTime.fromObject({ year, month, day, ...time.value }, { zone: valueZone.value }), options);
}
