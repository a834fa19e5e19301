import { defineTool, z } from '@a2a-mcp/core';
import { CATEGORY_CUES, extractFeatures, type Category } from '../lib/features.js';
import { readAnnotations, textSchema, type ToolDeps } from './schemas.js';

const categorySchema = z.object({ count: z.number().int(), matches: z.array(z.string()).describe('Distinct cue words found') });
const categoryNames = Object.keys(CATEGORY_CUES) as [Category, ...Category[]];

export function createExtractSemanticFeatures({ settings }: ToolDeps) {
  return defineTool({
    name: 'extract_semantic_features',
    title: 'Semantic features',
    description: `Rule-based features of a text: word counts, keywords (most frequent content words), semantic categories (${categoryNames.join(', ')}) from documented cue words, and synonym matches from a small built-in thesaurus (see the similarity://config resource).`,
    permission: 'read',
    annotations: readAnnotations('Semantic features'),
    input: z.object({
      text: textSchema(settings).describe('The text to analyse'),
      max_keywords: z.number().int().min(1).max(100).default(10).describe('How many keywords to return at most. Default 10.'),
    }),
    output: z.object({
      word_count: z.number().int(),
      unique_word_count: z.number().int(),
      content_word_count: z.number().int().describe('Tokens that are not stop words'),
      sentence_count: z.number().int(),
      average_word_length: z.number(),
      keywords: z.array(z.object({ word: z.string(), count: z.number().int() })),
      semantic_categories: z.object(
        Object.fromEntries(categoryNames.map((name) => [name, categorySchema])) as Record<Category, typeof categorySchema>,
      ),
      dominant_category: z.enum(categoryNames).nullable(),
      synonym_matches: z.array(z.object({ word: z.string(), concept: z.string(), synonyms: z.array(z.string()) })),
    }),
    handler: ({ text, max_keywords }) => extractFeatures(text, max_keywords),
    render: ({ word_count, keywords, dominant_category }) =>
      `${word_count} words; keywords: ${keywords.map((k) => k.word).join(', ') || 'none'}; dominant category: ${dominant_category ?? 'none'}`,
  });
}
