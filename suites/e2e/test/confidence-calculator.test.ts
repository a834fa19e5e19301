/** confidence-calculator: all six tools through both eras, against hand-computed values. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, type Harness } from './harness.js';

const TOOLS = CATALOGUE['confidence-calculator'];
let h: Harness;
beforeAll(async () => {
  h = await openService(await SERVICES['confidence-calculator'](), { key: 'read' });
});
afterAll(async () => {
  await h?.close();
});

interface Factor {
  factor: string;
  value: number;
  weight: number;
  contribution: number;
}

/**
 * Factor values for this context:
 *   evidence_quality     academic 0.9, verified 0.8 → mean 0.85, no bonus (≤ 3 items)
 *   logical_consistency  3 distinct steps → min(1, 0.6 + 0.2·2) = 1
 *   semantic_alignment   no question/answer → neutral 0.5
 *   historical_success   0.8
 *   complexity_penalty   branch factor 2 → 1 − 0.1·(2 − 1) = 0.9
 *   validation_score     passed weights 1 + 2 of total 1 + 1 + 2 → 0.75
 */
const CONTEXT = {
  evidence: [{ source_type: 'academic' }, { source_type: 'verified' }],
  reasoning_chain: ['premise', 'inference', 'conclusion'],
  historical_data: { success_rate: 0.8 },
  branch_factor: 2,
  validation_results: [{ passed: true }, { passed: false }, { passed: true, weight: 2 }],
};
const VALUES = {
  evidence_quality: 0.85,
  logical_consistency: 1,
  semantic_alignment: 0.5,
  historical_success: 0.8,
  complexity_penalty: 0.9,
  validation_score: 0.75,
};

