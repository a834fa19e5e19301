/**
 * The semantic-alignment regexes against adversarial answers at CONFIDENCE_MAX_TEXT_LENGTH
 * (20 000 characters by default). The list-number cue keeps its blanks on one line, so a text of
 * blank lines is read in linear time and scores exactly as its last line alone.
 */
import { describe, expect, it } from '@jest/globals';
import { answerTypeCue, calculateSemanticAlignment } from './semantic.js';

const MAX = 20_000;

describe('semantic alignment at 20 000 characters', () => {
  it('20 000 newlines before a line without a list number: no process cue', () => {
    const answer = `${'\n'.repeat(MAX - 1)}x`;
    expect(answerTypeCue('process', answer)).toBe(0);
    expect(calculateSemanticAlignment('How do I bake bread?', answer)).toEqual(calculateSemanticAlignment('How do I bake bread?', 'x'));
  });

  it('blank lines then a numbered step: the cue is found on its line', () => {
    const answer = `${'\n \t'.repeat((MAX - 12) / 3)}  1. knead it`;
    expect(answerTypeCue('process', answer)).toBe(1);
    expect(calculateSemanticAlignment('How do I bake bread?', answer)).toEqual(
      calculateSemanticAlignment('How do I bake bread?', '  1. knead it'),
    );
  });

  it('long blank runs after cue words that need a second word', () => {
    const answer = `refers${' '.repeat(MAX - 12)}to x`.slice(0, MAX);
    expect(answerTypeCue('definition', answer)).toBe(1);
    expect(answerTypeCue('definition', `refers${' '.repeat(MAX - 8)}x`)).toBe(0);
    expect(answerTypeCue('explanation', `due${' '.repeat(MAX - 5)}x`)).toBe(0);
  });
});
