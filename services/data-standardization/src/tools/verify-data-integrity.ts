import { defineTool, jsonText, z } from '@a2a-mcp/core';
import { canonicalChecksum, findDuplicateKeys, findOrphans } from '../lib/integrity.js';
import { assertRecordBounds } from '../lib/limits.js';
import { fieldName, READ_ONLY_ANNOTATIONS, recordsSchema, type ToolDeps } from './shared.js';

const checkResult = z.object({ check: z.string(), passed: z.boolean(), message: z.string(), details: z.record(z.string(), z.unknown()) });

/** verify_data_integrity: checksum, duplicate keys, referential integrity, row count. */
export function createVerifyDataIntegrity({ settings }: ToolDeps) {
  return defineTool({
    name: 'verify_data_integrity',
    title: 'Verify data integrity',
    description:
      'Checks records: sha256 of their canonical JSON (RFC 8785: sorted keys, no whitespace; key order does not matter, any value change does) against a baseline checksum, duplicate keys over key_fields, referential integrity of fields against supplied reference sets (values compared as text), and the row count against a baseline within a relative tolerance. intact = every requested check passed. The checksum is always returned.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(settings, 'The records to verify'),
      checks: z
        .object({
          checksum: z
            .object({
              baseline: z
                .string()
                .regex(/^[0-9a-fA-F]{64}$/)
                .describe('Expected sha256 (hex) of the canonical JSON'),
            })
            .optional()
            .describe('Compare the checksum with a baseline'),
          duplicate_keys: z
            .object({ key_fields: z.array(fieldName).min(1).max(50).describe('Fields forming the key') })
            .optional()
            .describe('Find records sharing a key'),
          referential_integrity: z
            .array(
              z.object({
                field: fieldName.describe('Field (or dotted path) holding the reference'),
                reference_set: jsonText(
                  z.array(z.union([z.string().max(1000), z.number(), z.boolean()])).max(settings.DS_MAX_RECORDS * 10),
                  {
                    description:
                      'Allowed values: a JSON array of strings, numbers and booleans written as JSON text, e.g. "[\\"C1\\",\\"C2\\",3]" (a value matches only its own type)',
                  },
                ),
                name: z.string().max(100).optional().describe('Name for the report, e.g. "customers"'),
                allow_null: z.boolean().default(true).describe('Whether null or missing values are allowed'),
              }),
            )
            .max(50)
            .optional()
            .describe('Fields that must reference known values'),
          row_count: z
            .object({
              baseline: z.number().int().min(0).describe('Expected number of records'),
              tolerance: z.number().min(0).max(1).default(0).describe('Allowed relative difference, e.g. 0.05 for ±5 %'),
            })
            .optional()
            .describe('Compare the number of records with a baseline'),
        })
        .default({})
        .describe('Which checks to run'),
    }),
    output: z.object({ intact: z.boolean(), checksum: z.string(), record_count: z.number().int(), results: z.array(checkResult) }),
    handler: ({ records, checks }) => {
      assertRecordBounds(records, settings);
      const checksum = canonicalChecksum(records);
      const results: z.input<typeof checkResult>[] = [];
      if (checks.checksum) {
        const passed = checks.checksum.baseline.toLowerCase() === checksum;
        results.push({
          check: 'checksum',
          passed,
          message: passed ? 'checksum matches the baseline' : 'checksum differs from the baseline',
          details: { expected: checks.checksum.baseline.toLowerCase(), actual: checksum },
        });
      }
      if (checks.duplicate_keys) {
        const duplicates = findDuplicateKeys(records, checks.duplicate_keys.key_fields);
        results.push({
          check: 'duplicate_keys',
          passed: duplicates.length === 0,
          message: duplicates.length === 0 ? 'no duplicate keys' : `${duplicates.length} key(s) appear more than once`,
          details: { key_fields: checks.duplicate_keys.key_fields, duplicates: duplicates.slice(0, settings.DS_MAX_ISSUES) },
        });
      }
      for (const ref of checks.referential_integrity ?? []) {
        const orphans = findOrphans(records, ref.field, ref.reference_set, ref.allow_null);
        const label = ref.name ?? ref.field;
        results.push({
          check: `referential_integrity:${label}`,
          passed: orphans.length === 0,
          message:
            orphans.length === 0 ? `every ${ref.field} is in ${label}` : `${orphans.length} record(s) reference values not in ${label}`,
          details: { field: ref.field, orphan_count: orphans.length, orphans: orphans.slice(0, settings.DS_MAX_ISSUES) },
        });
      }
      if (checks.row_count) {
        const { baseline, tolerance } = checks.row_count;
        const difference = records.length - baseline;
        const allowed = tolerance * baseline;
        const passed = Math.abs(difference) <= allowed + 1e-9;
        results.push({
          check: 'row_count',
          passed,
          message: passed
            ? `${records.length} rows, within tolerance of ${baseline}`
            : `${records.length} rows, expected ${baseline} ± ${allowed}`,
          details: { expected: baseline, actual: records.length, difference, tolerance },
        });
      }
      return { intact: results.every((r) => r.passed), checksum, record_count: records.length, results };
    },
    render: (out) =>
      `${out.intact ? 'intact' : 'NOT intact'}: ${out.results.filter((r) => r.passed).length}/${out.results.length} checks passed; sha256 ${out.checksum}`,
  });
}
