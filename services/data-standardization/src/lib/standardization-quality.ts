/**
 * How good a standardization was: compares original and standardized records field by field.
 * - regressions: a field non-empty in the original that is absent (`lost`) or empty (`emptied`)
 *   in the standardized record, and original records with no standardized counterpart
 *   (`record_lost`, field null);
 * - change_rate: share of fields present in both whose value changed (canonical JSON compare);
 * - schema_conformance: share of standardized records valid against the target schema (null
 *   without one);
 * - score: mean of (1 − regression rate) and schema conformance when measured, where regression
 *   rate = regressions / non-empty original cells.
 */
import { canonicalJson } from './canonical.js';
import { isEmpty } from './fields.js';
import type { LooseRecord } from './limits.js';
import type { SchemaProblem } from './schema.js';
import { round } from './text.js';

/** One regression. */
export interface Regression {
  record_index: number;
  field: string | null;
  kind: 'lost' | 'emptied' | 'record_lost';
}

/** Result of compareStandardization. */
export interface StandardizationQuality {
  score: number;
  schema_conformance: number | null;
  change_rate: number;
  regression_rate: number;
  regressions: Regression[];
  regression_count: number;
  records_compared: number;
  fields_compared: number;
  fields_changed: number;
  schema_errors: SchemaProblem[];
}

/** Compares `original` with `standardized`; `schemaProblems` are the target-schema problems per standardized record. */
export function compareStandardization(
  original: readonly LooseRecord[],
  standardized: readonly LooseRecord[],
  schemaProblems: SchemaProblem[][] | undefined,
  maxIssues: number,
): StandardizationQuality {
  const regressions: Regression[] = [];
  let regressionCount = 0;
  const push = (r: Regression) => {
    regressionCount++;
    if (regressions.length < maxIssues) regressions.push(r);
  };
  let originalCells = 0;
  let compared = 0;
  let changed = 0;
  original.forEach((before, index) => {
    const after = standardized[index];
    const filled = Object.keys(before).filter((key) => !isEmpty(before[key]));
    originalCells += filled.length;
    if (after === undefined) {
      push({ record_index: index, field: null, kind: 'record_lost' });
      // A lost record loses every non-empty field: count them all in the rate, list the record once.
      regressionCount += Math.max(0, filled.length - 1);
      return;
    }
    for (const key of filled) {
      if (!Object.hasOwn(after, key)) push({ record_index: index, field: key, kind: 'lost' });
      else if (isEmpty(after[key])) push({ record_index: index, field: key, kind: 'emptied' });
    }
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) continue;
      compared++;
      if (canonicalJson(before[key]) !== canonicalJson(after[key])) changed++;
    }
  });
  const regressionRate = originalCells === 0 ? 0 : Math.min(1, regressionCount / originalCells);
  let conformance: number | null = null;
  const schemaErrors: SchemaProblem[] = [];
  if (schemaProblems) {
    const valid = schemaProblems.filter((p) => p.length === 0).length;
    conformance = standardized.length === 0 ? 0 : round(valid / standardized.length);
    for (const list of schemaProblems) for (const p of list) if (schemaErrors.length < maxIssues) schemaErrors.push(p);
  }
  const score = conformance === null ? 1 - regressionRate : (1 - regressionRate + conformance) / 2;
  return {
    score: round(score),
    schema_conformance: conformance,
    change_rate: compared === 0 ? 0 : round(changed / compared),
    regression_rate: round(regressionRate),
    regressions,
    regression_count: regressionCount,
    records_compared: Math.min(original.length, standardized.length),
    fields_compared: compared,
    fields_changed: changed,
    schema_errors: schemaErrors,
  };
}
