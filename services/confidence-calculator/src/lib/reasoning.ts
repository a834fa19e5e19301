/**
 * Reasoning confidence: a weighted sum of six factor values in [0, 1], clamped to [0.05, 0.95].
 *
 * | factor | value |
 * |---|---|
 * | evidence_quality | `calculateEvidenceQuality(evidence).score` (0.2 with no evidence) |
 * | logical_consistency | no chain: 0.5; else min(1, 0.6 + 0.2·(steps − 1)) − 0.2·circular_dependencies − 0.1·repeated steps, floored at 0 |
 * | semantic_alignment | `calculateSemanticAlignment(question, answer).alignment_score`; 0.5 unless both are given |
 * | historical_success | `historical_data.success_rate`; 0.5 when absent |
 * | complexity_penalty | 1 − min(1, 0.1·(branch_factor − 1) + 0.02·max(0, steps − 5)): 1 for a short linear chain |
 * | validation_score | passed / total of `validation_results` (each weighted by `weight`, default 1); 0.5 when none |
 */
import { ServiceError } from '@a2a-mcp/core';
import { calculateEvidenceQuality, type EvidenceItem } from './evidence.js';
import {
  clamp,
  COMPLEXITY,
  CONFIDENCE_BOUNDS,
  FACTOR_NAMES,
  FACTOR_WEIGHTS,
  LOGICAL_CONSISTENCY,
  NEUTRAL_FACTOR_VALUE,
  RECOMMENDATION_THRESHOLD,
  type FactorName,
} from './factors.js';
import { calculateSemanticAlignment } from './semantic.js';

export interface ValidationResult {
  passed: boolean;
  /** Relative weight of this check; default 1. */
  weight?: number | undefined;
  name?: string | undefined;
}

export interface ReasoningContext {
  evidence?: readonly EvidenceItem[] | undefined;
  reasoning_chain?: readonly string[] | undefined;
  question?: string | undefined;
  answer?: string | undefined;
  historical_data?: { success_rate: number } | undefined;
  validation_results?: readonly ValidationResult[] | undefined;
  /** Alternatives considered per step; 1 = a linear chain. */
  branch_factor?: number | undefined;
  /** Number of circular dependencies found in the reasoning. */
  circular_dependencies?: number | undefined;
}

export interface FactorContribution {
  factor: FactorName;
  value: number;
  weight: number;
  contribution: number;
  /** How the value was obtained, in a few words. */
  basis: string;
}

export interface ReasoningConfidence {
  confidence: number;
  /** Weighted sum before the clamp. */
  raw_confidence: number;
  clamped: boolean;
  factors: FactorContribution[];
  recommendations: string[];
  explanation?: string;
}

/**
 * Merges `custom` over the default weights and renormalises so they sum to 1. Throws
 * `invalid_arguments` for unknown factor names, negative or non-finite weights, or all-zero weights.
 *
 * @example resolveWeights({ evidence_quality: 2, logical_consistency: 2, semantic_alignment: 0, historical_success: 0, complexity_penalty: 0, validation_score: 0 }).evidence_quality // 0.5
 */
export function resolveWeights(custom: Readonly<Record<string, number>> | undefined): Record<FactorName, number> {
  const merged: Record<FactorName, number> = { ...FACTOR_WEIGHTS };
  if (custom) {
    const unknown = Object.keys(custom).filter((name) => !(FACTOR_NAMES as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new ServiceError(
        'invalid_arguments',
        `custom_weights has unknown factor(s): ${unknown.join(', ')}; known factors are ${FACTOR_NAMES.join(', ')}`,
        {
          data: { field: 'custom_weights', unknown, known: [...FACTOR_NAMES] },
        },
      );
    }
    for (const [name, weight] of Object.entries(custom) as [FactorName, number][]) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw new ServiceError('invalid_arguments', `custom_weights.${name} must be a finite number ≥ 0`, {
          data: { field: `custom_weights.${name}` },
        });
      }
      merged[name] = weight;
    }
  }
  const total = FACTOR_NAMES.reduce((sum, name) => sum + merged[name], 0);
  if (total <= 0) {
    throw new ServiceError(
      'invalid_arguments',
      `custom_weights leave every factor weight at 0 (${FACTOR_NAMES.join(', ')}); at least one must be > 0`,
      {
        data: { field: 'custom_weights' },
      },
    );
  }
  return Object.fromEntries(FACTOR_NAMES.map((name) => [name, merged[name] / total])) as Record<FactorName, number>;
}

