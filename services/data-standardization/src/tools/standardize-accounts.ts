import { defineTool, z } from '@a2a-mcp/core';
import { ACCOUNT_TYPES, standardizeAccounts } from '../lib/accounts.js';
import { assertRecordBounds } from '../lib/limits.js';
import { outcomeFields, READ_ONLY_ANNOTATIONS, recordsSchema, summarySchema, type ToolDeps } from './shared.js';

/** Output of one standardized account. */
export const accountSchema = z.object({
  ...outcomeFields,
  account_id: z.string().nullable(),
  account_name: z.string().nullable(),
  account_type: z.enum(ACCOUNT_TYPES).nullable(),
  hierarchy: z.array(z.string()),
  hierarchy_path: z.string().nullable(),
});

/** standardize_accounts: chart-of-accounts records → canonical records. */
export function createStandardizeAccounts({ settings }: ToolDeps) {
  return defineTool({
    name: 'standardize_accounts',
    title: 'Standardize chart-of-accounts records',
    description:
      'Cleans chart-of-accounts records (account_id, account_name, account_type, l1_category..l4_specific or path "Assets > Current Assets > Cash"): trimmed, collapsed whitespace, title case, account_type mapped to asset/liability/equity/revenue/expense from synonyms, hierarchy_path, per-record confidence and issues, and a summary.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(
        settings,
        'Account records; fields: account_id, account_name, account_type, l1_category, l2_subcategory, l3_detail, l4_specific, or path',
      ),
    }),
    output: z.object({ records: z.array(accountSchema), summary: summarySchema }),
    handler: ({ records }, ctx) => {
      assertRecordBounds(records, settings);
      return standardizeAccounts(records, ctx.signal);
    },
    render: (out) =>
      `${out.summary.standardized}/${out.summary.total} accounts standardized, average confidence ${out.summary.average_confidence}`,
  });
}
