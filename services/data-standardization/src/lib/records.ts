/** Pieces shared by the account, location and product standardizers. */
import { readText, titleCase, round, type FieldRead } from './text.js';
import { throwIfAborted, type LooseRecord } from './limits.js';

/** The first field whose name starts with `l<n>_` (l1_category, l2_subcategory, l3_detail, l4_specific, …). */
function levelField(record: LooseRecord, level: number): string | undefined {
  const prefix = `l${level}_`;
  return Object.keys(record).find((key) => key.startsWith(prefix));
}

/** What every standardized record carries besides its own fields. */
export interface RecordOutcome {
  index: number;
  status: 'standardized' | 'failed';
  confidence: number;
  issues: string[];
}

/** Totals over one record type. */
export interface Summary {
  total: number;
  standardized: number;
  failed: number;
  /** standardized / total (0 for no records). */
  success_rate: number;
  /** Mean confidence over all records (0 for no records). */
  average_confidence: number;
}

/** Tracks confidence and issues while one record is standardized. */
export class RecordScorer {
  confidence = 1;
  readonly issues: string[] = [];

  penalise(amount: number, issue: string): void {
    this.confidence -= amount;
    this.issues.push(issue);
  }

  note(issue: string): void {
    this.issues.push(issue);
  }

  /** Reads a text field; missing and wrong-type values are penalised with the given weight. */
  text(record: LooseRecord, field: string, penalty: number, required = true): string | null {
    const read: FieldRead = readText(record, field);
    if (read.kind === 'text') return read.text;
    if (read.kind === 'wrong_type') this.penalise(penalty, `${field} has the wrong type (${read.type})`);
    else if (required) this.penalise(penalty, `missing ${field}`);
    return null;
  }

  finalConfidence(): number {
    return round(Math.min(1, Math.max(0, this.confidence)), 2);
  }
}

/**
 * Hierarchy from the level fields `l1_…`..`l4_…` (`l1_category`, `l2_subcategory`, `l3_detail`,
 * `l4_specific`; any suffix), or else from `path` split on `>`, `|`, `::`
 * or `→`; each level title-cased, empty levels dropped.
 */
export function readHierarchy(record: LooseRecord, scorer: RecordScorer): string[] {
  const levels: string[] = [];
  for (let n = 1; n <= 4; n++) {
    const field = levelField(record, n);
    if (field === undefined) continue;
    const level = scorer.text(record, field, 0.05, false);
    if (level !== null) levels.push(titleCase(level));
  }
  if (levels.length > 0) return levels;
  const path = scorer.text(record, 'path', 0.05, false);
  if (path === null) return [];
  return (
    path
      // No \s* around the separators: each part is trimmed below, and "\s*x\s*" on a long run of
      // blanks backtracks quadratically.
      .split(/>|\||::|→/)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map(titleCase)
  );
}

/** Summarises outcomes. */
export function summarise(outcomes: readonly RecordOutcome[]): Summary {
  const total = outcomes.length;
  const standardized = outcomes.filter((o) => o.status === 'standardized').length;
  const confidence = outcomes.reduce((sum, o) => sum + o.confidence, 0);
  return {
    total,
    standardized,
    failed: total - standardized,
    success_rate: total === 0 ? 0 : round(standardized / total),
    average_confidence: total === 0 ? 0 : round(confidence / total),
  };
}

/** Maps records one by one, checking the abort signal every 500 records. */
export function mapRecords<T>(
  records: readonly LooseRecord[],
  signal: AbortSignal | undefined,
  fn: (record: LooseRecord, index: number) => T,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < records.length; i++) {
    if (i % 500 === 0) throwIfAborted(signal);
    out.push(fn(records[i]!, i));
  }
  return out;
}
