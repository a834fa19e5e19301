import { defineTool, z } from '@a2a-mcp/core';
import { countTerms, keepToken, rawTokens } from '../lib/text.js';
import { readAnnotations, textSchema, type ToolDeps } from './schemas.js';

export function createPreprocessText({ settings }: ToolDeps) {
  return defineTool({
    name: 'preprocess_text',
    title: 'Preprocess text',
    description:
      'Shows the tokenisation every method uses: NFKC, lower-case, tokens = runs of Unicode letters, marks and digits; optional removal of English stop words (the stopword package list) and of tokens shorter than min_word_length.',
    permission: 'read',
    annotations: readAnnotations('Preprocess text'),
    input: z.object({
      text: textSchema(settings).describe('The text to tokenise'),
      remove_stop_words: z.boolean().default(true).describe('Drop English stop words. Default true.'),
      min_word_length: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(1)
        .describe('Drop tokens shorter than this many characters. Default 1 (keep all).'),
    }),
    output: z.object({
      tokens: z.array(z.string()),
      token_count: z.number().int(),
      unique_words: z.array(z.string()).describe('Distinct tokens in order of first occurrence'),
      unique_word_count: z.number().int(),
      word_counts: z
        .array(z.object({ word: z.string(), count: z.number().int() }))
        .describe('Count per distinct token, most frequent first; ties keep first-occurrence order'),
      original_token_count: z.number().int().describe('Tokens before stop-word and length filtering'),
      removed_count: z.number().int(),
    }),
    handler: ({ text, remove_stop_words, min_word_length }) => {
      const all = rawTokens(text);
      const tokens = all.filter((token) => keepToken(token, { removeStopWords: remove_stop_words, minWordLength: min_word_length }));
      const counts = countTerms(tokens);
      const wordCounts = [...counts].map(([word, count]) => ({ word, count }));
      wordCounts.sort((a, b) => b.count - a.count);
      return {
        tokens,
        token_count: tokens.length,
        unique_words: [...counts.keys()],
        unique_word_count: counts.size,
        word_counts: wordCounts,
        original_token_count: all.length,
        removed_count: all.length - tokens.length,
      };
    },
    render: ({ token_count, unique_word_count, removed_count }) =>
      `${token_count} tokens, ${unique_word_count} unique, ${removed_count} removed`,
  });
}
