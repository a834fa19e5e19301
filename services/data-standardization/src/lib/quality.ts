/**
 * Data-quality dimensions over a list of records:
 * - completeness: share of (record, field) cells that are non-empty (strict emptiness), over
 *   `required_fields` or, when none are given, every field seen in any record;
 * - validity: share of records valid against the JSON Schema; not measured (null) without one;
 * - uniqueness: share of records that do not repeat an earlier record's key (`key_fields`, or the
 *   whole record as canonical JSON when none are given);
 * - consistency: share of non-empty cells whose JSON type is the field's most common type.
 * The overall score is the weighted mean of the measured dimensions (weights renormalised).
 */
import { canonicalJson } from './canonical.js';
import { getField, isEmpty } from './fields.js';
import type { LooseRecord } from './limits.js';
import type { SchemaValidator } from './schema.js';
import { jsonType, round } from './text.js';

/** The four dimensions. */
export const DIMENSIONS = ['completeness', 'validity', 'uniqueness', 'consistency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Quality level thresholds (score ≥ threshold). Below `fair` is `poor`. */
export interface Thresholds {
  excellent: number;
  good: number;
  fair: number;
}

/** Default thresholds. */
export const DEFAULT_THRESHOLDS: Thresholds = { excellent: 0.9, good: 0.75, fair: 0.5 };

/** One quality issue. */
export interface QualityIssue {
  dimension: Dimension;
  field: string | null;
  record_index: number;
  message: string;
}

/** Options for assessQuality. */
export interface QualityOptions {
  dimensions: readonly Dimension[];
  weights: Partial<Record<Dimension, number>>;
  thresholds: Thresholds;
  schema?: Record<string, unknown>;
  keyFields?: readonly string[];
  requiredFields?: readonly string[];
  maxIssues: number;
  validator: SchemaValidator;
}

/** Result of assessQuality. */
export interface QualityReport {
  overall_score: number;
  quality_level: 'excellent' | 'good' | 'fair' | 'poor';
  dimension_scores: Partial<Record<Dimension, number | null>>;
  issues: QualityIssue[];
  issue_count: number;
  issues_truncated: boolean;
  recommendations: string[];
}

const RECOMMENDATIONS: Record<Dimension, string> = {
  completeness: 'Fill the missing fields at the source or mark them optional; see the completeness issues for the records.',
  validity: 'Fix the values that break the JSON Schema (types, formats, ranges) or correct the schema.',
  uniqueness: 'Remove or merge duplicate records, or choose key fields that identify a record.',
  consistency: 'Give each field one type across records (e.g. numbers as numbers, not sometimes strings).',
};

/** The quality level of `score`. */
export function qualityLevel(score: number, thresholds: Thresholds): QualityReport['quality_level'] {
  if (score >= thresholds.excellent) return 'excellent';
  if (score >= thresholds.good) return 'good';
  if (score >= thresholds.fair) return 'fair';
  return 'poor';
}

/** Assesses records on the chosen dimensions. */
export function assessQuality(records: readonly LooseRecord[], options: QualityOptions): QualityReport {
  const issues: QualityIssue[] = [];
  let issueCount = 0;
  const push = (issue: QualityIssue) => {
    issueCount++;
    if (issues.length < options.maxIssues) issues.push(issue);
  };
  const n = records.length;
  const allFields =
    options.requiredFields && options.requiredFields.length > 0
      ? [...new Set(options.requiredFields)]
      : [...new Set(records.flatMap((r) => Object.keys(r)))];
  const scores: Partial<Record<Dimension, number | null>> = {};
  for (const dimension of options.dimensions) {
    if (dimension === 'completeness') {
      let present = 0;
      records.forEach((record, index) => {
        for (const field of allFields) {
          if (!isEmpty(getField(record, field))) present++;
          else push({ dimension, field, record_index: index, message: `${field} is missing or empty` });
        }
      });
      const cells = n * allFields.length;
      scores.completeness = cells === 0 ? 0 : round(present / cells);
    } else if (dimension === 'validity') {
      if (!options.schema) {
        scores.validity = null;
        continue;
      }
      const validate = options.validator.compile(options.schema, 'json_schema');
      const problems = options.validator.validate(validate, records);
      let valid = 0;
      problems.forEach((list, index) => {
        if (list.length === 0) valid++;
        for (const p of list)
          push({
            dimension,
            field: p.path === '' ? null : p.path.slice(1).replace(/\//g, '.'),
            record_index: index,
            message: `${p.keyword}: ${p.message}`,
          });
      });
      scores.validity = n === 0 ? 0 : round(valid / n);
    } else if (dimension === 'uniqueness') {
      const seen = new Map<string, number>();
      let unique = 0;
      const keyFields = options.keyFields ?? [];
      records.forEach((record, index) => {
        const key =
          keyFields.length > 0 ? (canonicalJson(keyFields.map((f) => getField(record, f) ?? null)) ?? '') : (canonicalJson(record) ?? '');
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          unique++;
        } else
          push({
            dimension,
            field: keyFields.length > 0 ? keyFields.join(',') : null,
            record_index: index,
            message: `duplicate of record ${first}`,
          });
      });
      scores.uniqueness = n === 0 ? 0 : round(unique / n);
    } else {
      let cells = 0;
      let consistent = 0;
      for (const field of allFields) {
        const types = new Map<string, number>();
        const values = records.map((r) => getField(r, field));
        for (const value of values) if (!isEmpty(value)) types.set(jsonType(value), (types.get(jsonType(value)) ?? 0) + 1);
        // Ties go to the type seen first, so the answer does not depend on Map internals.
        let dominant: string | undefined;
        for (const [type, count] of types) if (dominant === undefined || count > (types.get(dominant) ?? 0)) dominant = type;
        values.forEach((value, index) => {
          if (isEmpty(value)) return;
          cells++;
          if (jsonType(value) === dominant) consistent++;
          else
            push({
              dimension: 'consistency',
              field,
              record_index: index,
              message: `${field} is ${jsonType(value)}; most records have ${dominant}`,
            });
        });
      }
      scores.consistency = cells === 0 ? 1 : round(consistent / cells);
    }
  }
  let weighted = 0;
  let totalWeight = 0;
  for (const dimension of options.dimensions) {
    const score = scores[dimension];
    if (score === null || score === undefined) continue;
    const weight = options.weights[dimension] ?? 1;
    weighted += weight * score;
    totalWeight += weight;
  }
  const overall = totalWeight === 0 ? 0 : round(weighted / totalWeight);
  const recommendations = options.dimensions
    .filter((d) => typeof scores[d] === 'number' && scores[d] < options.thresholds.good)
    .map((d) => RECOMMENDATIONS[d]);
  if (options.dimensions.includes('validity') && !options.schema) recommendations.push('Supply json_schema to measure validity.');
  return {
    overall_score: overall,
    quality_level: qualityLevel(overall, options.thresholds),
    dimension_scores: scores,
    issues,
    issue_count: issueCount,
    issues_truncated: issueCount > issues.length,
    recommendations,
  };
}