describe('confidence-calculator through both eras', () => {
  it('lists exactly its six tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('calculate_reasoning_confidence: the weighted sum of six factors', async () => {
    // 0.25·0.85 + 0.20·1 + 0.20·0.5 + 0.15·0.8 + 0.10·0.9 + 0.10·0.75
    // = 0.2125 + 0.2 + 0.1 + 0.12 + 0.09 + 0.075 = 0.7975 (inside [0.05, 0.95]: not clamped).
    const result = await h.callBoth<{
      confidence: number;
      raw_confidence: number;
      clamped: boolean;
      factors: Factor[];
      recommendations: string[];
      explanation?: string;
    }>('calculate_reasoning_confidence', {
      ...CONTEXT,
      include_explanation: true,
    });
    expect(result.confidence).toBeCloseTo(0.7975, 10);
    expect(result.raw_confidence).toBeCloseTo(0.7975, 10);
    expect(result.clamped).toBe(false);
    const weights = {
      evidence_quality: 0.25,
      logical_consistency: 0.2,
      semantic_alignment: 0.2,
      historical_success: 0.15,
      complexity_penalty: 0.1,
      validation_score: 0.1,
    };
    expect(result.factors.map((f) => f.factor)).toEqual(Object.keys(VALUES));
    for (const f of result.factors) {
      const name = f.factor as keyof typeof VALUES;
      expect(f.value).toBeCloseTo(VALUES[name], 10);
      expect(f.weight).toBeCloseTo(weights[name], 10);
      expect(f.contribution).toBeCloseTo(VALUES[name] * weights[name], 10);
    }
    expect(typeof result.explanation).toBe('string');
    expect(result.recommendations.length).toBeGreaterThan(0);
    // Equal custom weights (renormalised to 1/6 each): the plain mean (0.85+1+0.5+0.8+0.9+0.75)/6 = 0.8.
    const equal = await h.callBoth<{ confidence: number; factors: Factor[]; explanation?: string }>('calculate_reasoning_confidence', {
      ...CONTEXT,
      custom_weights: {
        evidence_quality: 1,
        logical_consistency: 1,
        semantic_alignment: 1,
        historical_success: 1,
        complexity_penalty: 1,
        validation_score: 1,
      },
    });
    expect(equal.confidence).toBeCloseTo(0.8, 10);
    for (const f of equal.factors) expect(f.weight).toBeCloseTo(1 / 6, 10);
    expect(equal.explanation).toBeUndefined();
  });

  it('calculate_evidence_quality: mean source score plus the quantity bonus above three items', async () => {
    // academic 0.9, verified 0.8, empirical 0.7, "blog" → other 0.4: mean 2.8/4 = 0.7; 4 > 3 items → + 0.1 = 0.8.
    const result = await h.callBoth<{
      score: number;
      item_count: number;
      mean_source_score: number;
      quantity_bonus: number;
      composition: Record<string, number>;
    }>('calculate_evidence_quality', {
      evidence: [{ source_type: 'academic' }, { source_type: 'verified' }, { source_type: 'empirical' }, { source_type: 'blog' }],
    });
    expect(result.score).toBeCloseTo(0.8, 10);
    expect(result.mean_source_score).toBeCloseTo(0.7, 10);
    expect(result.quantity_bonus).toBeCloseTo(0.1, 10);
    expect(result.item_count).toBe(4);
    expect(result.composition).toEqual({ academic: 1, verified: 1, empirical: 1, other: 1, unstructured: 0 });
    // No evidence at all scores 0.2.
    const none = await h.callBoth<{ score: number; item_count: number }>('calculate_evidence_quality', { evidence: [] });
    expect(none).toMatchObject({ score: 0.2, item_count: 0 });
  });

  it('calculate_semantic_alignment: a definition answered by a definition', async () => {
    // Question content words: {photosynthesis}, all in the answer → coverage 1; the answer has the
    // "X is …" form a definition question calls for → cue 1; 0.7·1 + 0.3·1 = 1.
    const result = await h.callBoth('calculate_semantic_alignment', {
      question: 'What is photosynthesis?',
      answer: 'Photosynthesis is the process by which plants convert light into energy.',
    });
    expect(result).toMatchObject({
      alignment_score: 1,
      question_type: 'definition',
      keyword_overlap: ['photosynthesis'],
      question_keywords: 1,
      keyword_coverage: 1,
      answer_type_cue: 1,
    });
  });

  it('adjust_confidence_for_uncertainty: multipliers in order, unknown as other, the 0.05 floor', async () => {
    // 0.8 · 0.85 = 0.68 → · 0.8 = 0.544 → · 0.95 (unknown "gremlins" = other) = 0.5168; total 0.646.
    const result = await h.callBoth<{
      adjusted_confidence: number;
      total_multiplier: number;
      floor_applied: boolean;
      impacts: { factor: string; applied_as: string; multiplier: number; confidence_after: number }[];
    }>('adjust_confidence_for_uncertainty', {
      base_confidence: 0.8,
      uncertainty_factors: ['missing_evidence', 'weak_inference', 'gremlins'],
    });
    expect(result.adjusted_confidence).toBeCloseTo(0.5168, 10);
    expect(result.total_multiplier).toBeCloseTo(0.646, 10);
    expect(result.floor_applied).toBe(false);
    expect(result.impacts.map((i) => [i.factor, i.applied_as, i.multiplier])).toEqual([
      ['missing_evidence', 'missing_evidence', 0.85],
      ['weak_inference', 'weak_inference', 0.8],
      ['gremlins', 'other', 0.95],
    ]);
    expect(result.impacts.map((i) => i.confidence_after)).toEqual([0.68, 0.544, 0.5168].map((v) => expect.closeTo(v, 10)));
    // 0.1 · 0.7 · 0.7 = 0.049 < 0.05 → the floor.
    const floored = await h.callBoth<{ adjusted_confidence: number; floor_applied: boolean }>('adjust_confidence_for_uncertainty', {
      base_confidence: 0.1,
      uncertainty_factors: ['contradictory_evidence', 'contradictory_evidence'],
    });
    expect(floored).toMatchObject({ adjusted_confidence: 0.05, floor_applied: true });
  });

  it('calculate_fallback_confidence: known scenarios and the 0.4 default', async () => {
    expect(await h.callBoth('calculate_fallback_confidence', { scenario: 'partial_evidence' })).toEqual({
      scenario: 'partial_evidence',
      confidence: 0.5,
      known_scenario: true,
    });
    expect(await h.callBoth('calculate_fallback_confidence', { scenario: 'validated_fallback' })).toEqual({
      scenario: 'validated_fallback',
      confidence: 0.6,
      known_scenario: true,
    });
    expect(await h.callBoth('calculate_fallback_confidence', { scenario: 'mystery' })).toEqual({
      scenario: 'mystery',
      confidence: 0.4,
      known_scenario: false,
    });
  });

  it('evaluate_calibration: Brier score, log loss, ECE and MCE over two bins', async () => {
    // p = [0.9, 0.8, 0.3, 0.1], y = [1, 1, 0, 1].
    // Brier = (0.1² + 0.2² + 0.3² + 0.9²)/4 = (0.01 + 0.04 + 0.09 + 0.81)/4 = 0.2375.
    // Log loss = −(ln 0.9 + ln 0.8 + ln 0.7 + ln 0.1)/4 ≈ (0.105361 + 0.223144 + 0.356675 + 2.302585)/4 ≈ 0.746941.
    // Bins [0, 0.5]: {0.3, 0.1} mean 0.2, observed 1/2, gap 0.3; (0.5, 1]: {0.9, 0.8} mean 0.85,
    // observed 1, gap 0.15. ECE = ½·0.3 + ½·0.15 = 0.225, MCE = 0.3. Base rate 3/4.
    const result = await h.callBoth<Record<string, unknown> & { bins: Record<string, number>[] }>('evaluate_calibration', {
      probabilities: [0.9, 0.8, 0.3, 0.1],
      outcomes: [1, 1, 0, 1],
      n_bins: 2,
    });
    expect(result).toMatchObject({ n_samples: 4, n_bins: 2, base_rate: 0.75, log_loss_eps: 2 ** -52 });
    expect(result.brier_score).toBeCloseTo(0.2375, 12);
    expect(result.log_loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.7) + Math.log(0.1)) / 4, 12);
    expect(result.log_loss).toBeCloseTo(0.746941, 6);
    expect(result.expected_calibration_error).toBeCloseTo(0.225, 12);
    expect(result.maximum_calibration_error).toBeCloseTo(0.3, 12);
    expect(result.bins).toEqual([
      { lower: 0, upper: 0.5, count: 2, mean_predicted: expect.closeTo(0.2, 12), observed_frequency: 0.5, gap: expect.closeTo(0.3, 12) },
      { lower: 0.5, upper: 1, count: 2, mean_predicted: expect.closeTo(0.85, 12), observed_frequency: 1, gap: expect.closeTo(0.15, 12) },
    ]);
  });

  it('evaluate_calibration: confident mistakes are clipped at eps = 2^-52 as scikit-learn does', async () => {
    // p = [0, 1, 0.5], y = [1, 0, 1]: Brier (1 + 1 + 0.25)/3 = 0.75; log loss
    // −(ln eps + ln eps + ln 0.5)/3 = (2·52·ln 2 + ln 2)/3 = 35·ln 2 ≈ 24.260151.
    const result = await h.callBoth<Record<string, number>>('evaluate_calibration', { probabilities: [0, 1, 0.5], outcomes: [1, 0, 1] });
    expect(result.n_bins).toBe(10);
    expect(result.brier_score).toBeCloseTo(0.75, 12);
    expect(result.log_loss).toBeCloseTo(35 * Math.LN2, 9);
    // Bins of width 0.1: [0, 0.1] gap 1, (0.4, 0.5] gap 0.5, (0.9, 1] gap 1 → ECE (1 + 0.5 + 1)/3, MCE 1.
    expect(result.expected_calibration_error).toBeCloseTo(2.5 / 3, 12);
    expect(result.maximum_calibration_error).toBe(1);
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
