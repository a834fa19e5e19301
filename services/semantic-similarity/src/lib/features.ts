/**
 * Rule-based features of one text: counts, keywords, semantic categories and synonym matches.
 * Everything is deterministic and uses the tokenisation of text.ts.
 *
 * - Keywords: tokens without stop words and at least 3 characters, by descending count; ties keep
 *   first-occurrence order. At most `maxKeywords` (default 10).
 * - Categories: a token counts for a category when it is one of the category's cue words below
 *   (stop words included, since many cues are function words: "because", "than", "before").
 * - Synonym matches: each distinct token found in one of the synonym groups below, with the other
 *   words of its group.
 */
import { countTerms, rawTokens, tokenize } from './text.js';

/** Cue words of each semantic category. */
export const CATEGORY_CUES = {
  causation: [
    'because',
    'cause',
    'causes',
    'caused',
    'causing',
    'therefore',
    'thus',
    'hence',
    'consequently',
    'consequence',
    'result',
    'results',
    'resulted',
    'due',
    'lead',
    'leads',
    'led',
    'effect',
    'effects',
    'reason',
    'reasons',
    'why',
    'since',
    'so',
  ],
  process: [
    'step',
    'steps',
    'process',
    'processes',
    'procedure',
    'first',
    'then',
    'next',
    'finally',
    'stage',
    'stages',
    'phase',
    'phases',
    'method',
    'workflow',
    'sequence',
    'begin',
    'start',
    'proceed',
    'afterwards',
  ],
  comparison: [
    'than',
    'compare',
    'compared',
    'comparison',
    'versus',
    'vs',
    'similar',
    'similarly',
    'unlike',
    'like',
    'whereas',
    'however',
    'more',
    'less',
    'better',
    'worse',
    'same',
    'different',
    'difference',
    'contrast',
  ],
  temporal: [
    'before',
    'after',
    'during',
    'while',
    'when',
    'until',
    'now',
    'later',
    'earlier',
    'yesterday',
    'today',
    'tomorrow',
    'always',
    'never',
    'soon',
    'time',
    'year',
    'years',
    'day',
    'days',
    'recently',
    'meanwhile',
  ],
  structure: [
    'part',
    'parts',
    'component',
    'components',
    'structure',
    'section',
    'sections',
    'layer',
    'layers',
    'level',
    'levels',
    'hierarchy',
    'consists',
    'composed',
    'contains',
    'include',
    'includes',
    'organized',
    'framework',
    'system',
    'module',
    'modules',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Category = keyof typeof CATEGORY_CUES;

/** Synonym groups, keyed by a concept name. */
export const SYNONYM_GROUPS: Readonly<Record<string, readonly string[]>> = {
  big: ['big', 'large', 'huge', 'enormous', 'massive', 'vast'],
  small: ['small', 'little', 'tiny', 'minor', 'compact'],
  fast: ['fast', 'quick', 'rapid', 'swift', 'speedy'],
  slow: ['slow', 'sluggish', 'gradual', 'leisurely'],
  good: ['good', 'great', 'excellent', 'fine', 'positive'],
  bad: ['bad', 'poor', 'terrible', 'awful', 'negative'],
  increase: ['increase', 'rise', 'grow', 'growth', 'gain', 'climb'],
  decrease: ['decrease', 'fall', 'drop', 'decline', 'shrink', 'fell'],
  begin: ['begin', 'start', 'commence', 'initiate', 'launch'],
  end: ['end', 'finish', 'complete', 'conclude', 'terminate'],
  important: ['important', 'significant', 'crucial', 'essential', 'key', 'vital'],
  problem: ['problem', 'issue', 'difficulty', 'fault', 'defect', 'bug'],
  error: ['error', 'mistake', 'failure', 'flaw'],
  help: ['help', 'assist', 'support', 'aid'],
  show: ['show', 'display', 'present', 'reveal', 'demonstrate'],
  make: ['make', 'create', 'build', 'produce', 'construct', 'generate'],
  use: ['use', 'utilize', 'employ', 'apply'],
  buy: ['buy', 'purchase', 'acquire'],
  answer: ['answer', 'reply', 'response', 'respond'],
  change: ['change', 'modify', 'alter', 'adjust', 'update'],
  happy: ['happy', 'glad', 'cheerful', 'joyful', 'pleased'],
  sad: ['sad', 'unhappy', 'sorrowful', 'gloomy'],
  cat: ['cat', 'kitten', 'feline', 'kitty'],
  dog: ['dog', 'puppy', 'canine', 'hound'],
  car: ['car', 'automobile', 'vehicle', 'auto'],
  rug: ['rug', 'mat', 'carpet'],
  rest: ['rest', 'rested', 'sit', 'sat', 'relax', 'lie'],
};

const SYNONYM_INDEX = new Map<string, string>(
  Object.entries(SYNONYM_GROUPS).flatMap(([concept, words]) => words.map((word) => [word, concept] as const)),
);

export interface TextFeatures {
  word_count: number;
  unique_word_count: number;
  content_word_count: number;
  sentence_count: number;
  average_word_length: number;
  keywords: { word: string; count: number }[];
  semantic_categories: Record<Category, { count: number; matches: string[] }>;
  dominant_category: Category | null;
  synonym_matches: { word: string; concept: string; synonyms: string[] }[];
}

/** Extracts the documented features from `text`. */
export function extractFeatures(text: string, maxKeywords = 10): TextFeatures {
  const tokens = rawTokens(text);
  const content = tokenize(text, { removeStopWords: true });
  const sentences = text.split(/[.!?]+/u).filter((part) => rawTokens(part).length > 0).length;
  const keywords = [...countTerms(tokenize(text, { removeStopWords: true, minWordLength: 3 }))]
    .map(([word, count], order) => ({ word, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, maxKeywords)
    .map(({ word, count }) => ({ word, count }));

  const counts = countTerms(tokens);
  const categories = {} as TextFeatures['semantic_categories'];
  let dominant: Category | null = null;
  for (const [category, cues] of Object.entries(CATEGORY_CUES) as [Category, readonly string[]][]) {
    const matches = cues.filter((cue) => counts.has(cue));
    const count = matches.reduce((sum, cue) => sum + counts.get(cue)!, 0);
    categories[category] = { count, matches };
    if (count > 0 && (dominant === null || count > categories[dominant].count)) dominant = category;
  }

  const synonymMatches: TextFeatures['synonym_matches'] = [];
  for (const word of counts.keys()) {
    const concept = SYNONYM_INDEX.get(word);
    if (concept) synonymMatches.push({ word, concept, synonyms: SYNONYM_GROUPS[concept]!.filter((other) => other !== word) });
  }

  return {
    word_count: tokens.length,
    unique_word_count: counts.size,
    content_word_count: content.length,
    sentence_count: sentences,
    average_word_length: tokens.length === 0 ? 0 : tokens.reduce((sum, token) => sum + [...token].length, 0) / tokens.length,
    keywords,
    semantic_categories: categories,
    dominant_category: dominant,
    synonym_matches: synonymMatches,
  };
}
