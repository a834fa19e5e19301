import { defineTool, z } from '@a2a-mcp/core';
import { assertRecordBounds } from '../lib/limits.js';
import { standardizeProducts } from '../lib/products.js';
import { outcomeFields, READ_ONLY_ANNOTATIONS, recordsSchema, summarySchema, type ToolDeps } from './shared.js';

/** Output of one standardized product. */
export const productSchema = z.object({
  ...outcomeFields,
  product_id: z.string().nullable(),
  product_name: z.string().nullable(),
  hierarchy: z.array(z.string()),
  hierarchy_path: z.string().nullable(),
  gtin: z.string().nullable(),
  gtin_valid: z.boolean().nullable().describe('null when no gtin was given'),
  gtin_format: z.string().nullable(),
});

/** standardize_products: product records → normalized ids, hierarchy, verified GTINs. */
export function createStandardizeProducts({ settings }: ToolDeps) {
  return defineTool({
    name: 'standardize_products',
    title: 'Standardize product records',
    description:
      'Cleans product records (product_id, product_name, l1_category..l4_specific or path, optional gtin): ids normalized (upper case, dashes), names whitespace-cleaned, categories title-cased into a hierarchy, GTIN-8/12/13/14 check digit verified (GS1 mod 10).',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(
        settings,
        'Product records; fields: product_id, product_name, l1_category, l2_subcategory, l3_detail, l4_specific or path, gtin',
      ),
    }),
    output: z.object({ records: z.array(productSchema), summary: summarySchema }),
    handler: ({ records }, ctx) => {
      assertRecordBounds(records, settings);
      return standardizeProducts(records, ctx.signal);
    },
    render: (out) =>
      `${out.summary.standardized}/${out.summary.total} products standardized, average confidence ${out.summary.average_confidence}`,
  });
}
