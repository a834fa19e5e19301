/** Schemas and helpers shared by the data-standardization tools. */
import { z } from '@a2a-mcp/core';
import type { Settings } from '../settings.js';
import { SchemaValidator } from '../lib/schema.js';

/** Annotations of every read-only tool here: pure computation, same answer for the same input. */
export const READ_ONLY = { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false } as const;

/** An array of loosely typed records, bounded by DS_MAX_RECORDS (named in the error). */
export function recordsSchema(settings: Settings, description: string) {
  return z
    .array(z.record(z.string(), z.unknown()))
    .max(settings.DS_MAX_RECORDS, `at most DS_MAX_RECORDS=${settings.DS_MAX_RECORDS} records per call`)
    .describe(description);
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
  return { settings, validator: new SchemaValidator(settings.DS_MAX_SCHEMA_BYTES) };
}
