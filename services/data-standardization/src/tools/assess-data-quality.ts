import { defineTool, z } from '@a2a-mcp/core';
import { assertRecordBounds } from '../lib/limits.js';
import { assessQuality, DEFAULT_THRESHOLDS, DIMENSIONS } from '../lib/quality.js';
import { fieldName, READ_ONLY_ANNOTATIONS, recordsSchema, schemaText, type ToolDeps } from './shared.js';

const weight = z.number().min(0).max(1000);

/** Output schema of a quality report (shared with the workflow). */
export const qualityReportSchema = z.object({
  overall_score: z.number(),
  quality_level: z.enum(['excellent', 'good', 'fair', 'poor']),
  dimension_scores: z.record(z.string(), z.number().nullable()).describe('null: not measured (validity without json_schema)'),
  issues: z.array(
    z.object({ dimension: z.enum(DIMENSIONS), field: z.string().nullable(), record_index: z.number().int(), message: z.string() }),
  ),
  issue_count: z.number().int(),
  issues_truncated: z.boolean(),
  recommendations: z.array(z.string()),
});

/** assess_data_quality: completeness, validity, uniqueness and consistency of records. */
export function createAssessDataQuality({ settings, validator }: ToolDeps) {
  return defineTool({
    name: 'assess_data_quality',
    title: 'Assess data quality',
    description:
      "Scores records on completeness (non-empty cells), validity (records valid against an optional JSON Schema), uniqueness (records not repeating an earlier key) and consistency (cells of their field's dominant type); overall_score is the weighted mean of measured dimensions; quality_level from thresholds (excellent 0.9, good 0.75, fair 0.5); issues name dimension, field and record index.",
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(settings, 'The records to assess'),
      dimensions: z
        .array(z.enum(DIMENSIONS))
        .min(1)
        .default([...DIMENSIONS])
        .describe('Dimensions to measure; default all four'),
      weights: z
        .object({
          completeness: weight.optional(),
          validity: weight.optional(),
          uniqueness: weight.optional(),
          consistency: weight.optional(),
        })
        .default({})
        .describe('Weight per dimension; default 1 each'),
      thresholds: z
        .object({ excellent: z.number().min(0).max(1), good: z.number().min(0).max(1), fair: z.number().min(0).max(1) })
        .default(DEFAULT_THRESHOLDS)
        .describe('Minimum overall score for each quality level'),
      json_schema: schemaText('JSON Schema (draft 2020-12) each record should satisfy; enables validity').optional(),
      key_fields: z.array(fieldName).max(50).optional().describe('Fields identifying a record for uniqueness; default the whole record'),
      required_fields: z
        .array(fieldName)
        .max(1000)
        .optional()
        .describe('Fields counted by completeness and consistency; default every field seen'),
    }),
    output: qualityReportSchema,
    handler: (input) => {
      assertRecordBounds(input.records, settings);
      return assessQuality(input.records, {
        dimensions: [...new Set(input.dimensions)],
        weights: input.weights,
        thresholds: input.thresholds,
        ...(input.json_schema ? { schema: input.json_schema } : {}),
        ...(input.key_fields ? { keyFields: input.key_fields } : {}),
        ...(input.required_fields ? { requiredFields: input.required_fields } : {}),
        maxIssues: settings.DS_MAX_ISSUES,
        validator,
      });
    },
    render: (out) => `quality ${out.quality_level} (${out.overall_score}), ${out.issue_count} issues`,
  });
}
