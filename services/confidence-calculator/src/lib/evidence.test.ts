import { describe, expect, it } from '@jest/globals';
import { calculateEvidenceQuality } from './evidence.js';

const items = (...types: (string | undefined)[]) => types.map((source_type) => ({ source_type }));
const none = { academic: 0, verified: 0, empirical: 0, other: 0, unstructured: 0 };

describe('calculateEvidenceQuality', () => {
  it.each([
    ['no evidence → the fixed 0.2', [], 0.2, 0, none],
    ['one academic → 0.9', items('academic'), 0.9, 0, { ...none, academic: 1 }],
    ['academic + empirical → (0.9 + 0.7) / 2 = 0.8', items('academic', 'empirical'), 0.8, 0, { ...none, academic: 1, empirical: 1 }],
    [
      'three items, no bonus → (0.9 + 0.8 + 0.7) / 3 = 0.8',
      items('academic', 'verified', 'empirical'),
      0.8,
      0,
      { ...none, academic: 1, verified: 1, empirical: 1 },
    ],
    [
      'four items → (0.9 + 0.8 + 0.7 + 0.3) / 4 + 0.1 = 0.675 + 0.1 = 0.775',
      items('academic', 'verified', 'empirical', 'unstructured'),
      0.775,
      0.1,
      { academic: 1, verified: 1, empirical: 1, other: 0, unstructured: 1 },
    ],
    ['four academic → min(1, 0.9 + 0.1) = 1', items('academic', 'academic', 'academic', 'academic'), 1, 0.1, { ...none, academic: 4 }],
    [
      'five academic → still capped at 1',
      items('academic', 'academic', 'academic', 'academic', 'academic'),
      1,
      0.1,
      { ...none, academic: 5 },
    ],
    [
      'case/space-insensitive; missing and unknown → other: (0.9 + 0.4 + 0.4) / 3 = 0.5667',
      items(' Academic ', undefined, 'blog'),
      1.7 / 3,
      0,
      { ...none, academic: 1, other: 2 },
    ],
  ])('%s', (_name, evidence, score, bonus, composition) => {
    const result = calculateEvidenceQuality(evidence);
    expect(result.score).toBeCloseTo(score, 12);
    expect(result.quantity_bonus).toBe(bonus);
    expect(result.item_count).toBe(evidence.length);
    expect(result.composition).toEqual(composition);
  });
});
