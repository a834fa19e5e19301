import { describe, expect, it } from '@jest/globals';
import { toVector } from './vectors.js';

describe('toVector: the entry rule shared with vector-similarity', () => {
  it('copies finite entries within ±1e100', () => {
    expect(Array.from(toVector([1, -1e100, 1e-300], 'query_vector'))).toEqual([1, -1e100, 1e-300]);
  });

  it('names an entry beyond ±1e100 (products of such entries overflow a double) and a non-finite one', () => {
    expect(() => toVector([1, 1e308], 'documents[2].vector')).toThrow(
      'documents[2].vector[1] is out of range: entries must be within ±1e100',
    );
    expect(() => toVector([1, 'x'], 'query_vector')).toThrow('query_vector[1] is not a finite number');
  });
});
