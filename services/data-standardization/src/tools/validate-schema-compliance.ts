import { defineTool, jsonText, z } from '@a2a-mcp/core';
import { compileSafeExpression, isTruthy } from '../lib/expression.js';
import { assertRecordBounds, assertRuleEvaluations } from '../lib/limits.js';
import type { SchemaProblem } from '../lib/schema.js';
import { round } from '../lib/text.js';
import { READ_ONLY_ANNOTATIONS, schemaBounds, schemaText, type ToolDeps } from './shared.js';
import { schemaComplianceTask } from './tasks.js';

const LENIENT_ERRORS = new Set(['required', 'type']);

const problemSchema = z.object({ record_index: z.number().int(), path: z.string(), keyword: z.string(), message: z.string() });

/** validate_schema_compliance: JSON Schema (draft 2020-12) plus sandboxed custom validators. */
export function createValidateSchemaCompliance({ settings }: ToolDeps) {
  return defineTool({
    name: 'validate_schema_compliance',
    title: 'Validate against a JSON Schema',
    description:
      'Validates one record or a list against a JSON Schema (draft 2020-12, ajv with formats) and optional custom validators (filtrex expressions such as `amount > 0 and len(currency) == 3`, sandboxed). validation_level: strict (every schema error, properties not declared in the root `properties` and failed custom validators are errors), standard (schema errors are errors, undeclared properties warnings, custom validators use their level), lenient (only required/type errors are errors; the rest and custom validators are warnings). compliance_score = share of records without errors.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      data: jsonText(
        z.union([
          z.record(z.string(), z.unknown()),
          z
            .array(z.record(z.string(), z.unknown()))
            .max(settings.DS_MAX_RECORDS, `at most DS_MAX_RECORDS=${settings.DS_MAX_RECORDS} records per call`),
        ]),
        { description: 'One record (a JSON object) or an array of records, written as JSON text, e.g. "[{\\"id\\":1}]"' },
      ),
      schema: schemaText('JSON Schema, draft 2020-12'),
      validation_level: z
        .enum(['strict', 'standard', 'lenient'])
        .default('standard')
        .describe('How strictly to judge; see the tool description'),
      custom_validators: z
        .array(
          z.object({
            name: z.string().trim().min(1).max(100).describe('Validator name, reported as the keyword'),
            expression: z
              .string()
              .min(1)
              .describe('filtrex expression evaluated per record; truthy = valid. Fields by name or dotted path'),
            message: z.string().max(500).optional().describe('Message when the record fails'),
            level: z.enum(['error', 'warning']).default('error').describe('Severity under the standard level'),
          }),
        )
        .max(settings.DS_MAX_RULES, `at most DS_MAX_RULES=${settings.DS_MAX_RULES} custom validators`)
        .default([])
        .describe('Extra checks in the sandboxed expression language'),
    }),
    output: z.object({
      is_valid: z.boolean(),
      compliance_score: z.number(),
      records_checked: z.number().int(),
      valid_records: z.number().int(),
      errors: z.array(problemSchema),
      warnings: z.array(problemSchema),
      error_count: z.number().int(),
      warning_count: z.number().int(),
      schema_errors_truncated: z
        .boolean()
        .describe(
          'true when DS_MAX_SCHEMA_ERRORS was reached: the records past it report only their first schema error, so error_count is a lower bound',
        ),
    }),
    handler: async (input, ctx) => {
      const items = Array.isArray(input.data) ? input.data : [input.data];
      const values = assertRecordBounds(items, settings, 'data');
      if (input.custom_validators.length > 0)
        assertRuleEvaluations(items.length, input.custom_validators.length, settings, 'custom_validators');
      const compiled = input.custom_validators.map((v) => ({
        ...v,
        run: compileSafeExpression(v.expression, `custom_validators "${v.name}"`, settings.DS_MAX_EXPRESSION_LENGTH),
      }));
      const level = input.validation_level;
      const declared =
        input.schema.properties !== null && typeof input.schema.properties === 'object'
          ? new Set(Object.keys(input.schema.properties))
          : undefined;
      const errors: SchemaProblem[] = [];
      const warnings: SchemaProblem[] = [];
      let errorCount = 0;
      let warningCount = 0;
      const failing = new Set<number>();
      const add = (problem: SchemaProblem, asError: boolean) => {
        if (asError) {
          errorCount++;
          failing.add(problem.record_index);
          if (errors.length < settings.DS_MAX_ISSUES) errors.push(problem);
        } else {
          warningCount++;
          if (warnings.length < settings.DS_MAX_ISSUES) warnings.push(problem);
        }
      };
      const schemaResult = await ctx.compute(schemaComplianceTask, {
        schema: input.schema,
        items,
        maxSchemaBytes: settings.DS_MAX_SCHEMA_BYTES,
        bounds: schemaBounds(settings),
        values,
      });
      schemaResult.problems.forEach((problems) => {
        for (const p of problems) add(p, level !== 'lenient' || LENIENT_ERRORS.has(p.keyword));
      });
      items.forEach((item, index) => {
        if (declared && level !== 'lenient') {
          for (const key of Object.keys(item)) {
            if (!declared.has(key) && input.schema.additionalProperties === undefined) {
              add(
                {
                  record_index: index,
                  path: `/${key}`,
                  keyword: 'undeclared_property',
                  message: `property "${key}" is not declared in the schema`,
                },
                level === 'strict',
              );
            }
          }
        }
        for (const v of compiled) {
          const result = v.run(item);
          if (result.ok && isTruthy(result.value)) continue;
          const message = result.ok
            ? (v.message ?? `custom validator ${v.name} failed`)
            : `custom validator ${v.name} could not be evaluated: ${result.error}`;
          add(
            { record_index: index, path: '', keyword: v.name, message },
            level === 'strict' || (level === 'standard' && v.level === 'error'),
          );
        }
      });
      const valid = items.length - failing.size;
      return {
        is_valid: failing.size === 0,
        compliance_score: items.length === 0 ? 1 : round(valid / items.length),
        records_checked: items.length,
        valid_records: valid,
        errors,
        warnings,
        error_count: errorCount,
        warning_count: warningCount,
        schema_errors_truncated: schemaResult.truncated,
      };
    },
    render: (out) =>
      `${out.is_valid ? 'valid' : 'invalid'}: ${out.valid_records}/${out.records_checked} records comply, ${out.error_count} errors, ${out.warning_count} warnings`,
  });
}
