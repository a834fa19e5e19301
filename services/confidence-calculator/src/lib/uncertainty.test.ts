import { describe, expect, it } from '@jest/globals';
import { adjustConfidenceForUncertainty } from './uncertainty.js';

describe('adjustConfidenceForUncertainty', () => {
  it.each([
    ['no factors → unchanged', 0.8, [], 0.8, false],
    ['missing_evidence: 0.8 × 0.85 = 0.68', 0.8, ['missing_evidence'], 0.68, false],
    ['contradictory then weak: 0.9 × 0.7 × 0.8 = 0.63 × 0.8 = 0.504', 0.9, ['contradictory_evidence', 'weak_inference'], 0.504, false],
    ['unvalidated_source: 0.5 × 0.9 = 0.45', 0.5, ['unvalidated_source'], 0.45, false],
    ['complex_reasoning + limited_data: 1 × 0.9 × 0.85 = 0.765', 1, ['complex_reasoning', 'limited_data'], 0.765, false],
    ['unknown name counts as other: 0.6 × 0.95 = 0.57', 0.6, ['gut_feeling'], 0.57, false],
    [
      'all seven: 0.85 × 0.7 × 0.8 × 0.9 × 0.9 × 0.85 × 0.95 = 0.3113397',
      1,
      ['missing_evidence', 'contradictory_evidence', 'weak_inference', 'unvalidated_source', 'complex_reasoning', 'limited_data', 'other'],
      0.3113397,
      false,
    ],
    ['floor: 0.1 × 0.7 × 0.7 = 0.049 < 0.05 → 0.05', 0.1, ['contradictory_evidence', 'contradictory_evidence'], 0.05, true],
    ['floor applies to a low base too: 0.02 → 0.05', 0.02, [], 0.05, true],
  ])('%s', (_name, base, factors, adjusted, floored) => {
    const result = adjustConfidenceForUncertainty(base, factors);
    expect(result.adjusted_confidence).toBeCloseTo(adjusted, 12);
    expect(result.floor_applied).toBe(floored);
  });

  it('reports each factor with the confidence before and after it', () => {
    const result = adjustConfidenceForUncertainty(0.9, [' Contradictory_Evidence', 'hunch']);
    expect(result.impacts).toEqual([
      {
        factor: 'contradictory_evidence',
        applied_as: 'contradictory_evidence',
        multiplier: 0.7,
        confidence_before: 0.9,
        confidence_after: expect.closeTo(0.63, 12),
      },
      {
        factor: 'hunch',
        applied_as: 'other',
        multiplier: 0.95,
        confidence_before: expect.closeTo(0.63, 12),
        confidence_after: expect.closeTo(0.5985, 12),
      },
    ]);
    expect(result.total_multiplier).toBeCloseTo(0.665, 12);
  });
});
