import { defineTool, z } from '@a2a-mcp/core';
import { compileSafeExpression, isTruthy } from '../lib/expression.js';
import { assertRecordBounds, assertRuleEvaluations, throwIfAborted } from '../lib/limits.js';
import { READ_ONLY_ANNOTATIONS, recordsSchema, type ToolDeps } from './shared.js';

const LEVELS = ['error', 'warning', 'info'] as const;

/** validate_business_rules: sandboxed rule expressions evaluated per record. */
export function createValidateBusinessRules({ settings }: ToolDeps) {
  return defineTool({
    name: 'validate_business_rules',
    title: 'Validate business rules',
    description:
      'Evaluates rules [{id, expression, level, message}] on every record. Expressions use filtrex (sandboxed: no eval, no Function on caller text, no globals or prototypes): fields by name or dotted path, + - * / ^ mod, == != < <= > >=, and/or/not, `x in ("a","b")`, `if c then a else b`, functions abs ceil floor round min max sqrt log exists empty len lower upper trim contains starts_with ends_with is_number is_string number. A rule passes when its expression is truthy; a rule that cannot be evaluated (e.g. a missing field compared with a number) counts as a violation with the reason.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      records: recordsSchema(settings, 'The records to check'),
      rules: z
        .array(
          z.object({
            id: z.string().trim().min(1).max(100).describe('Rule id, reported with each violation'),
            expression: z.string().min(1).describe('filtrex expression; truthy means the record satisfies the rule'),
            level: z.enum(LEVELS).default('error').describe('Severity of a violation'),
            message: z.string().max(500).optional().describe('Message for a violation; default "rule <id> violated"'),
          }),
        )
        .min(1)
        .max(settings.DS_MAX_RULES, `at most DS_MAX_RULES=${settings.DS_MAX_RULES} rules`)
        .describe('The rules'),
    }),
    output: z.object({
      valid: z.boolean().describe('No error-level violations'),
      results: z.array(
        z.object({
          record_index: z.number().int(),
          passed: z.boolean(),
          violations: z.array(z.object({ rule_id: z.string(), level: z.enum(LEVELS), message: z.string() })),
        }),
      ),
      summary: z.object({
        records: z.number().int(),
        rules: z.number().int(),
        passed_records: z.number().int(),
        violations: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
        by_rule: z.array(z.object({ rule_id: z.string(), violations: z.number().int() })),
      }),
    }),
    handler: ({ records, rules }, ctx) => {
      assertRecordBounds(records, settings);
      assertRuleEvaluations(records.length, rules.length, settings, 'rules');
      const compiled = rules.map((rule) => ({
        ...rule,
        run: compileSafeExpression(rule.expression, `rule "${rule.id}"`, settings.DS_MAX_EXPRESSION_LENGTH),
      }));
      const counts = { error: 0, warning: 0, info: 0 };
      const byRule = new Map<string, number>(rules.map((r) => [r.id, 0]));
      const results = records.map((record, index) => {
        if (index % 500 === 0) throwIfAborted(ctx.signal);
        const violations: { rule_id: string; level: (typeof LEVELS)[number]; message: string }[] = [];
        for (const rule of compiled) {
          const result = rule.run(record);
          if (result.ok && isTruthy(result.value)) continue;
          counts[rule.level]++;
          byRule.set(rule.id, (byRule.get(rule.id) ?? 0) + 1);
          violations.push({
            rule_id: rule.id,
            level: rule.level,
            message: result.ok ? (rule.message ?? `rule ${rule.id} violated`) : `rule ${rule.id} could not be evaluated: ${result.error}`,
          });
        }
        return { record_index: index, passed: violations.every((v) => v.level !== 'error'), violations };
      });
      return {
        valid: counts.error === 0,
        results,
        summary: {
          records: records.length,
          rules: rules.length,
          passed_records: results.filter((r) => r.passed).length,
          violations: counts,
          by_rule: [...byRule].map(([rule_id, violations]) => ({ rule_id, violations })),
        },
      };
    },
    render: (out) =>
      `${out.summary.passed_records}/${out.summary.records} records pass; ${out.summary.violations.error} errors, ${out.summary.violations.warning} warnings, ${out.summary.violations.info} info`,
  });
}