/** Steps that repeat an earlier step (same text after trimming, lower-casing and collapsing spaces). */
export function countRepeatedSteps(chain: readonly string[]): number {
  const seen = new Set<string>();
  let repeated = 0;
  for (const step of chain) {
    const key = step.trim().toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) repeated += 1;
    else seen.add(key);
  }
  return repeated;
}

/** `defaulted`: the input was missing and the neutral 0.5 was used. */
type FactorValue = { value: number; basis: string; recommendation: string; defaulted?: true };

function factorValues(context: ReasoningContext): Record<FactorName, FactorValue> {
  const chain = context.reasoning_chain ?? [];
  const circular = context.circular_dependencies ?? 0;
  const branch = context.branch_factor ?? 1;

  const evidence = calculateEvidenceQuality(context.evidence ?? []);
  const evidenceQuality: FactorValue = {
    value: evidence.score,
    basis:
      evidence.item_count === 0
        ? 'no evidence (0.2)'
        : `${evidence.item_count} evidence item(s), mean source score ${fmt(evidence.mean_source_score)} + bonus ${fmt(evidence.quantity_bonus)}`,
    recommendation:
      evidence.item_count === 0
        ? 'Gather supporting evidence; none was given.'
        : 'Add evidence from academic or verified sources; the current sources are weak.',
  };

  let logical: FactorValue;
  if (chain.length === 0) {
    logical = {
      defaulted: true,
      value: NEUTRAL_FACTOR_VALUE,
      basis: 'no reasoning chain (neutral 0.5)',
      recommendation: 'Lay out the reasoning as explicit steps so its consistency can be checked.',
    };
  } else {
    const repeated = countRepeatedSteps(chain);
    const base = Math.min(1, LOGICAL_CONSISTENCY.single_step_base + LOGICAL_CONSISTENCY.per_extra_step * (chain.length - 1));
    const value = Math.max(
      0,
      base - LOGICAL_CONSISTENCY.per_circular_dependency * circular - LOGICAL_CONSISTENCY.per_repeated_step * repeated,
    );
    logical = {
      value,
      basis: `${chain.length} step(s), ${circular} circular dependenc${circular === 1 ? 'y' : 'ies'}, ${repeated} repeated step(s)`,
      recommendation:
        circular > 0 || repeated > 0
          ? 'Remove the circular dependencies and repeated steps from the reasoning chain.'
          : 'Support the conclusion with more intermediate reasoning steps.',
    };
  }

  let semantic: FactorValue;
  if (context.question === undefined || context.answer === undefined) {
    semantic = {
      defaulted: true,
      value: NEUTRAL_FACTOR_VALUE,
      basis: 'question or answer missing (neutral 0.5)',
      recommendation: 'Provide both the question and the answer so their alignment can be checked.',
    };
  } else {
    const alignment = calculateSemanticAlignment(context.question, context.answer);
    semantic = {
      value: alignment.alignment_score,
      basis: `${alignment.question_type} question, keyword coverage ${fmt(alignment.keyword_coverage)}, answer-type cue ${fmt(alignment.answer_type_cue)}`,
      recommendation: "Make the answer address the question's key terms directly and in the form the question asks for.",
    };
  }

  const historical: FactorValue = context.historical_data
    ? {
        value: context.historical_data.success_rate,
        basis: `historical success rate ${fmt(context.historical_data.success_rate)}`,
        recommendation: 'This approach has a low historical success rate; cross-check the answer or try another approach.',
      }
    : {
        defaulted: true,
        value: NEUTRAL_FACTOR_VALUE,
        basis: 'no historical data (neutral 0.5)',
        recommendation: 'Record outcomes of this kind of task to build a historical success rate.',
      };

  const penalty = Math.min(
    1,
    COMPLEXITY.per_extra_branch * (branch - 1) + COMPLEXITY.per_long_step * Math.max(0, chain.length - COMPLEXITY.free_steps),
  );
  const complexity: FactorValue = {
    value: 1 - penalty,
    basis: `branch factor ${fmt(branch)}, ${chain.length} step(s): penalty ${fmt(penalty)}`,
    recommendation: 'Reduce branching or split the reasoning into shorter chains.',
  };

  const checks = context.validation_results ?? [];
  const totalWeight = checks.reduce((sum, check) => sum + (check.weight ?? 1), 0);
  let validation: FactorValue;
  if (checks.length === 0 || totalWeight === 0) {
    validation = {
      defaulted: true,
      value: NEUTRAL_FACTOR_VALUE,
      basis: 'no validation results (neutral 0.5)',
      recommendation: 'Validate the answer (tests, cross-checks, a second source).',
    };
  } else {
    const passedWeight = checks.reduce((sum, check) => sum + (check.passed ? (check.weight ?? 1) : 0), 0);
    const failed = checks.filter((check) => !check.passed).length;
    validation = {
      value: passedWeight / totalWeight,
      basis: `${checks.length - failed} of ${checks.length} validation check(s) passed`,
      recommendation: `Fix or explain the ${failed} failing validation check(s).`,
    };
  }

  return {
    evidence_quality: evidenceQuality,
    logical_consistency: logical,
    semantic_alignment: semantic,
    historical_success: historical,
    complexity_penalty: complexity,
    validation_score: validation,
  };
}

