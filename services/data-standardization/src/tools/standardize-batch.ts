import { randomUUID } from 'node:crypto';
import { defineTool, z } from '@a2a-mcp/core';
import { assertRecordBounds, assertRecordCount } from '../lib/limits.js';
import { round } from '../lib/text.js';
import { READ_ONLY_ANNOTATIONS, recordsSchema, summarySchema, type ToolDeps } from './shared.js';
import { accountSchema } from './standardize-accounts.js';
import { locationSchema } from './standardize-locations.js';
import { productSchema } from './standardize-products.js';
import { batchTask } from './tasks.js';

/** standardize_batch: accounts, locations and products in one call. */
export function createStandardizeBatch({ settings }: ToolDeps) {
  return defineTool({
    name: 'standardize_batch',
    title: 'Standardize a mixed batch',
    description:
      'Standardizes {account?, location?, product?} record arrays in one call (same rules as standardize_accounts/locations/products) and adds batch_summary: batch id, totals, overall confidence (mean over all records) and processing time. DS_MAX_RECORDS bounds the sum of all arrays.',
    permission: 'read',
    annotations: { ...READ_ONLY_ANNOTATIONS, idempotentHint: false },
    input: z.object({
      account: recordsSchema(settings, 'Account records').optional(),
      location: recordsSchema(settings, 'Location records').optional(),
      product: recordsSchema(settings, 'Product records').optional(),
    }),
    output: z.object({
      account: z.object({ records: z.array(accountSchema), summary: summarySchema }).optional(),
      location: z.object({ records: z.array(locationSchema), summary: summarySchema }).optional(),
      product: z.object({ records: z.array(productSchema), summary: summarySchema }).optional(),
      batch_summary: z.object({
        batch_id: z.string(),
        total_records: z.number().int(),
        standardized: z.number().int(),
        failed: z.number().int(),
        success_rate: z.number(),
        overall_confidence: z.number(),
        processing_time_ms: z.number(),
      }),
    }),
    handler: async (input, ctx) => {
      const started = performance.now();
      assertRecordCount((input.account?.length ?? 0) + (input.location?.length ?? 0) + (input.product?.length ?? 0), settings);
      for (const type of ['account', 'location', 'product'] as const) assertRecordBounds(input[type] ?? [], settings, type);
      const { account, location, product } = await ctx.compute(batchTask, {
        account: input.account,
        location: input.location,
        product: input.product,
      });
      const parts = [account, location, product].filter((p) => p !== undefined);
      const total = parts.reduce((s, p) => s + p.summary.total, 0);
      const standardized = parts.reduce((s, p) => s + p.summary.standardized, 0);
      const confidence = parts.reduce((s, p) => s + p.records.reduce((sum: number, r: { confidence: number }) => sum + r.confidence, 0), 0);
      return {
        ...(account ? { account } : {}),
        ...(location ? { location } : {}),
        ...(product ? { product } : {}),
        batch_summary: {
          batch_id: randomUUID(),
          total_records: total,
          standardized,
          failed: total - standardized,
          success_rate: total === 0 ? 0 : round(standardized / total),
          overall_confidence: total === 0 ? 0 : round(confidence / total),
          processing_time_ms: round(performance.now() - started, 3),
        },
      };
    },
    render: (out) =>
      `batch ${out.batch_summary.batch_id}: ${out.batch_summary.standardized}/${out.batch_summary.total_records} records standardized, overall confidence ${out.batch_summary.overall_confidence}`,
  });
}
