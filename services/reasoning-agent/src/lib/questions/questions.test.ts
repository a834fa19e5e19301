import { describe, expect, it } from '@jest/globals';
import { decomposeQuestion, extractTopic, findComparison, splitCompound } from './decompose.js';
import { detectPatterns } from './patterns.js';

describe('detectPatterns on real questions', () => {
  it.each([
    ['How do I install Node.js on Ubuntu?', [['procedural', 0.76, ['how do i', 'install']]]],
    ['Why is the sky blue?', [['causal', 0.6, ['why']]]],
    [
      'What is the difference between TCP and UDP?',
      [
        ['comparative', 0.6, ['difference between']],
        ['definitional', 0.4, ['what is']],
      ],
    ],
    ['When did the Roman Empire fall?', [['temporal', 0.6, ['when']]]],
    ['What is photosynthesis?', [['definitional', 0.4, ['what is']]]],
    ['How does the immune system interact with the nervous system?', [['systems', 0.64, ['system', 'interact']]]],
    ['What causes inflation?', [['causal', 0.76, ['what causes', 'causes']]]],
    ['React vs Vue: which is better for beginners?', [['comparative', 0.76, ['vs', 'better']]]],
    ['How has the internet changed over time?', [['temporal', 0.6, ['over time']]]],
    ['What does entropy mean?', [['definitional', 0.6, ['what does entropy mean']]]],
    [
      'What are the effects of climate change on coral reef ecosystems?',
      [
        ['causal', 0.4, ['effects']],
        ['definitional', 0.4, ['what are']],
        ['systems', 0.4, ['ecosystems']],
      ],
    ],
    ['How to set up a Kubernetes cluster step by step?', [['procedural', 0.94, ['how to', 'step by step', 'step', 'set up']]]],
    ['Who was Ada Lovelace?', [['definitional', 0.4, ['who was']]]],
    ['Where is the Eiffel Tower?', []],
    ['How does a refrigerator work?', [['systems', 0.4, ['how does a refrigerator work']]]],
  ])('%s', (question, expected) => {
    const detected = detectPatterns(question).map((p) => [p.pattern, p.confidence, p.indicators]);
    expect(detected).toEqual(expected);
  });

  it('honours focus areas', () => {
    expect(detectPatterns('What is the difference between TCP and UDP?', ['definitional']).map((p) => p.pattern)).toEqual(['definitional']);
  });

  it('is case- and punctuation-insensitive and counts an indicator once', () => {
    expect(detectPatterns('WHY?? Why, why!')).toEqual([{ pattern: 'causal', confidence: 0.6, indicators: ['why'] }]);
  });
});

describe('decomposition heuristics', () => {
  it.each([
    ['What is photosynthesis?', 'photosynthesis'],
    ['Why is the sky blue?', 'the fact that the sky is blue'],
    ['Why do leaves change color in autumn?', 'the fact that leaves change color in autumn'],
    ['How is the immune system organised?', 'how the immune system is organised'],
    ['How has the internet changed over time?', 'how the internet has changed over time'],
    ['Where is the Eiffel Tower?', 'where the Eiffel Tower is'],
    ['How do I install Node.js on Ubuntu?', 'how to install Node.js on Ubuntu'],
    ['What does entropy mean?', 'entropy'],
    ['What causes inflation?', 'inflation'],
    ['Explain the water cycle', 'the water cycle'],
  ])('topic of %s is %s', (question, topic) => {
    expect(extractTopic(question)).toBe(topic);
  });

  it.each([
    ['What is the difference between TCP and UDP?', ['TCP', 'UDP']],
    ['Compare Python with JavaScript', ['Python', 'JavaScript']],
    ['React vs Vue: which is better for beginners?', ['React', 'Vue']],
    ['Which is better, cats versus dogs?', ['cats', 'dogs']],
    ['Why is the sky blue?', null],
  ])('comparison in %s', (question, sides) => {
    expect(findComparison(question)).toEqual(sides);
  });

  it('splits compound questions', () => {
    expect(splitCompound('What is machine learning and how is it used in healthcare?')).toEqual([
      'What is machine learning',
      'how is it used in healthcare',
    ]);
    expect(splitCompound('Who wrote Hamlet? When was it written?')).toEqual(['Who wrote Hamlet', 'When was it written']);
    expect(splitCompound('Is bread and butter healthy?')).toEqual(['Is bread and butter healthy']);
  });
});

describe('decomposeQuestion', () => {
  it('uses the causal templates with dependencies', () => {
    expect(decomposeQuestion('Why is the sky blue?', 5, 'causal')).toEqual({
      question: 'Why is the sky blue?',
      question_type: 'causal',
      method: 'template',
      strategy: 'causal',
      topic: 'the fact that the sky is blue',
      sub_questions: [
        { id: 'q1', text: 'What are the main causes of the fact that the sky is blue?', type: 'cause', depends_on: [] },
        {
          id: 'q2',
          text: 'Through what mechanism do those causes produce the fact that the sky is blue?',
          type: 'mechanism',
          depends_on: ['q1'],
        },
        { id: 'q3', text: 'What are the effects or consequences of the fact that the sky is blue?', type: 'effect', depends_on: [] },
        { id: 'q4', text: 'Under what conditions would the outcome be different?', type: 'condition', depends_on: ['q1', 'q2'] },
        { id: 'q5', text: 'Based on the answers above: Why is the sky blue?', type: 'synthesis', depends_on: ['q1', 'q2', 'q3', 'q4'] },
      ],
    });
  });

  it.each([
    [
      'What is photosynthesis?',
      'structural',
      'definitional',
      'template',
      ['definition', 'component', 'relationship', 'context', 'synthesis'],
    ],
    [
      'How has the internet changed over time?',
      'temporal',
      'temporal',
      'template',
      ['origin', 'sequence', 'current_state', 'projection', 'synthesis'],
    ],
    [
      'What is the difference between TCP and UDP?',
      'structural',
      'comparative',
      'comparison',
      ['definition', 'definition', 'comparison', 'comparison', 'synthesis'],
    ],
    ['What is machine learning and how is it used in healthcare?', 'causal', 'definitional', 'compound', ['part', 'part', 'synthesis']],
    ['Where is the Eiffel Tower?', 'structural', 'other', 'template', ['definition', 'component', 'relationship', 'context', 'synthesis']],
  ] as const)('%s (%s)', (question, strategy, type, method, types) => {
    const result = decomposeQuestion(question, 5, strategy);
    expect(result.question_type).toBe(type);
    expect(result.method).toBe(method);
    expect(result.sub_questions.map((q) => q.type)).toEqual(types);
  });

  it('respects max_sub_questions and drops dependencies on removed questions', () => {
    expect(decomposeQuestion('What is the difference between TCP and UDP?', 3, 'structural').sub_questions).toEqual([
      { id: 'q1', text: 'What is TCP?', type: 'definition', depends_on: [] },
      { id: 'q2', text: 'What is UDP?', type: 'definition', depends_on: [] },
      {
        id: 'q3',
        text: 'Based on the answers above: What is the difference between TCP and UDP?',
        type: 'synthesis',
        depends_on: ['q1', 'q2'],
      },
    ]);
    expect(decomposeQuestion('Why is the sky blue?', 1, 'causal').sub_questions.map((q) => q.type)).toEqual(['cause']);
    expect(decomposeQuestion('Why is the sky blue?', 10, 'causal').sub_questions).toHaveLength(5);
  });
});
