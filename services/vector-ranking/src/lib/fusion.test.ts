import { describe, expect, it } from '@jest/globals';
import { fuseRankings } from './fusion.js';

const ids = (list: string[]) => list.map((docId) => ({ docId }));

describe('reciprocal rank fusion', () => {
  it('two short lists, k = 60', () => {
    // L0 = a, b, c; L1 = b, c, d.
    // a 1/61 ≈ 0.016393; b 1/62 + 1/61 ≈ 0.032522; c 1/63 + 1/62 ≈ 0.032002; d 1/63 ≈ 0.015873.
    const fused = fuseRankings([ids(['a', 'b', 'c']), ids(['b', 'c', 'd'])], { method: 'rrf' });
    const score = Object.fromEntries(fused.map((d) => [d.docId, d.score]));
    expect(score.a).toBeCloseTo(1 / 61, 15);
    expect(score.b).toBeCloseTo(1 / 62 + 1 / 61, 15);
    expect(score.c).toBeCloseTo(1 / 63 + 1 / 62, 15);
    expect(score.d).toBeCloseTo(1 / 63, 15);
    expect(fused.find((d) => d.docId === 'b')!.contributions).toEqual([
      { list: 0, rank: 2, contribution: 1 / 62 },
      { list: 1, rank: 1, contribution: 1 / 61 },
    ]);
  });

  it('weights multiply each list’s contribution', () => {
    const fused = fuseRankings([ids(['a']), ids(['b'])], { method: 'rrf', weights: [2, 1], k: 0 });
    expect(fused.map((d) => d.score)).toEqual([2, 1]);
  });

  it('rejects a document listed twice in one list', () => {
    expect(() => fuseRankings([ids(['a', 'a'])], { method: 'rrf' })).toThrow('rankings[0].items[1].docId "a" appears twice in the list');
  });
});

describe('CombSUM and CombMNZ with min-max normalisation', () => {
  // L0: a 3, b 2, c 1 → normalised 1, 0.5, 0.  L1: b 10, c 5, d 0 → 1, 0.5, 0.
  // CombSUM: a 1, b 1.5, c 0.5, d 0.  CombMNZ: a 1·1, b 1.5·2 = 3, c 0.5·2 = 1, d 0.
  const lists = [
    [
      { docId: 'a', score: 3 },
      { docId: 'b', score: 2 },
      { docId: 'c', score: 1 },
    ],
    [
      { docId: 'b', score: 10 },
      { docId: 'c', score: 5 },
      { docId: 'd', score: 0 },
    ],
  ];
  it('combsum', () => {
    expect(fuseRankings(lists, { method: 'combsum' }).map((d) => [d.docId, d.score])).toEqual([
      ['a', 1],
      ['b', 1.5],
      ['c', 0.5],
      ['d', 0],
    ]);
  });
  it('combmnz', () => {
    expect(fuseRankings(lists, { method: 'combmnz' }).map((d) => [d.docId, d.score])).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 1],
      ['d', 0],
    ]);
  });
  it('a list whose scores are all equal normalises to 1; missing scores are an error', () => {
    expect(fuseRankings([[{ docId: 'x', score: 7 }]], { method: 'combsum' })[0]!.score).toBe(1);
    expect(() => fuseRankings([ids(['a'])], { method: 'combmnz' })).toThrow('rankings[0].items[0].score is required for combmnz');
  });
});

describe('min-max normalisation across the whole double range', () => {
  it('scores ±1e308 (their difference overflows) normalise to 1 and 0, with 0 exactly halfway', () => {
    const fused = fuseRankings(
      [
        [
          { docId: 'x', score: 1e308 },
          { docId: 'z', score: 0 },
          { docId: 'y', score: -1e308 },
        ],
      ],
      { method: 'combsum' },
    );
    expect(fused.map((d) => [d.docId, d.score])).toEqual([
      ['x', 1],
      ['z', 0.5],
      ['y', 0],
    ]);
  });
});
