import { describe, expect, it } from '@jest/globals';
import { calculateSemanticAlignment, classifyQuestion, contentWords } from './semantic.js';

describe('classifyQuestion', () => {
  it.each([
    ['What is entropy?', 'definition'],
    ["What's a monad?", 'definition'],
    ['Define photosynthesis', 'definition'],
    ['How to bake bread', 'process'],
    ['How does TLS work?', 'process'],
    ['Why is the sky blue?', 'explanation'],
    ['When was the bridge built?', 'temporal'],
    ['What year did the war end?', 'temporal'],
    ['Where is Paris?', 'location'],
    ['Who wrote Hamlet?', 'identity'],
    ['Whose book is this?', 'identity'],
    ['Who knows how to fix it?', 'identity'], // the earliest match wins
    ['Explain what is meant by entropy, and why', 'definition'],
    ['How many legs does a spider have?', 'other'],
    ['Is it raining?', 'other'],
  ])('%s → %s', (question, type) => {
    expect(classifyQuestion(question)).toBe(type);
  });
});

describe('contentWords', () => {
  it('drops stop words and one-letter tokens, folds plurals, keeps numbers', () => {
    expect(contentWords('What are the 3 main causes of a cell’s death? Cells die.').map((w) => w.key)).toEqual([
      '3',
      'main',
      'cause',
      'cell',
      'death',
      'die',
    ]);
  });
});

describe('calculateSemanticAlignment', () => {
  it.each([
    // coverage 1/1 (photosynthesis), definition cue "is" → 0.7·1 + 0.3·1 = 1
    [
      'What is photosynthesis?',
      'Photosynthesis is the process by which plants turn light into sugar.',
      1,
      'definition',
      ['photosynthesis'],
    ],
    // keywords plants, make, sugar; none in the answer → 0; cue "first" → 0.7·0 + 0.3·1 = 0.3
    ['How do plants make sugar?', 'First they absorb light, then they fix carbon dioxide.', 0.3, 'process', []],
    // keywords sky, blue; "blue" found → 1/2; no causal connective → 0.7·0.5 + 0 = 0.35
    ['Why is the sky blue?', 'Blue light is scattered more by air.', 0.35, 'explanation', ['blue']],
    // keywords berlin, wall, fall; berlin + wall found → 2/3; "1989" is a date → 0.7·2/3 + 0.3 = 0.76667
    ['When did the Berlin Wall fall?', 'The Berlin Wall fell in 1989.', (0.7 * 2) / 3 + 0.3, 'temporal', ['berlin', 'wall']],
    // keywords eiffel, tower; none found; "in" is a place word → 0.3
    ['Where is the Eiffel Tower?', 'It stands in Paris, France.', 0.3, 'location', []],
    // keywords wrote, hamlet; hamlet found → 1/2; "William" is a name mid-sentence → 0.35 + 0.3 = 0.65
    ['Who wrote Hamlet?', 'Hamlet was written by William Shakespeare.', 0.65, 'identity', ['hamlet']],
    // keyword cats (folded "cat") found → 1; type other → neutral cue 0.5 → 0.7 + 0.15 = 0.85
    ['Tell me about cats', 'Cats are small domesticated felines.', 0.85, 'other', ['cats']],
    // no content words in the question → coverage 0.5; "because" → 0.35 + 0.3 = 0.65
    ['Why?', 'Because it rains.', 0.65, 'explanation', []],
  ])('%s / %s → %d', (question, answer, score, type, overlap) => {
    const result = calculateSemanticAlignment(question, answer);
    expect(result.alignment_score).toBeCloseTo(score, 12);
    expect(result.question_type).toBe(type);
    expect(result.keyword_overlap).toEqual(overlap);
  });
});