function fmt(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * Scores confidence in a piece of reasoning. Recommendations name each factor (with weight > 0)
 * whose value is below 0.5, plus one when a factor used its neutral default for missing input.
 *
 * @example calculateReasoningConfidence({}).confidence // 0.25·0.2 + 0.2·0.5 + 0.2·0.5 + 0.15·0.5 + 0.1·1 + 0.1·0.5 = 0.475
 */
export function calculateReasoningConfidence(
  context: ReasoningContext,
  options: { customWeights?: Readonly<Record<string, number>> | undefined; includeExplanation?: boolean | undefined } = {},
): ReasoningConfidence {
  const weights = resolveWeights(options.customWeights);
  const values = factorValues(context);
  const factors: FactorContribution[] = FACTOR_NAMES.map((factor) => ({
    factor,
    value: values[factor].value,
    weight: weights[factor],
    contribution: weights[factor] * values[factor].value,
    basis: values[factor].basis,
  }));
  const raw = factors.reduce((sum, f) => sum + f.contribution, 0);
  const confidence = clamp(raw, CONFIDENCE_BOUNDS.min, CONFIDENCE_BOUNDS.max);
  const recommendations = FACTOR_NAMES.filter(
    (name) => weights[name] > 0 && (values[name].value < RECOMMENDATION_THRESHOLD || values[name].defaulted === true),
  ).map((name) => values[name].recommendation);
  const result: ReasoningConfidence = { confidence, raw_confidence: raw, clamped: confidence !== raw, factors, recommendations };
  if (options.includeExplanation) {
    const terms = factors.map((f) => `${fmt(f.weight)} × ${fmt(f.value)} (${f.factor.replaceAll('_', ' ')}: ${f.basis})`).join(' + ');
    const bounds = confidence !== raw ? `, clamped to [${CONFIDENCE_BOUNDS.min}, ${CONFIDENCE_BOUNDS.max}] → ${fmt(confidence)}` : '';
    result.explanation = `Confidence ${fmt(raw)} = ${terms}${bounds}.`;
  }
  return result;
}
