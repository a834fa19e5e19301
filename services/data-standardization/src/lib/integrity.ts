/** Integrity checks: canonical-JSON checksum, duplicate keys, referential integrity, row count. */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import { getField } from './fields.js';

/**
 * sha256 (hex) of the records' canonical JSON: RFC 8785 (JCS) via the `canonicalize` package,
 * so key order and whitespace do not change the checksum, but any value change does.
 */
export function canonicalChecksum(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(value) ?? 'null', 'utf8')
    .digest('hex');
}

/** Groups of records sharing the same key (only groups with two or more records). */
export function findDuplicateKeys(
  records: readonly unknown[],
  keyFields: readonly string[],
): { key: unknown[]; record_indices: number[] }[] {
  const groups = new Map<string, { key: unknown[]; record_indices: number[] }>();
  records.forEach((record, index) => {
    const key = keyFields.map((f) => getField(record, f) ?? null);
    const id = canonicalJson(key) ?? '';
    const group = groups.get(id);
    if (group) group.record_indices.push(index);
    else groups.set(id, { key, record_indices: [index] });
  });
  return [...groups.values()].filter((g) => g.record_indices.length > 1);
}

/**
 * Records whose `field` value is not in `reference`. Values are compared as text (`1` and `"1"`
 * match: ids travel as both). Null or missing values are orphans unless `allowNull`.
 */
export function findOrphans(
  records: readonly unknown[],
  field: string,
  reference: readonly (string | number | boolean)[],
  allowNull: boolean,
): { record_index: number; value: unknown }[] {
  const known = new Set(reference.map(String));
  const orphans: { record_index: number; value: unknown }[] = [];
  records.forEach((record, index) => {
    const value = getField(record, field);
    if (value === undefined || value === null) {
      if (!allowNull) orphans.push({ record_index: index, value: value ?? null });
      return;
    }
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (!primitive || !known.has(String(value))) orphans.push({ record_index: index, value });
  });
  return orphans;
}
