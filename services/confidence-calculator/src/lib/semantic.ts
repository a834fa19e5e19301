/**
 * Semantic alignment of an answer with its question, deterministic and offline:
 *
 * - content words: lower-cased runs of letters/digits, minus English stop words and one-letter
 *   tokens, possessive 's dropped, with a naive plural fold (a trailing `s` is dropped from words of 4+ letters not
 *   ending in `ss`, on both sides);
 * - keyword coverage = |question words ∩ answer words| / |question words| (0.5 when the question
 *   has no content words: nothing to check);
 * - answer-type cue: 1 when the answer has the form the question type calls for (a definition
 *   verb, sequence words, a causal connective, a date or time word, a place word, a name or
 *   person word), else 0; 0.5 for questions of type `other`;
 * - alignment = 0.7 · coverage + 0.3 · cue.
 */
import { NEUTRAL_FACTOR_VALUE, SEMANTIC_ALIGNMENT } from './factors.js';

export const QUESTION_TYPES = ['definition', 'process', 'explanation', 'temporal', 'location', 'identity', 'other'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Question patterns, in priority order for ties; the match that starts earliest in the question wins. */
export const QUESTION_PATTERNS: readonly (readonly [Exclude<QuestionType, 'other'>, RegExp])[] = [
  ['definition', /\b(?:what\s+(?:is|are|was|were)|what's|define|definition\s+of|meaning\s+of)\b/],
  ['process', /\bhow\s+(?:to|do|does|did|can|could|should|would|is|are)\b/],
  ['explanation', /\bwhy\b/],
  ['temporal', /\b(?:when|what\s+(?:time|year|date|day))\b/],
  ['location', /\bwhere\b/],
  ['identity', /\bwho(?:m|se)?\b/],
];

const CUES: Readonly<Record<Exclude<QuestionType, 'other' | 'identity'>, RegExp>> = {
  definition: /\b(?:is|are|was|were|means?|refers?\s+to|defined\s+as|known\s+as|describes?)\b/,
  // Blanks before a list number stay on their line: ^\s* would run across every following blank
  // line from each line start (quadratic on a text of newlines).
  process: /\b(?:first|firstly|then|next|finally|step|steps|by|using|follow)\b|^[^\S\r\n\u2028\u2029]*\d+[.)]/m,
  explanation: /\b(?:because|since|due\s+to|therefore|thus|hence|as\s+a\s+result|so\s+that|caused?\s+by|leads?\s+to|reason)\b/,
  temporal:
    /\b(?:\d{3,4}|\d{1,2}(?:st|nd|rd|th)|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|years?|months?|weeks?|days?|century|centuries|decades?|ago|before|after|during|until|since|am|pm|morning|evening|night)\b/,
  location: /\b(?:in|at|near|inside|outside|located|north|south|east|west|city|country|region|street|above|below|between)\b/,
};
const PERSON_WORDS = /\b(?:he|she|they|person|people|author|founder|inventor|scientist|team|company|organi[sz]ation)\b/;

/** English stop words (function words and question words) removed before keyword matching. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his
how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom whose why will with would you your yours yourself
yourselves s t d ll m re ve can't don't doesn't didn't isn't wasn't weren't won't what's define definition meaning explain describe tell`.split(
    /\s+/,
  ),
);

/** Content words of `text`, in order of first appearance, each with its folded matching key. */
export function contentWords(text: string): { word: string; key: string }[] {
  const seen = new Set<string>();
  const words: { word: string; key: string }[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu)) {
    const word = match[0].replace('’', "'").replace(/'s$/, '');
    if (STOP_WORDS.has(word) || (word.length < 2 && !/^\p{N}$/u.test(word))) continue;
    const key = word.length >= 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
    if (seen.has(key)) continue;
    seen.add(key);
    words.push({ word, key });
  }
  return words;
}

/** The question type: the pattern matching earliest in the question wins; ties go to the earlier pattern. */
export function classifyQuestion(question: string): QuestionType {
  const text = question.toLowerCase();
  let best: { type: QuestionType; index: number } = { type: 'other', index: Number.POSITIVE_INFINITY };
  for (const [type, pattern] of QUESTION_PATTERNS) {
    const match = pattern.exec(text);
    if (match && match.index < best.index) best = { type, index: match.index };
  }
  return best.type;
}

/** 1 when `answer` has the form a `type` question calls for, 0 when not, 0.5 for `other`. */
export function answerTypeCue(type: QuestionType, answer: string): number {
  if (type === 'other') return SEMANTIC_ALIGNMENT.neutral_cue;
  const lower = answer.toLowerCase();
  if (type === 'identity') return PERSON_WORDS.test(lower) || hasProperNoun(answer) ? 1 : 0;
  return CUES[type].test(lower) ? 1 : 0;
}

/** A capitalised word that does not start a sentence (a name, a place, an organisation). */
function hasProperNoun(text: string): boolean {
  return text.split(/[.!?]+/).some((sentence) =>
    sentence
      .trim()
      .split(/\s+/)
      .slice(1)
      .some((word) => /^\p{Lu}/u.test(word)),
  );
}

export interface SemanticAlignment {
  alignment_score: number;
  question_type: QuestionType;
  /** Question keywords found in the answer, in question order, as written in the question. */
  keyword_overlap: string[];
  question_keywords: number;
  answer_keywords: number;
  keyword_coverage: number;
  answer_type_cue: number;
}

/**
 * Scores how well `answer` addresses `question`.
 *
 * @example calculateSemanticAlignment('What is photosynthesis?', 'Photosynthesis is how plants make sugar.').alignment_score // 0.7·1 + 0.3·1 = 1
 */
export function calculateSemanticAlignment(question: string, answer: string): SemanticAlignment {
  const questionWords = contentWords(question);
  const answerKeys = new Set(contentWords(answer).map((w) => w.key));
  const overlap = questionWords.filter((w) => answerKeys.has(w.key)).map((w) => w.word);
  const coverage = questionWords.length === 0 ? NEUTRAL_FACTOR_VALUE : overlap.length / questionWords.length;
  const type = classifyQuestion(question);
  const cue = answerTypeCue(type, answer);
  return {
    alignment_score: SEMANTIC_ALIGNMENT.overlap_weight * coverage + SEMANTIC_ALIGNMENT.cue_weight * cue,
    question_type: type,
    keyword_overlap: overlap,
    question_keywords: questionWords.length,
    answer_keywords: answerKeys.size,
    keyword_coverage: coverage,
    answer_type_cue: cue,
  };
}
