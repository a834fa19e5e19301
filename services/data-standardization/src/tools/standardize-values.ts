import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { isCurrencyCode } from '../lib/currency.js';
import { isValidZone } from '../lib/dates.js';
import { assertValueBounds } from '../lib/limits.js';
import { VALUE_KINDS } from '../lib/values.js';
import { READ_ONLY_ANNOTATIONS, type ToolDeps } from './shared.js';
import { valuesTask } from './tasks.js';

/** standardize_values: raw values of one kind → canonical values or per-value errors. */
export function createStandardizeValues({ settings }: ToolDeps) {
  return defineTool({
    name: 'standardize_values',
    title: 'Standardize raw values',
    description:
      'Standardizes a list of raw values of one kind: date (→ YYYY-MM-DD), datetime (→ ISO 8601 with offset, time-zone aware), phone (→ E.164), email (→ lower case), currency_amount ("€1.234,56" → {amount: "1234.56", currency: "EUR"}), country (→ {alpha2, alpha3, name}), number (locale separators → decimal string), boolean (yes/no/y/n/1/0/true/false). Each value gets `value` or `error`; one bad value never fails the call. Ambiguous numeric dates (01/02/2025) follow day_first (default false: month first).',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      kind: z.enum(VALUE_KINDS).describe('What the values are'),
      values: z
        .array(z.string())
        .max(settings.DS_MAX_RECORDS, `at most DS_MAX_RECORDS=${settings.DS_MAX_RECORDS} values per call`)
        .describe('Raw values as text; write numbers and booleans as text too ("1234.5", "true")'),
      options: z
        .object({
          day_first: z
            .boolean()
            .default(false)
            .describe(
              'Read ambiguous numeric dates as day/month (31/12 style); default false (month/day). Dotted dates are always day first',
            ),
          input_formats: z
            .array(z.string().min(1).max(100))
            .max(20)
            .optional()
            .describe('luxon format tokens to try instead of detection, e.g. "dd.MM.yyyy HH:mm"'),
          timezone: z
            .string()
            .max(64)
            .optional()
            .describe(`IANA zone for date-times without an offset; default ${settings.DS_DEFAULT_TIMEZONE}`),
          output_timezone: z
            .string()
            .max(64)
            .optional()
            .describe('Convert date-times to this IANA zone; default: keep the zone they were read in'),
          default_country: z
            .string()
            .regex(/^[A-Za-z]{2}$/)
            .optional()
            .describe(`ISO alpha-2 country for phone numbers without +country code; default ${settings.DS_DEFAULT_PHONE_COUNTRY}`),
          default_currency: z
            .string()
            .regex(/^[A-Za-z]{3}$/)
            .optional()
            .describe('ISO 4217 code for amounts with no symbol or code'),
          decimal_separator: z
            .enum(['auto', '.', ','])
            .default('auto')
            .describe('Decimal separator for number and currency_amount; auto decides per value (see README)'),
        })
        .default({ day_first: false, decimal_separator: 'auto' })
        .describe('Parsing options'),
    }),
    output: z.object({
      kind: z.enum(VALUE_KINDS),
      results: z.array(
        z.object({ index: z.number().int(), input: z.unknown(), value: z.unknown().optional(), error: z.string().optional() }),
      ),
      summary: z.object({ total: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
    }),
    handler: async ({ kind, values, options }, ctx) => {
      assertValueBounds(values, settings);
      const timezone = options.timezone ?? settings.DS_DEFAULT_TIMEZONE;
      for (const [field, zone] of [
        ['options.timezone', timezone],
        ['options.output_timezone', options.output_timezone],
      ] as const) {
        if (zone !== undefined && !isValidZone(zone))
          throw new ServiceError('invalid_arguments', `${field} "${zone}" is not an IANA time zone (e.g. Europe/Berlin)`, {
            data: { field },
          });
      }
      const currency = options.default_currency?.toUpperCase();
      if (currency !== undefined && !isCurrencyCode(currency))
        throw new ServiceError('invalid_arguments', `options.default_currency "${currency}" is not an ISO 4217 code`, {
          data: { field: 'options.default_currency' },
        });
      const parseOptions = {
        dayFirst: options.day_first,
        timezone,
        defaultCountry: (options.default_country ?? settings.DS_DEFAULT_PHONE_COUNTRY).toUpperCase(),
        decimalSeparator: options.decimal_separator,
        ...(options.input_formats ? { inputFormats: options.input_formats } : {}),
        ...(options.output_timezone ? { outputTimezone: options.output_timezone } : {}),
        ...(currency ? { defaultCurrency: currency } : {}),
      };
      const { results, failed } = await ctx.compute(valuesTask, { kind, values, options: parseOptions });
      return { kind, results, summary: { total: values.length, succeeded: values.length - failed, failed } };
    },
    render: (out) => `${out.summary.succeeded}/${out.summary.total} ${out.kind} values standardized`,
  });
}
