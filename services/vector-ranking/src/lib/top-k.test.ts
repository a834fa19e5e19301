import { describe, expect, it } from '@jest/globals';
import { createRandom } from './random.js';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('keeps the k best, best first, ties by lower index', () => {
    const top = new TopK(3);
    [0.5, 0.9, 0.1, 0.9, 0.7, 0.5].forEach((s, i) => top.push(s, i));
    expect(top.drain()).toEqual([
      { score: 0.9, index: 1 },
      { score: 0.9, index: 3 },
      { score: 0.7, index: 4 },
    ]);
  });

  it('agrees with a full sort on random scores with many ties', () => {
    const random = createRandom(7);
    const scores = Array.from({ length: 5000 }, () => Math.floor(random() * 100) / 10);
    const top = new TopK(37);
    scores.forEach((s, i) => top.push(s, i));
    const expected = scores
      .map((score, index) => ({ score, index }))
      .sort((x, y) => y.score - x.score || x.index - y.index)
      .slice(0, 37);
    expect(top.drain()).toEqual(expected);
  });

  it('returns fewer than k when fewer were pushed', () => {
    const top = new TopK(10);
    top.push(1, 0);
    expect(top.drain()).toEqual([{ score: 1, index: 0 }]);
  });
});
