import { defineTool, z } from '@a2a-mcp/core';
import { assertRecordBounds } from '../lib/limits.js';
import { standardizeLocations } from '../lib/locations.js';
import { outcomeFields, READ_ONLY_ANNOTATIONS, recordsSchema, summarySchema, type ToolDeps } from './shared.js';

/** Output of one standardized location. */
export const locationSchema = z.object({
  ...outcomeFields,
  location_id: z.string().nullable(),
  name: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  country: z.string().nullable().describe('ISO 3166-1 alpha-2'),
  country_alpha3: z.string().nullable(),
  country_name: z.string().nullable().describe('English name'),
  region: z.string().nullable(),
});

/** standardize_locations: location records → ISO 3166 countries, regions, fixed casing. */
export function createStandardizeLocations({ settings }: ToolDeps) {
  return defineTool({
    name: 'standardize_locations',
    title: 'Standardize location records',
    description:
      'Cleans location records (location_id, name, region, country, state, city): country resolved to ISO 3166-1 alpha-2/alpha-3 and English name from codes, names in 14 languages ("Deutschland") or aliases ("U.S.A.", "UK", "Holland"); region filled from the country when missing; casing fixed. Unknown countries are reported, never guessed.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(settings, 'Location records; fields: location_id, name, region, country, state, city'),
    }),
    output: z.object({ records: z.array(locationSchema), summary: summarySchema }),
    handler: ({ records }, ctx) => {
      assertRecordBounds(records, settings);
      return standardizeLocations(records, ctx.signal);
    },
    render: (out) =>
      `${out.summary.standardized}/${out.summary.total} locations standardized, average confidence ${out.summary.average_confidence}`,
  });
}
