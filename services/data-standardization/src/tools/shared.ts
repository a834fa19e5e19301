/** Schemas and helpers shared by the data-standardization tools. */
import { jsonText, z } from '@a2a-mcp/core';
import type { Settings } from '../settings.js';
import { SchemaValidator } from '../lib/schema.js';

/** Annotations of every read-only tool here: pure computation, same answer for the same input. */
export { READ_ONLY_ANNOTATIONS } from '@a2a-mcp/core';

/**
 * One loosely typed record. Its fields are the caller's, so no schema can list them: the record
 * travels as JSON text (function-calling schemas cannot say "an object with any keys"; see the
 * README's "Input forms"), decoded before the handler sees it.
 */
export const recordText = jsonText(z.record(z.string(), z.unknown()), {
  description: 'One record: a JSON object written as JSON text, e.g. "{\\"name\\":\\"Acme GmbH\\",\\"country\\":\\"DE\\"}"',
});

/** A JSON Schema (draft 2020-12) as JSON text, decoded to an object. */
export function schemaText(description: string) {
  return jsonText(z.record(z.string(), z.unknown()), {
    description: `${description}, written as JSON text (e.g. "{\\"type\\":\\"object\\",\\"required\\":[\\"id\\"]}")`,
  });
}

/** An array of loosely typed records (each JSON text), bounded by DS_MAX_RECORDS (named in the error). */
export function recordsSchema(settings: Settings, description: string) {
  return z
    .array(recordText)
    .max(settings.DS_MAX_RECORDS, `at most DS_MAX_RECORDS=${settings.DS_MAX_RECORDS} records per call`)
    .describe(`${description}; each record is a JSON object written as JSON text`);
}

/** A field name or dotted path. */
export const fieldName = z.string().trim().min(1).max(200);

/** Per-type summary. */
export const summarySchema = z.object({
  total: z.number().int(),
  standardized: z.number().int(),
  failed: z.number().int(),
  success_rate: z.number(),
  average_confidence: z.number(),
});

/** Fields every standardized record carries. */
export const outcomeFields = {
  index: z.number().int().describe('Position of the record in the input'),
  status: z.enum(['standardized', 'failed']),
  confidence: z.number().describe('0..1; see the README for the penalties'),
  issues: z.array(z.string()),
};

/** Shared per-service state built from settings (one ajv instance and its compiled-schema cache). */
export interface ToolDeps {
  settings: Settings;
  validator: SchemaValidator;
}

/** Creates the shared dependencies. */
export function createDeps(settings: Settings): ToolDeps {
  return { settings, validator: new SchemaValidator(settings.DS_MAX_SCHEMA_BYTES, schemaBounds(settings)) };
}

/** The schema-validation bounds of these settings. */
export function schemaBounds(settings: Settings) {
  return { maxErrors: settings.DS_MAX_SCHEMA_ERRORS, maxWork: settings.DS_MAX_SCHEMA_WORK };
}
