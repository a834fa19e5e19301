import { z } from '@a2a-mcp/core';
import { isValidZone } from './lib/dates.js';

const positiveInt = (fallback: number, max = 10_000_000) => z.coerce.number().int().positive().max(max).default(fallback);

/**
 * The data-standardization settings, read from the environment by `loadSettings`. Every bound on
 * caller input lives here so operators can raise or lower it without a code change.
 */
export const settingsSchema = z.object({
  /** Records (or values) per call, summed over all arrays of one call. */
  DS_MAX_RECORDS: positiveInt(10_000),
  /** Top-level fields per record. */
  DS_MAX_FIELDS: positiveInt(200, 100_000),
  /** Characters in any one string inside a record or value list. */
  DS_MAX_STRING_LENGTH: positiveInt(10_000),
  /** Characters in one business-rule or custom-validator expression. */
  DS_MAX_EXPRESSION_LENGTH: positiveInt(1_000, 100_000),
  /** Rules (or custom validators) per call. */
  DS_MAX_RULES: positiveInt(100, 10_000),
  /**
   * Rule evaluations per call: records × rules (validate_business_rules) or records × custom
   * validators (validate_schema_compliance). Each evaluation may list one violation of up to
   * ~800 characters, so this also bounds the answer.
   */
  DS_MAX_RULE_EVALUATIONS: positiveInt(100_000, 100_000_000),
  /** Size of a supplied JSON Schema, as canonical JSON characters. */
  DS_MAX_SCHEMA_BYTES: positiveInt(100_000),
  /**
   * JSON Schema errors gathered per call (validate_schema_compliance, assess_data_quality,
   * assess_standardization_quality): a failing record gets every error while its worst case
   * (values × schema size) fits in what is left, else its first error only (reported as truncated).
   */
  DS_MAX_SCHEMA_ERRORS: positiveInt(10_000, 1_000_000),
  /** Instance values × expanded schema size (local $refs counted with their targets) per call. */
  DS_MAX_SCHEMA_WORK: positiveInt(500_000_000, 1e12),
  /** Issues, errors or violations listed in one answer (the counts stay exact). */
  DS_MAX_ISSUES: positiveInt(1_000),
  /** IANA zone for date-times that carry no offset. */
  DS_DEFAULT_TIMEZONE: z
    .string()
    .default('UTC')
    // isValidZone loads luxon only for a zone other than UTC (the default).
    .refine((zone) => isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin'),
  /** ISO 3166-1 alpha-2 country for phone numbers written without a +country code. */
  DS_DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US')
    .default('US'),
  /** How long workflow results stay readable as standardization://workflows/{id}. */
  DS_WORKFLOW_TTL_MS: positiveInt(86_400_000, 30 * 86_400_000),
});

/** Parsed settings. */
export type Settings = z.output<typeof settingsSchema>;
