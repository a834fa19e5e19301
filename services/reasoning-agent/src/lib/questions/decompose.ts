/**
 * Deterministic question decomposition. In order:
 * 1. A compound question (several sentences, or clauses joined by "and"/";" where the second
 *    starts with a question word) is split into its parts, followed by a synthesis step.
 * 2. A comparison ("difference between A and B", "compare A with B", "A vs B") becomes: what is
 *    A, what is B, how they differ, what they share, when each is preferable, synthesis.
 * 3. Otherwise the topic is extracted and the strategy's templates are filled in: structural
 *    (concepts, components, relationships, context), causal (causes, mechanism, effects,
 *    conditions) or temporal (origin, stages, current state, future), then synthesis.
 * Sub-questions past `maxSubQuestions` are dropped (synthesis is kept when at least 3 fit).
 */
import { detectPatterns, type QuestionPattern } from './patterns.js';

export const DECOMPOSITION_STRATEGIES = ['structural', 'causal', 'temporal'] as const;
export type DecompositionStrategy = (typeof DECOMPOSITION_STRATEGIES)[number];

export interface SubQuestion {
  id: string;
  text: string;
  type: string;
  depends_on: string[];
}

export interface Decomposition {
  question: string;
  question_type: QuestionPattern | 'other';
  method: 'compound' | 'comparison' | 'template';
  strategy: DecompositionStrategy;
  topic: string;
  sub_questions: SubQuestion[];
}

interface Draft {
  text: string;
  type: string;
  /** Indices of earlier drafts this one depends on. */
  after: number[];
}

const WH = '(?:what|why|how|when|where|who|which)';
const AUX = '(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)';
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'my',
  'your',
  'our',
  'their',
  'its',
  'his',
  'her',
  'some',
  'many',
  'most',
]);

function clean(text: string): string {
  // A scan, not /[?.!\s]+$/: that one is retried from every position of a long run of "?" that
  // does not reach the end (quadratic).
  const collapsed = text.replace(/\s+/g, ' ').trim();
  let end = collapsed.length;
  while (end > 0 && '?.! '.includes(collapsed[end - 1]!)) end--;
  return collapsed.slice(0, end);
}

