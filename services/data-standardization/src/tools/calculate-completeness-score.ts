import { defineTool, jsonText, keyValueList, ServiceError, z } from '@a2a-mcp/core';
import { calculateCompleteness } from '../lib/completeness.js';
import { assertRecordBounds } from '../lib/limits.js';
import { fieldName, READ_ONLY_ANNOTATIONS, recordsSchema, type ToolDeps } from './shared.js';

/** calculate_completeness_score: weighted completeness over required and optional fields. */
export function createCalculateCompletenessScore({ settings }: ToolDeps) {
  return defineTool({
    name: 'calculate_completeness_score',
    title: 'Completeness score',
    description:
      'Completeness of one record or a list: score = Σ weight × (share of records with the field present) / Σ weight over required and optional fields (default weights: required 1, optional 0.5). strict empty handling treats null, blank strings, [] and {} as missing; lenient only null and absent. Returns per-field scores and the missing required fields per record. Dotted paths (address.city) reach nested fields.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      record: jsonText(z.record(z.string(), z.unknown()), {
        description: 'One record (use this or records): a JSON object written as JSON text',
      }).optional(),
      records: recordsSchema(settings, 'Several records (use this or record)').optional(),
      required_fields: z.array(fieldName).max(settings.DS_MAX_FIELDS).default([]).describe('Fields that must be present'),
      optional_fields: z.array(fieldName).max(settings.DS_MAX_FIELDS).default([]).describe('Fields that add to the score when present'),
      field_weights: keyValueList({
        key: ['field', fieldName],
        value: ['weight', z.number().min(0).max(1000)],
        maxItems: settings.DS_MAX_FIELDS,
        description: 'Weight per field as [{"field": "email", "weight": 2}]; default 1 for required, 0.5 for optional',
      }).prefault([]),
      empty_value_handling: z
        .enum(['strict', 'lenient'])
        .default('strict')
        .describe('strict: blank strings, [] and {} count as missing; lenient: only null/absent'),
    }),
    output: z.object({
      score: z.number(),
      required_score: z.number(),
      records_evaluated: z.number().int(),
      complete_records: z.number().int(),
      field_scores: z.array(
        z.object({
          field: z.string(),
          required: z.boolean(),
          weight: z.number(),
          score: z.number(),
          present: z.number().int(),
          missing: z.number().int(),
        }),
      ),
      missing_required: z.array(z.object({ record_index: z.number().int(), fields: z.array(z.string()) })),
    }),
    handler: (input) => {
      if ((input.record === undefined) === (input.records === undefined))
        throw new ServiceError('invalid_arguments', 'give exactly one of record or records', { data: { field: 'record' } });
      if (input.required_fields.length + input.optional_fields.length === 0) {
        throw new ServiceError('invalid_arguments', 'name at least one field in required_fields or optional_fields', {
          data: { field: 'required_fields' },
        });
      }
      const records = input.records ?? [input.record!];
      assertRecordBounds(records, settings);
      return calculateCompleteness(records, {
        requiredFields: input.required_fields,
        optionalFields: input.optional_fields,
        fieldWeights: input.field_weights,
        emptyValueHandling: input.empty_value_handling,
      });
    },
    render: (out) => `completeness ${out.score} over ${out.records_evaluated} record(s), ${out.complete_records} complete`,
  });
}
