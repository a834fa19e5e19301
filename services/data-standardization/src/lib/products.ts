/** Product standardization: normalized ids, cleaned names, category hierarchy, GTIN verified. */
import { checkGtin } from './gtin.js';
import type { LooseRecord } from './limits.js';
import { mapRecords, readHierarchy, RecordScorer, summarise, type RecordOutcome, type Summary } from './records.js';
import { collapseWhitespace, normalizeId } from './text.js';

/** One standardized product. */
export interface StandardizedProduct extends RecordOutcome {
  product_id: string | null;
  product_name: string | null;
  hierarchy: string[];
  hierarchy_path: string | null;
  gtin: string | null;
  /** null when no GTIN was given. */
  gtin_valid: boolean | null;
  gtin_format: string | null;
}

/**
 * Standardizes one product. Names keep their own casing (brands such as "iPhone"), only
 * whitespace is cleaned; categories are title-cased. Confidence starts at 1: missing id −0.3,
 * missing name −0.2, no hierarchy −0.1, invalid GTIN −0.3. A record with neither id nor name fails.
 */
export function standardizeProduct(record: LooseRecord, index: number): StandardizedProduct {
  const scorer = new RecordScorer();
  const id = scorer.text(record, 'product_id', 0.3);
  const name = scorer.text(record, 'product_name', 0.2);
  const hierarchy = readHierarchy(record, scorer);
  if (hierarchy.length === 0) scorer.penalise(0.1, 'no category hierarchy (l1_category.. or path)');
  const rawGtin = scorer.text(record, 'gtin', 0.3, false);
  let gtin: string | null = null;
  let gtinValid: boolean | null = null;
  let gtinFormat: string | null = null;
  if (rawGtin !== null) {
    const check = checkGtin(rawGtin);
    gtin = check.gtin;
    gtinValid = check.valid;
    if (check.valid) gtinFormat = check.format;
    else scorer.penalise(0.3, check.error);
    if (typeof record.gtin === 'number') scorer.note('gtin given as a number: leading zeros may have been lost');
  }
  const failed = id === null && name === null;
  return {
    index,
    status: failed ? 'failed' : 'standardized',
    product_id: id === null ? null : normalizeId(id),
    product_name: name === null ? null : collapseWhitespace(name),
    hierarchy,
    hierarchy_path: hierarchy.length > 0 ? hierarchy.join(' > ') : null,
    gtin,
    gtin_valid: gtinValid,
    gtin_format: gtinFormat,
    confidence: failed ? 0 : scorer.finalConfidence(),
    issues: failed ? [...scorer.issues, 'record has neither product_id nor product_name'] : scorer.issues,
  };
}

/** Standardizes a list of products. */
export function standardizeProducts(
  records: readonly LooseRecord[],
  signal?: AbortSignal,
): { records: StandardizedProduct[]; summary: Summary } {
  const out = mapRecords(records, signal, standardizeProduct);
  return { records: out, summary: summarise(out) };
}
