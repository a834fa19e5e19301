import { describe, expect, it } from '@jest/globals';
import { isServiceError } from '@a2a-mcp/core';
import { calculateReasoningConfidence, countRepeatedSteps, resolveWeights } from './reasoning.js';

const valueOf = (result: ReturnType<typeof calculateReasoningConfidence>, factor: string) =>
  result.factors.find((f) => f.factor === factor)!.value;

describe('calculateReasoningConfidence', () => {
  it('empty context: neutral defaults', () => {
    // 0.25·0.2 (no evidence) + 0.2·0.5 + 0.2·0.5 + 0.15·0.5 + 0.1·1 (no complexity) + 0.1·0.5
    // = 0.05 + 0.1 + 0.1 + 0.075 + 0.1 + 0.05 = 0.475
    const result = calculateReasoningConfidence({});
    expect(result.confidence).toBeCloseTo(0.475, 12);
    expect(result.clamped).toBe(false);
    expect(result.factors.map((f) => [f.factor, f.weight])).toEqual([
      ['evidence_quality', 0.25],
      ['logical_consistency', 0.2],
      ['semantic_alignment', 0.2],
      ['historical_success', 0.15],
      ['complexity_penalty', 0.1],
      ['validation_score', 0.1],
    ]);
    // every factor but complexity is low (evidence 0.2) or defaulted
    expect(result.recommendations).toHaveLength(5);
    expect(result.explanation).toBeUndefined();
  });

  it('a full context, by hand', () => {
    const result = calculateReasoningConfidence(
      {
        evidence: [{ source_type: 'academic' }, { source_type: 'verified' }], // (0.9 + 0.8) / 2 = 0.85
        reasoning_chain: ['Find the date', 'Check a source', 'find the date', 'Answer'], // 4 steps → base 1; −0.2 (1 cycle) −0.1 (1 repeat) = 0.7
        circular_dependencies: 1,
        question: 'When did the Berlin Wall fall?',
        answer: 'The Berlin Wall fell in 1989.', // 0.7·2/3 + 0.3·1 = 0.766667
        historical_data: { success_rate: 0.6 },
        branch_factor: 3, // 1 − (0.1·2 + 0.02·max(0, 4 − 5)) = 0.8
        validation_results: [{ passed: true }, { passed: false }, { passed: true, weight: 2 }], // (1 + 2) / 4 = 0.75
      },
      { includeExplanation: true },
    );
    expect(valueOf(result, 'evidence_quality')).toBeCloseTo(0.85, 12);
    expect(valueOf(result, 'logical_consistency')).toBeCloseTo(0.7, 12);
    expect(valueOf(result, 'semantic_alignment')).toBeCloseTo(0.7 * (2 / 3) + 0.3, 12);
    expect(valueOf(result, 'historical_success')).toBe(0.6);
    expect(valueOf(result, 'complexity_penalty')).toBeCloseTo(0.8, 12);
    expect(valueOf(result, 'validation_score')).toBe(0.75);
    // 0.25·0.85 + 0.2·0.7 + 0.2·0.766667 + 0.15·0.6 + 0.1·0.8 + 0.1·0.75
    // = 0.2125 + 0.14 + 0.153333 + 0.09 + 0.08 + 0.075 = 0.750833
    expect(result.confidence).toBeCloseTo(0.7508333333, 9);
    expect(result.factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(result.confidence, 12);
    expect(result.recommendations).toEqual([]);
    expect(result.explanation).toMatch(/^Confidence 0\.751 = 0\.25 × 0\.85 \(evidence quality: /);
  });

  it('clamps at 0.95 when every factor is 1', () => {
    const result = calculateReasoningConfidence({
      evidence: Array.from({ length: 4 }, () => ({ source_type: 'academic' })), // 0.9 + 0.1 = 1
      reasoning_chain: ['a', 'b', 'c'], // 1
      question: 'What is photosynthesis?',
      answer: 'Photosynthesis is how plants make sugar from light.', // 1
      historical_data: { success_rate: 1 },
      validation_results: [{ passed: true }],
    });
    expect(result.raw_confidence).toBeCloseTo(1, 12);
    expect(result.confidence).toBe(0.95);
    expect(result.clamped).toBe(true);
  });

  it('clamps at 0.05 when the only weighted factor is 0', () => {
    const result = calculateReasoningConfidence(
      { historical_data: { success_rate: 0 } },
      {
        customWeights: {
          historical_success: 1,
          evidence_quality: 0,
          logical_consistency: 0,
          semantic_alignment: 0,
          complexity_penalty: 0,
          validation_score: 0,
        },
      },
    );
    expect(result.raw_confidence).toBe(0);
    expect(result.confidence).toBe(0.05);
    expect(result.recommendations).toHaveLength(1);
  });

  it('renormalises custom weights: {evidence 2, logical 2, others 0} → 0.5 each', () => {
    const result = calculateReasoningConfidence(
      {},
      {
        customWeights: {
          evidence_quality: 2,
          logical_consistency: 2,
          semantic_alignment: 0,
          historical_success: 0,
          complexity_penalty: 0,
          validation_score: 0,
        },
      },
    );
    expect(result.factors.map((f) => f.weight)).toEqual([0.5, 0.5, 0, 0, 0, 0]);
    // 0.5·0.2 + 0.5·0.5 = 0.35; only the two weighted factors produce recommendations
    expect(result.confidence).toBeCloseTo(0.35, 12);
    expect(result.recommendations).toHaveLength(2);
  });
});

describe('resolveWeights', () => {
  it('keeps the defaults for factors not given: {evidence 0.5} → total 1.25', () => {
    // 0.5 + 0.2 + 0.2 + 0.15 + 0.1 + 0.1 = 1.25 → 0.4, 0.16, 0.16, 0.12, 0.08, 0.08
    const weights = resolveWeights({ evidence_quality: 0.5 });
    expect(Object.values(weights).map((w) => Math.round(w * 1e12) / 1e12)).toEqual([0.4, 0.16, 0.16, 0.12, 0.08, 0.08]);
  });

  it.each([
    ['unknown factor', { evidence_quality: 1, gut_feeling: 2 }, /unknown factor\(s\): gut_feeling/],
    [
      'all zero',
      {
        evidence_quality: 0,
        logical_consistency: 0,
        semantic_alignment: 0,
        historical_success: 0,
        complexity_penalty: 0,
        validation_score: 0,
      },
      /every factor weight at 0/,
    ],
    ['negative', { evidence_quality: -1 }, /custom_weights\.evidence_quality must be a finite number ≥ 0/],
  ])('%s → invalid_arguments', (_name, custom, message) => {
    let thrown: unknown;
    try {
      resolveWeights(custom);
    } catch (error) {
      thrown = error;
    }
    expect(isServiceError(thrown) && thrown.code).toBe('invalid_arguments');
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('factor definitions', () => {
  it.each([
    // [steps, circular, value]: min(1, 0.6 + 0.2·(steps − 1)) − 0.2·circular
    [['a'], 0, 0.6],
    [['a', 'b'], 0, 0.8],
    [['a', 'b', 'c'], 0, 1],
    [['a', 'b', 'c'], 2, 0.6],
    [['a', 'b', 'c'], 6, 0], // 1 − 1.2 → floored at 0
  ])('logical consistency of %j with %d cycles → %d', (chain, circular, value) => {
    expect(
      valueOf(calculateReasoningConfidence({ reasoning_chain: chain, circular_dependencies: circular }), 'logical_consistency'),
    ).toBeCloseTo(value, 12);
  });

  it.each([
    [1, 3, 1],
    [1, 10, 0.9], // 1 − 0.02·(10 − 5)
    [2.5, 0, 0.85], // 1 − 0.1·1.5
    [20, 0, 0], // 1 − min(1, 1.9)
  ])('complexity with branch factor %d and %d steps → %d', (branch, steps, value) => {
    const chain = Array.from({ length: steps }, (_, i) => `step ${i}`);
    expect(valueOf(calculateReasoningConfidence({ branch_factor: branch, reasoning_chain: chain }), 'complexity_penalty')).toBeCloseTo(
      value,
      12,
    );
  });

  it('counts repeated steps after normalising case and spaces', () => {
    expect(countRepeatedSteps(['A  b', 'a b', 'c', 'A B '])).toBe(2);
  });
});
