import { describe, expect, it } from '@jest/globals';
import { pageRank } from './pagerank.js';

const graph = (edges: Record<string, string[]>) => Object.entries(edges).map(([id, links]) => ({ id, links }));
const tight = { tolerance: 1e-12, maxIterations: 1000 };

describe('pageRank against known stationary distributions', () => {
  it('2-node cycle → [0.5, 0.5]', () => {
    const result = pageRank(graph({ a: ['b'], b: ['a'] }), tight);
    expect(result.scores[0]).toBeCloseTo(0.5, 12);
    expect(result.scores[1]).toBeCloseTo(0.5, 12);
    expect(result.converged).toBe(true);
  });

  it('3-node cycle → 1/3 each', () => {
    const result = pageRank(graph({ a: ['b'], b: ['c'], c: ['a'] }), tight);
    for (const s of result.scores) expect(s).toBeCloseTo(1 / 3, 12);
  });

  it('a → b, b → a, b → c, c dangling: solved by hand', () => {
    // With d = 0.85, N = 3, and c's mass spread over all three:
    //   a = 0.05 + 0.85 (b/2 + c/3),  b = 0.05 + 0.85 (a + c/3),  c = 0.05 + 0.85 (b/2 + c/3).
    // a = c (same equations). With b = 1 − 2a:
    //   a = 0.05 + 0.85 ((1 − 2a)/2 + a/3) = 0.475 − (17/30) a  →  (47/30) a = 0.475  →  a = 57/188.
    //   b = 1 − 114/188 = 74/188 = 37/94.  Check: 0.05 + 0.85 (57/188 + 19/188) = 0.05 + 0.85·76/188 = 37/94.
    const result = pageRank(graph({ a: ['b'], b: ['a', 'c'], c: [] }), tight);
    expect(result.scores[0]).toBeCloseTo(57 / 188, 10);
    expect(result.scores[1]).toBeCloseTo(37 / 94, 10);
    expect(result.scores[2]).toBeCloseTo(57 / 188, 10);
    expect(result.danglingNodes).toBe(1);
  });

  it('star: every leaf links to the hub, the hub is dangling', () => {
    // N = 4, (1 − d)/N = 0.0375; the hub's mass h is spread as h/4 over all four nodes:
    // h = 0.0375 + 0.85 (3l + h/4), l = 0.0375 + 0.85 h/4, h + 3l = 1.
    // l = 0.0375 + 0.2125 h; h = 1 − 3l = 1 − 0.1125 − 0.6375 h → h = 0.8875/1.6375 = 71/131, l = 20/131.
    const result = pageRank(graph({ h: [], x: ['h'], y: ['h'], z: ['h'] }), tight);
    expect(result.scores[0]).toBeCloseTo(71 / 131, 10);
    for (const i of [1, 2, 3]) expect(result.scores[i]).toBeCloseTo(20 / 131, 10);
  });

  it('no links at all: uniform; scores always sum to 1', () => {
    const result = pageRank(graph({ a: [], b: [], c: [], d: [] }));
    expect(Array.from(result.scores)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const other = pageRank(graph({ a: ['b', 'c'], b: ['c'], c: ['a'], d: ['c', 'a'] }));
    expect(other.scores.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
  });

  it('ignores and reports links to unknown ids; duplicate links count once', () => {
    const result = pageRank(graph({ a: ['b', 'b', 'zzz'], b: ['a'] }), tight);
    expect(result.ignoredLinks).toEqual([{ from: 'a', to: 'zzz' }]);
    expect(result.edges).toBe(2);
    expect(result.scores[0]).toBeCloseTo(0.5, 12);
  });

  it('stops at max iterations and says it did not converge', () => {
    const result = pageRank(graph({ a: ['b'], b: ['c'], c: [] }), { maxIterations: 2, tolerance: 1e-15 });
    expect(result).toMatchObject({ iterations: 2, converged: false });
  });
});
