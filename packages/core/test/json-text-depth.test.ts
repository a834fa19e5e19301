/** jsonTextExceedsDepth (the pipeline's nesting check, read from the body text) agrees with exceedsJsonDepth on the parsed value. */
import { describe, expect, it } from '@jest/globals';
import { exceedsJsonDepth, jsonTextExceedsDepth, MAX_JSON_DEPTH } from '../src/http/body.js';
import { createRandom } from '../src/vectors/index.js';

/** Strings full of what a naive bracket counter would trip over. */
const TRICKY = ['[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '[[[', '"]', 'é[ü', '😀{', '\\u005b', 'a"b[c'];

function randomValue(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth > 8 || roll < 0.3) {
    const kind = Math.floor(random() * 5);
    if (kind === 0) return Math.round((random() - 0.5) * 1e6) / 1e3;
    if (kind === 1) return random() < 0.5;
    if (kind === 2) return null;
    return Array.from({ length: Math.floor(random() * 4) }, () => TRICKY[Math.floor(random() * TRICKY.length)]).join('');
  }
  const size = Math.floor(random() * 4);
  if (roll < 0.65) return Array.from({ length: size }, () => randomValue(random, depth + 1));
  return Object.fromEntries(
    Array.from({ length: size }, (_, i) => [`${TRICKY[Math.floor(random() * TRICKY.length)]}${i}`, randomValue(random, depth + 1)]),
  );
}

describe('jsonTextExceedsDepth', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonTextExceedsDepth('"text"', 0)).toBe(false);
    expect(jsonTextExceedsDepth('{"a":1}', 1)).toBe(false);
    expect(jsonTextExceedsDepth('{"a":[1]}', 1)).toBe(true);
    expect(jsonTextExceedsDepth('{"a":[1]}', 2)).toBe(false);
    expect(jsonTextExceedsDepth('["[[[[", {"k\\"[[": "]]\\\\"}]', 2)).toBe(false);
    expect(jsonTextExceedsDepth('["\\\\", [[1]]]', 2)).toBe(true);
    expect(jsonTextExceedsDepth('["\\\\\\"[[[", [1]]', 2)).toBe(false);
    expect(jsonTextExceedsDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(true);
    expect(jsonTextExceedsDepth('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTextExceedsDepth('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('agrees with exceedsJsonDepth on 2 000 random documents at every limit', () => {
    const random = createRandom(2026);
    for (let n = 0; n < 2000; n++) {
      const value = randomValue(random, 0);
      const text = JSON.stringify(value, null, n % 3 === 0 ? 2 : undefined);
      for (const limit of [0, 1, 2, 3, 5, 9]) {
        expect([text, limit, jsonTextExceedsDepth(text, limit)]).toEqual([text, limit, exceedsJsonDepth(JSON.parse(text), limit)]);
      }
    }
  });
});
