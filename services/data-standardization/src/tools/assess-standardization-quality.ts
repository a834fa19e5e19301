import { defineTool, z } from '@a2a-mcp/core';
import { assertRecordBounds } from '../lib/limits.js';
import { compareStandardization } from '../lib/standardization-quality.js';
import { READ_ONLY_ANNOTATIONS, recordsSchema, schemaText, type ToolDeps } from './shared.js';

/** assess_standardization_quality: original vs standardized records against a target schema. */
export function createAssessStandardizationQuality({ settings, validator }: ToolDeps) {
  return defineTool({
    name: 'assess_standardization_quality',
    title: 'Assess a standardization',
    description:
      'Compares original records with their standardized versions (matched by position): regressions (a non-empty field lost or emptied, a record missing), change_rate (share of common fields whose value changed), schema_conformance (share of standardized records valid against target_schema, draft 2020-12) and score = mean of (1 − regression rate) and conformance (just 1 − regression rate without a schema).',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      original: recordsSchema(settings, 'Records before standardization'),
      standardized: recordsSchema(settings, 'The same records after standardization, in the same order'),
      target_schema: schemaText('JSON Schema the standardized records should satisfy').optional(),
    }),
    output: z.object({
      score: z.number(),
      schema_conformance: z.number().nullable(),
      change_rate: z.number(),
      regression_rate: z.number(),
      regressions: z.array(
        z.object({ record_index: z.number().int(), field: z.string().nullable(), kind: z.enum(['lost', 'emptied', 'record_lost']) }),
      ),
      regression_count: z.number().int(),
      records_compared: z.number().int(),
      fields_compared: z.number().int(),
      fields_changed: z.number().int(),
      schema_errors: z.array(z.object({ record_index: z.number().int(), path: z.string(), keyword: z.string(), message: z.string() })),
    }),
    handler: ({ original, standardized, target_schema }) => {
      assertRecordBounds(original, settings, 'original');
      assertRecordBounds(standardized, settings, 'standardized');
      const problems = target_schema ? validator.validate(validator.compile(target_schema, 'target_schema'), standardized) : undefined;
      return compareStandardization(original, standardized, problems, settings.DS_MAX_ISSUES);
    },
    render: (out) => `standardization score ${out.score}: ${out.regression_count} regressions, change rate ${out.change_rate}`,
  });
}
