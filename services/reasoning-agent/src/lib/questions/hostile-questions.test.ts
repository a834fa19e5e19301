/**
 * The question heuristics' regexes against adversarial questions at the tools' 2 000-character
 * bound. Blank runs and trailing punctuation are read by linear code (decompose.ts), so each case
 * must give exactly what the same question without the padding gives.
 */
import { describe, expect, it } from '@jest/globals';
import { decomposeQuestion, findComparison, splitCompound } from './decompose.js';
import { detectPatterns } from './patterns.js';

const MAX = 2_000;

describe('decompose_question and analyze_question_patterns at 2 000 characters', () => {
  it('a run of blanks between two words reads as one space', () => {
    const padded = `what${' '.repeat(MAX - 8)}is x`;
    expect(padded.length).toBe(MAX);
    expect(splitCompound(padded)).toEqual(['what is x']);
    expect(decomposeQuestion(padded, 5, 'structural')).toEqual(decomposeQuestion('what is x', 5, 'structural'));
    expect(detectPatterns(padded)).toEqual(detectPatterns('what is x'));
  });

  it('a blank run before "and" that is not followed by a question word does not split', () => {
    const padded = `a${' '.repeat(MAX - 6)}and b`;
    expect(splitCompound(padded)).toEqual(['a and b']);
  });

  it('question marks that do not reach the end, and ones that do', () => {
    const inner = `what is x${'?'.repeat(MAX - 11)}!y`;
    expect(splitCompound(inner)).toEqual(['what is x', '!y']);
    const trailing = `what is x${'?'.repeat(MAX - 9)}`;
    expect(splitCompound(trailing)).toEqual(['what is x']);
    expect(decomposeQuestion(trailing, 5, 'causal')).toEqual(decomposeQuestion('what is x?', 5, 'causal'));
  });

  it('repeated openings of the comparison and definition patterns', () => {
    expect(findComparison('compare '.repeat(MAX / 8))).toBeNull();
    expect(findComparison('differences between '.repeat(MAX / 20))).toBeNull();
    const whatDoes = 'what does '.repeat(MAX / 10);
    expect(detectPatterns(whatDoes)).toEqual(detectPatterns('what does '));
  });
});