function sentence(text: string): string {
  const trimmed = clean(text);
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}?`;
}

/** Splits "What is X and why does it matter?" into its questions. */
export function splitCompound(question: string): string[] {
  // Whitespace collapsed first: on a raw run of blanks, `\s+and` is tried from every blank and
  // runs to the run's end each time (quadratic).
  return question
    .replace(/\s+/g, ' ')
    .split(/\?\s*(?=\S)|;\s*|,?\s+and\s+(?=(?:what|why|how|when|where|who|which)\b)/i)
    .map(clean)
    .filter((part) => part.length > 0);
}

/** Finds the two sides of a comparison, if the question is one. */
export function findComparison(question: string): [string, string] | null {
  const text = clean(question);
  const patterns = [
    /differences? between (.+?) and (.+)$/i,
    /\bcompare (.+?) (?:and|with|to) (.+)$/i,
    /^(?:(?:what|which|how) (?:is|are) (?:better,? )?)?(.+?),? (?:vs\.?|versus) (.+)$/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    // The second side ends at the first clause break: "React vs Vue: which is better" → Vue.
    if (match) return [clean(match[1]!), clean(match[2]!.split(/[:;,]/)[0]!)];
  }
  return null;
}

const STOP_WORDS = new Set([
  'of',
  'in',
  'on',
  'with',
  'for',
  'to',
  'at',
  'by',
  'from',
  'into',
  'about',
  'than',
  'so',
  'very',
  'more',
  'less',
  'most',
  'not',
]);
const PREDICATE_LIKE = /(?:ed|en|ing|ful|ous|ive|able|ible|al|ic|ant|ent|ary)$/;

/**
 * Turns the rest of a question into a statement: "is the sky blue" → "the sky is blue". With
 * do/does/did the auxiliary is dropped ("does ice float" → "ice float"). The subject is a single
 * word (or a run of capitalised words) or, after a determiner, the words up to a preposition, a
 * word that looks like a participle or adjective, or the last word.
 */
function declarative(aux: string, rest: string): string {
  const verb = aux.toLowerCase();
  if (verb === 'do' || verb === 'does' || verb === 'did') return rest;
  const words = rest.split(' ');
  let end = 1;
  if (DETERMINERS.has(words[0]!.toLowerCase())) {
    end = 2;
    while (end < words.length - 1 && !STOP_WORDS.has(words[end]!.toLowerCase()) && !PREDICATE_LIKE.test(words[end]!.toLowerCase())) end++;
  }
  // Proper names ("the Eiffel Tower", "New York City") stay together.
  while (end < words.length && /^[A-Z]/.test(words[end]!) && /^[A-Z]/.test(words[end - 1]!)) end++;
  const subject = words.slice(0, end).join(' ');
  const predicate = words.slice(end).join(' ');
  return `${subject} ${verb}${predicate ? ` ${predicate}` : ''}`;
}

/** The topic as a noun phrase usable in every template. */
export function extractTopic(question: string): string {
  const text = clean(question);
  let match = /^(?:what|who) (?:is|are|was|were) (.+)$/i.exec(text);
  if (match) return match[1]!;
  match = /^what (?:causes|caused|leads to|led to) (.+)$/i.exec(text);
  if (match) return match[1]!;
  match = /^what (?:does|do|did) (.+) mean$/i.exec(text);
  if (match) return match[1]!;
  match = /^how (?:to|(?:do|can|should|would|could) (?:i|we|you|one)) (.+)$/i.exec(text);
  if (match) return `how to ${match[1]!}`;
  match = new RegExp(`^(why|how|when|where) (${AUX}) (.+)$`, 'i').exec(text);
  if (match) {
    const clause = declarative(match[2]!, match[3]!);
    return match[1]!.toLowerCase() === 'why' ? `the fact that ${clause}` : `${match[1]!.toLowerCase()} ${clause}`;
  }
  match = /^(?:explain|describe|discuss|summari[sz]e) (.+)$/i.exec(text);
  if (match) return match[1]!;
  match = new RegExp(`^${WH} (.+)$`, 'i').exec(text);
  return match ? match[1]! : text;
}

const TEMPLATES: Record<DecompositionStrategy, (topic: string) => Draft[]> = {
  structural: (t) => [
    { text: `What are the key concepts involved in ${t}?`, type: 'definition', after: [] },
    { text: `What are the main components or parts of ${t}?`, type: 'component', after: [0] },
    { text: `How do the components of ${t} relate to one another?`, type: 'relationship', after: [1] },
    { text: `What broader context or system does ${t} belong to?`, type: 'context', after: [0] },
  ],
  causal: (t) => [
    { text: `What are the main causes of ${t}?`, type: 'cause', after: [] },
    { text: `Through what mechanism do those causes produce ${t}?`, type: 'mechanism', after: [0] },
    { text: `What are the effects or consequences of ${t}?`, type: 'effect', after: [] },
    { text: `Under what conditions would the outcome be different?`, type: 'condition', after: [0, 1] },
  ],
  temporal: (t) => [
    { text: `What is the origin of ${t}?`, type: 'origin', after: [] },
    { text: `What are the key stages in the development of ${t}?`, type: 'sequence', after: [0] },
    { text: `What is the current state of ${t}?`, type: 'current_state', after: [1] },
    { text: `How is ${t} likely to change in the future?`, type: 'projection', after: [2] },
  ],
};

/**
 * Decomposes `question` into at most `maxSubQuestions` sub-questions (ids q1, q2, …).
 *
 * @example decomposeQuestion('Why is the sky blue?', 5, 'causal').sub_questions[0].text
 * // 'What are the main causes of the fact that the sky is blue?'
 */
export function decomposeQuestion(question: string, maxSubQuestions: number, strategy: DecompositionStrategy): Decomposition {
  const original = sentence(question);
  const primary = detectPatterns(question)[0]?.pattern ?? 'other';
  const parts = splitCompound(question);
  let method: Decomposition['method'];
  let topic: string;
  let drafts: Draft[];
  const comparison = findComparison(question);
  if (parts.length > 1) {
    method = 'compound';
    topic = parts.map(extractTopic).join('; ');
    drafts = parts.map((part) => ({ text: sentence(part), type: 'part', after: [] }));
  } else if (comparison) {
    method = 'comparison';
    const [a, b] = comparison;
    topic = `${a} vs ${b}`;
    drafts = [
      { text: `What is ${a}?`, type: 'definition', after: [] },
      { text: `What is ${b}?`, type: 'definition', after: [] },
      { text: `How do ${a} and ${b} differ?`, type: 'comparison', after: [0, 1] },
      { text: `What do ${a} and ${b} have in common?`, type: 'comparison', after: [0, 1] },
      { text: `In which situations is ${a} preferable to ${b}, and vice versa?`, type: 'criteria', after: [2, 3] },
    ];
  } else {
    method = 'template';
    topic = extractTopic(question);
    drafts = TEMPLATES[strategy](topic);
  }
  const synthesis: Draft = { text: `Based on the answers above: ${original}`, type: 'synthesis', after: drafts.map((_, i) => i) };
  const kept =
    maxSubQuestions >= 3 ? [...drafts.slice(0, Math.min(drafts.length, maxSubQuestions - 1)), synthesis] : drafts.slice(0, maxSubQuestions);
  const count = kept.filter((draft) => draft !== synthesis).length;
  const sub_questions = kept.map((draft, i): SubQuestion => {
    const isSynthesis = draft === synthesis;
    const after = isSynthesis ? Array.from({ length: count }, (_, k) => k) : draft.after.filter((k) => k < count);
    return { id: `q${i + 1}`, text: draft.text, type: draft.type, depends_on: after.map((k) => `q${k + 1}`) };
  });
  return { question: original, question_type: primary, method, strategy, topic, sub_questions };
}
