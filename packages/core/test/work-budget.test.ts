import { describe, expect, it } from '@jest/globals';
import { assertWorkBudget, formatCount, isServiceError, workOf, type WorkBudget } from '../src/index.js';

const bm25 = (terms: number, documents: number): WorkBudget => ({
  what: 'BM25 work',
  factors: [
    { label: 'query terms', value: terms },
    { label: 'documents', value: documents },
  ],
  limit: 10_000_000,
  bound: 'RANKING_MAX_BM25_WORK',
  hint: 'send fewer query terms or documents',
  field: 'documents',
});

function refusal(budget: WorkBudget) {
  try {
    assertWorkBudget(budget);
  } catch (error) {
    if (isServiceError(error)) return { code: error.code, message: error.message, data: error.data };
    throw error;
  }
  return undefined;
}

describe('assertWorkBudget', () => {
  it('accepts a product equal to the limit and refuses one over it, naming factors, product, bound and hint', () => {
    expect(refusal(bm25(1_000, 10_000))).toBeUndefined();
    expect(refusal(bm25(12_000, 10_000))).toEqual({
      code: 'invalid_arguments',
      message:
        'BM25 work is 12 000 query terms × 10 000 documents = 120 000 000; the limit is RANKING_MAX_BM25_WORK=10 000 000: send fewer query terms or documents',
      data: { bound: 'RANKING_MAX_BM25_WORK', limit: 10_000_000, value: 120_000_000, field: 'documents' },
    });
    expect(refusal(bm25(1_001, 9_991))?.data).toEqual({
      bound: 'RANKING_MAX_BM25_WORK',
      limit: 10_000_000,
      value: 10_000_991,
      field: 'documents',
    });
  });

  it('writes a single factor without a product', () => {
    expect(
      refusal({
        what: 'The graph',
        factors: [{ label: 'links', value: 1_000_001 }],
        limit: 1_000_000,
        bound: 'X',
        hint: 'send fewer links',
      })?.message,
    ).toBe('The graph is 1 000 001 links; the limit is X=1 000 000: send fewer links');
  });

  it('formats counts as the READMEs do', () => {
    expect([formatCount(9_999), formatCount(10_000), formatCount(120_000_000), formatCount(0.5), formatCount(-12_345)]).toEqual([
      '9999',
      '10 000',
      '120 000 000',
      '0.5',
      '-12 345',
    ]);
    expect(
      workOf([
        { label: 'a', value: 3 },
        { label: 'b', value: 7 },
      ]),
    ).toBe(21);
  });
});
