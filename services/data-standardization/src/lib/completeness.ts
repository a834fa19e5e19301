/** Weighted completeness of records over required and optional fields. */
import { getField, isEmpty, type EmptyHandling } from './fields.js';
import { round } from './text.js';

/** Inputs of calculateCompleteness. */
export interface CompletenessOptions {
  requiredFields: readonly string[];
  optionalFields: readonly string[];
  /** Per-field weight; default 1 for required and 0.5 for optional fields. */
  fieldWeights: Readonly<Record<string, number>>;
  emptyValueHandling: EmptyHandling;
}

/** Per-field result. */
export interface FieldCompleteness {
  field: string;
  required: boolean;
  weight: number;
  /** Fraction of records in which the field is present. */
  score: number;
  present: number;
  missing: number;
}

/** Result of calculateCompleteness. */
export interface Completeness {
  /** Σ weight·field score / Σ weight over required and optional fields. */
  score: number;
  /** Share of (record, required field) cells present; 1 when there are no required fields. */
  required_score: number;
  records_evaluated: number;
  /** Records with every required field present. */
  complete_records: number;
  field_scores: FieldCompleteness[];
  missing_required: { record_index: number; fields: string[] }[];
}

/**
 * Scores completeness. A field listed both as required and optional counts as required.
 *
 * @example calculateCompleteness([{ a: 1, b: '' }], { requiredFields: ['a', 'b'], optionalFields: [], fieldWeights: {}, emptyValueHandling: 'strict' }).score // 0.5
 */
export function calculateCompleteness(records: readonly unknown[], options: CompletenessOptions): Completeness {
  const required = [...new Set(options.requiredFields)];
  const optional = [...new Set(options.optionalFields)].filter((f) => !required.includes(f));
  const fields = [...required.map((field) => ({ field, required: true })), ...optional.map((field) => ({ field, required: false }))];
  const n = records.length;
  const missingRequired: { record_index: number; fields: string[] }[] = [];
  const presentCounts = new Map<string, number>(fields.map((f) => [f.field, 0]));
  records.forEach((record, index) => {
    const missing: string[] = [];
    for (const { field, required: isRequired } of fields) {
      if (!isEmpty(getField(record, field), options.emptyValueHandling)) presentCounts.set(field, (presentCounts.get(field) ?? 0) + 1);
      else if (isRequired) missing.push(field);
    }
    if (missing.length > 0) missingRequired.push({ record_index: index, fields: missing });
  });
  const fieldScores = fields.map(({ field, required: isRequired }) => {
    const present = presentCounts.get(field) ?? 0;
    const weight = Object.hasOwn(options.fieldWeights, field) ? options.fieldWeights[field]! : isRequired ? 1 : 0.5;
    return { field, required: isRequired, weight, score: n === 0 ? 0 : round(present / n), present, missing: n - present };
  });
  const totalWeight = fieldScores.reduce((s, f) => s + f.weight, 0);
  const weighted = fieldScores.reduce((s, f) => s + f.weight * (n === 0 ? 0 : (presentCounts.get(f.field) ?? 0) / n), 0);
  const requiredCells = required.length * n;
  const requiredPresent = required.reduce((s, f) => s + (presentCounts.get(f) ?? 0), 0);
  return {
    score: totalWeight === 0 ? 0 : round(weighted / totalWeight),
    required_score: requiredCells === 0 ? 1 : round(requiredPresent / requiredCells),
    records_evaluated: n,
    complete_records: n - missingRequired.length,
    field_scores: fieldScores,
    missing_required: missingRequired,
  };
}
