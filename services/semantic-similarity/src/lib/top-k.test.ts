import { describe, expect, it } from '@jest/globals';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('keeps the k best, best first, ties by lower index', () => {
    const top = new TopK(3);
    [0.2, 0.9, 0.5, 0.9, 0.1, 0.5, 0.7].forEach((score, index) => top.push(score, index));
    expect(top.sorted()).toEqual([
      { score: 0.9, index: 1 },
      { score: 0.9, index: 3 },
      { score: 0.7, index: 6 },
    ]);
  });

  it('matches a full stable sort on random data', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) % 20) / 20;
    const scores = Array.from({ length: 500 }, random);
    for (const k of [1, 10, 499, 500, 600]) {
      const top = new TopK(k);
      scores.forEach((score, index) => top.push(score, index));
      const expected = scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score).slice(0, k);
      expect(top.sorted()).toEqual(expected);
    }
  });
});
