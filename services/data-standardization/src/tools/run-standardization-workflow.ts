import { randomUUID } from 'node:crypto';
import { defineTool, z, type ToolContext } from '@a2a-mcp/core';
import { standardizeAccounts } from '../lib/accounts.js';
import { assertRecordBounds, throwIfAborted, type LooseRecord } from '../lib/limits.js';
import { standardizeLocations } from '../lib/locations.js';
import { standardizeProducts } from '../lib/products.js';
import { assessQuality, DEFAULT_THRESHOLDS, DIMENSIONS } from '../lib/quality.js';
import type { Summary } from '../lib/records.js';
import { round } from '../lib/text.js';
import { READ_ONLY_ANNOTATIONS, recordsSchema, summarySchema, type ToolDeps } from './shared.js';

/** Store key of a workflow result. */
export function workflowKey(id: string): string {
  return `standardization:workflow:${id}`;
}

const STAGES = ['quality_gate', 'standardize', 'post_validation', 'sla_check'] as const;
type Stage = (typeof STAGES)[number];

const stageSchema = z.object({
  stage: z.enum(STAGES),
  status: z.enum(['passed', 'failed', 'skipped']),
  duration_ms: z.number(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** The stored and returned workflow result. */
export const workflowResultSchema = z.object({
  workflow_id: z.string(),
  record_type: z.enum(['account', 'location', 'product']),
  workflow_successful: z.boolean(),
  failed_at: z.enum(STAGES).nullable(),
  stages: z.array(stageSchema),
  total_duration_ms: z.number(),
  created_at: z.string(),
  expires_at: z.string(),
  summary: summarySchema.nullable(),
  records: z
    .array(z.record(z.string(), z.unknown()))
    .describe('Standardized records (empty when the workflow stopped before standardizing)'),
});

type StageResult = z.input<typeof stageSchema>;

function standardize(
  type: 'account' | 'location' | 'product',
  records: LooseRecord[],
  signal: AbortSignal,
): { records: LooseRecord[]; summary: Summary } {
  const result =
    type === 'account'
      ? standardizeAccounts(records, signal)
      : type === 'location'
        ? standardizeLocations(records, signal)
        : standardizeProducts(records, signal);
  return { records: result.records as unknown as LooseRecord[], summary: result.summary };
}

/** run_standardization_workflow: quality gate → standardize → post-validation → SLA check, stored. */
export function createRunStandardizationWorkflow(deps: ToolDeps) {
  const { settings, validator } = deps;
  return defineTool({
    name: 'run_standardization_workflow',
    title: 'Run a standardization workflow',
    description:
      'Runs four stages on one record type: quality_gate (assess_data_quality overall score ≥ min_score), standardize, post_validation (success rate and average confidence ≥ minimums), sla_check (elapsed time ≤ max_response_time_ms, error rate ≤ max_error_rate, records per second ≥ min_throughput_rps). Stops at the first failed stage (failed_at). Sends a progress notification per stage when the caller gives a progress token. The result is stored for DS_WORKFLOW_TTL_MS (default 24 h) and readable as standardization://workflows/{workflow_id}.',
    permission: 'write',
    annotations: { ...READ_ONLY_ANNOTATIONS, readOnlyHint: false, idempotentHint: false },
    input: z.object({
      record_type: z.enum(['account', 'location', 'product']).describe('Which standardizer to run'),
      records: recordsSchema(settings, 'The records'),
      quality_gate: z
        .object({
          min_score: z.number().min(0).max(1).default(0.5).describe('Minimum overall quality score to proceed'),
          dimensions: z
            .array(z.enum(DIMENSIONS))
            .min(1)
            .default(['completeness', 'uniqueness', 'consistency'])
            .describe('Dimensions assessed'),
        })
        .default({ min_score: 0.5, dimensions: ['completeness', 'uniqueness', 'consistency'] })
        .describe('Stage 1'),
      post_validation: z
        .object({
          min_success_rate: z.number().min(0).max(1).default(0.9).describe('Minimum share of records standardized'),
          min_average_confidence: z.number().min(0).max(1).default(0.7).describe('Minimum average confidence'),
        })
        .default({ min_success_rate: 0.9, min_average_confidence: 0.7 })
        .describe('Stage 3'),
      sla: z
        .object({
          max_response_time_ms: z
            .number()
            .min(0.001)
            .default(5000)
            .describe('Maximum time for the stages so far, at least 0.001 ms (a bound the clock can measure)'),
          max_error_rate: z.number().min(0).max(1).default(0.1).describe('Maximum share of failed records'),
          min_throughput_rps: z.number().min(0).default(0).describe('Minimum records per second'),
        })
        .default({ max_response_time_ms: 5000, max_error_rate: 0.1, min_throughput_rps: 0 })
        .describe('Stage 4 targets'),
    }),
    output: workflowResultSchema,
    handler: async (input, ctx: ToolContext) => {
      assertRecordBounds(input.records, settings);
      const id = randomUUID();
      const started = performance.now();
      const createdAt = new Date();
      const stages: StageResult[] = [];
      let failedAt: Stage | null = null;
      let standardized: { records: LooseRecord[]; summary: Summary } | undefined;

      const run = async (
        stage: Stage,
        step: number,
        body: () => { passed: boolean; message: string; details: Record<string, unknown> },
      ) => {
        throwIfAborted(ctx.signal);
        if (failedAt !== null) {
          stages.push({ stage, status: 'skipped', duration_ms: 0, message: `skipped: ${failedAt} failed`, details: {} });
          await ctx.progress(step, STAGES.length, `${stage} skipped`);
          return;
        }
        const t0 = performance.now();
        const outcome = body();
        stages.push({
          stage,
          status: outcome.passed ? 'passed' : 'failed',
          duration_ms: round(performance.now() - t0, 3),
          message: outcome.message,
          details: outcome.details,
        });
        if (!outcome.passed) failedAt = stage;
        await ctx.progress(step, STAGES.length, `${stage} ${outcome.passed ? 'passed' : 'failed'}: ${outcome.message}`);
      };

      await run('quality_gate', 1, () => {
        const report = assessQuality(input.records, {
          dimensions: [...new Set(input.quality_gate.dimensions)],
          weights: {},
          thresholds: DEFAULT_THRESHOLDS,
          maxIssues: 20,
          validator,
        });
        const passed = report.overall_score >= input.quality_gate.min_score;
        return {
          passed,
          message: `overall quality ${report.overall_score} ${passed ? '≥' : '<'} ${input.quality_gate.min_score}`,
          details: {
            overall_score: report.overall_score,
            quality_level: report.quality_level,
            dimension_scores: report.dimension_scores,
            issue_count: report.issue_count,
          },
        };
      });
      await run('standardize', 2, () => {
        standardized = standardize(input.record_type, input.records, ctx.signal);
        return {
          passed: true,
          message: `${standardized.summary.standardized}/${standardized.summary.total} records standardized`,
          details: { ...standardized.summary },
        };
      });
      await run('post_validation', 3, () => {
        const summary = standardized!.summary;
        const { min_success_rate, min_average_confidence } = input.post_validation;
        const passed = summary.success_rate >= min_success_rate && summary.average_confidence >= min_average_confidence;
        return {
          passed,
          message: `success rate ${summary.success_rate} (min ${min_success_rate}), average confidence ${summary.average_confidence} (min ${min_average_confidence})`,
          details: {
            success_rate: summary.success_rate,
            average_confidence: summary.average_confidence,
            min_success_rate,
            min_average_confidence,
          },
        };
      });
      await run('sla_check', 4, () => {
        const summary = standardized!.summary;
        const elapsed = performance.now() - started;
        const errorRate = summary.total === 0 ? 0 : summary.failed / summary.total;
        const throughput = elapsed === 0 ? Number.POSITIVE_INFINITY : summary.total / (elapsed / 1000);
        const { max_response_time_ms, max_error_rate, min_throughput_rps } = input.sla;
        const breaches = [
          ...(elapsed > max_response_time_ms ? [`response time ${round(elapsed, 1)} ms > ${max_response_time_ms} ms`] : []),
          ...(errorRate > max_error_rate ? [`error rate ${round(errorRate)} > ${max_error_rate}`] : []),
          ...(throughput < min_throughput_rps ? [`throughput ${round(throughput, 1)} records/s < ${min_throughput_rps}`] : []),
        ];
        return {
          passed: breaches.length === 0,
          message: breaches.length === 0 ? 'all SLA targets met' : breaches.join('; '),
          details: {
            response_time_ms: round(elapsed, 3),
            error_rate: round(errorRate),
            throughput_rps: Number.isFinite(throughput) ? round(throughput, 1) : null,
            targets: input.sla,
          },
        };
      });

      const result: z.input<typeof workflowResultSchema> = {
        workflow_id: id,
        record_type: input.record_type,
        workflow_successful: failedAt === null,
        failed_at: failedAt,
        stages,
        total_duration_ms: round(performance.now() - started, 3),
        created_at: createdAt.toISOString(),
        expires_at: new Date(createdAt.getTime() + settings.DS_WORKFLOW_TTL_MS).toISOString(),
        summary: standardized?.summary ?? null,
        records: standardized?.records ?? [],
      };
      await ctx.store.set(workflowKey(id), JSON.stringify(result), { ttlMs: settings.DS_WORKFLOW_TTL_MS });
      return result;
    },
    render: (out) =>
      `workflow ${out.workflow_id}: ${out.workflow_successful ? 'successful' : `failed at ${out.failed_at}`} (${out.stages.map((s) => `${s.stage} ${s.status}`).join(', ')})`,
  });
}
