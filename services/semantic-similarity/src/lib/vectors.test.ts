import { describe, expect, it } from '@jest/globals';
import { l2Normalize, vectorCosine } from './vectors.js';

describe('vectorCosine', () => {
  it('matches a·b / (‖a‖‖b‖)', () => {
    // (1, 2, 3)·(4, 5, 6) = 32; ‖a‖ = √14, ‖b‖ = √77 → 32/√1078 ≈ 0.974632
    expect(vectorCosine([1, 2, 3], [4, 5, 6])).toBeCloseTo(32 / Math.sqrt(1078), 12);
    expect(vectorCosine([1, 0], [-1, 0])).toBe(-1);
    expect(vectorCosine(new Float32Array([1, 0]), [0, 1])).toBe(0);
  });

  it('is 0 for a zero vector', () => {
    expect(vectorCosine([0, 0], [1, 1])).toBe(0);
  });

  it('rejects different lengths', () => {
    expect(() => vectorCosine([1], [1, 2])).toThrow('vector lengths differ');
  });
});

describe('l2Normalize', () => {
  it('divides by the norm and leaves zero vectors zero', () => {
    expect(l2Normalize([3, 4])).toEqual([0.6, 0.8]);
    expect(l2Normalize(new Float32Array([0, 0]))).toEqual([0, 0]);
  });
});
