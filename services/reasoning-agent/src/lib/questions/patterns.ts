/**
 * Deterministic question-pattern detection: a fixed lexicon of indicator phrases, each with a
 * weight (strong 0.6, medium 0.4, weak 0.25). A pattern's confidence is the noisy-or of its
 * matched indicators, 1 − Π(1 − w), capped at 0.95 and rounded to two decimals. The README
 * lists every indicator.
 */
export const QUESTION_PATTERNS = ['procedural', 'causal', 'comparative', 'temporal', 'definitional', 'systems'] as const;
export type QuestionPattern = (typeof QUESTION_PATTERNS)[number];

const STRONG = 0.6;
const MEDIUM = 0.4;
const WEAK = 0.25;

/** [pattern, regular expression over the normalised question, weight]. `^` anchors at the start. */
export const INDICATORS: readonly (readonly [QuestionPattern, string, number])[] = [
  ['procedural', '^how to', STRONG],
  ['procedural', '^how (?:do|can|should|would|could) (?:i|we|you|one)', STRONG],
  ['procedural', 'step by step', STRONG],
  ['procedural', 'steps?', MEDIUM],
  ['procedural', 'process', MEDIUM],
  ['procedural', 'procedure', MEDIUM],
  ['procedural', 'instructions', MEDIUM],
  ['procedural', 'implement(?:ation)?', MEDIUM],
  ['procedural', 'install', MEDIUM],
  ['procedural', 'configure', MEDIUM],
  ['procedural', 'set up', MEDIUM],
  ['procedural', 'guide', WEAK],
  ['procedural', 'method', WEAK],
  ['causal', '^why', STRONG],
  ['causal', 'what causes', STRONG],
  ['causal', 'caus(?:e|es|ed|ing)', MEDIUM],
  ['causal', 'because', MEDIUM],
  ['causal', 'effects?', MEDIUM],
  ['causal', 'impacts?', MEDIUM],
  ['causal', '(?:lead|leads|led) to', MEDIUM],
  ['causal', 'result(?:s|ed)? in', MEDIUM],
  ['causal', 'reasons?', MEDIUM],
  ['causal', 'due to', MEDIUM],
  ['causal', 'consequences?', MEDIUM],
  ['causal', 'influenc(?:e|es|ed)', WEAK],
  ['causal', 'affect(?:s|ed)?', WEAK],
  ['causal', 'contribut(?:e|es|ed) to', WEAK],
  ['comparative', 'compar(?:e|ed|ing|ison)', STRONG],
  ['comparative', 'versus', STRONG],
  ['comparative', 'vs', STRONG],
  ['comparative', 'differences? between', STRONG],
  ['comparative', 'pros and cons', STRONG],
  ['comparative', 'differ(?:s|ent)?', MEDIUM],
  ['comparative', 'better', MEDIUM],
  ['comparative', 'worse', MEDIUM],
  ['comparative', 'similar(?:ity|ities)?', MEDIUM],
  ['comparative', '(?:dis)?advantages?', MEDIUM],
  ['comparative', 'contrast', MEDIUM],
  ['comparative', 'than', WEAK],
  ['temporal', '^when', STRONG],
  ['temporal', 'over time', STRONG],
  ['temporal', 'timeline', STRONG],
  ['temporal', 'history', MEDIUM],
  ['temporal', 'historical(?:ly)?', MEDIUM],
  ['temporal', 'evol(?:ve|ved|ution)', MEDIUM],
  ['temporal', 'future', MEDIUM],
  ['temporal', 'trends?', MEDIUM],
  ['temporal', 'centur(?:y|ies)', MEDIUM],
  ['temporal', 'decades?', MEDIUM],
  ['temporal', 'origin(?:s|ate|ated)?', MEDIUM],
  ['temporal', 'era', MEDIUM],
  ['temporal', 'before', WEAK],
  ['temporal', 'after', WEAK],
  ['temporal', 'during', WEAK],
  ['temporal', 'since', WEAK],
  ['temporal', 'until', WEAK],
  ['temporal', 'years?', WEAK],
  ['definitional', 'define', STRONG],
  ['definitional', 'definition', STRONG],
  ['definitional', 'meaning of', STRONG],
  ['definitional', 'what does .+ mean', STRONG],
  ['definitional', '^(?:what|who) (?:is|are|was|were)', MEDIUM],
  ['definitional', 'concept of', MEDIUM],
  ['definitional', 'refers? to', MEDIUM],
  ['definitional', 'explain what', MEDIUM],
  ['definitional', 'what kind of', WEAK],
  ['systems', 'emergen(?:t|ce)', STRONG],
  ['systems', 'interdependen(?:t|ce|cies)', STRONG],
  ['systems', 'systems?', MEDIUM],
  ['systems', 'ecosystems?', MEDIUM],
  ['systems', 'interact(?:s|ion|ions)?', MEDIUM],
  ['systems', 'feedback', MEDIUM],
  ['systems', 'components?', MEDIUM],
  ['systems', 'architecture', MEDIUM],
  ['systems', 'relationships? between', MEDIUM],
  ['systems', 'dynamics', MEDIUM],
  ['systems', 'holistic', MEDIUM],
  ['systems', 'work together', MEDIUM],
  ['systems', '^how (?:does|do) .+ work', MEDIUM],
  ['systems', 'networks?', WEAK],
  ['systems', 'structure', WEAK],
];

const COMPILED = INDICATORS.map(([pattern, source, weight]) => ({
  pattern,
  weight,
  regex: new RegExp(source.startsWith('^') ? `^${source.slice(1)}\\b` : `\\b${source}\\b`),
}));

/** Lower case, punctuation other than apostrophes and hyphens removed, whitespace collapsed. */
export function normalizeQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^a-z0-9'\-\s]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface DetectedPattern {
  pattern: QuestionPattern;
  confidence: number;
  /** The matched text of each indicator, in lexicon order. */
  indicators: string[];
}

/**
 * Detects patterns, strongest first (ties in QUESTION_PATTERNS order). With `focus`, only those
 * patterns are considered.
 */
export function detectPatterns(question: string, focus?: readonly QuestionPattern[]): DetectedPattern[] {
  const text = normalizeQuestion(question);
  const found = new Map<QuestionPattern, { product: number; indicators: string[] }>();
  for (const { pattern, weight, regex } of COMPILED) {
    if (focus && !focus.includes(pattern)) continue;
    const match = regex.exec(text);
    if (!match) continue;
    const entry = found.get(pattern) ?? { product: 1, indicators: [] };
    if (entry.indicators.includes(match[0])) continue;
    entry.product *= 1 - weight;
    entry.indicators.push(match[0]);
    found.set(pattern, entry);
  }
  return QUESTION_PATTERNS.filter((pattern) => found.has(pattern))
    .map((pattern) => {
      const { product, indicators } = found.get(pattern)!;
      return { pattern, confidence: Math.round(Math.min(0.95, 1 - product) * 100) / 100, indicators };
    })
    .sort((a, b) => b.confidence - a.confidence || QUESTION_PATTERNS.indexOf(a.pattern) - QUESTION_PATTERNS.indexOf(b.pattern));
}
