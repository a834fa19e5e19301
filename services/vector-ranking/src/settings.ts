/**
 * The vector-ranking service's own settings: input bounds, read from the environment once at
 * start-up with core's `loadSettings`.
 */
import { boundedInt, loadSettings, z } from '@a2a-mcp/core';

/** Keys are environment variable names; every one has a default. */
export const settingsSchema = z.object({
  /** Most documents per call (and items per ranked list). */
  RANKING_MAX_DOCUMENTS: boundedInt(10_000, 1_000_000),
  /** Longest query or document text, in characters. */
  RANKING_MAX_TEXT_LENGTH: boundedInt(100_000, 10_000_000),
  /** Most dimensions per vector. */
  RANKING_MAX_DIMENSIONS: boundedInt(4_096, 65_536),
  /** Most links per document. */
  RANKING_MAX_LINKS: boundedInt(1_000, 1_000_000),
  /** Most ranked lists `fuse_rankings` accepts. */
  RANKING_MAX_LISTS: boundedInt(100, 10_000),
  /** Largest `max_iterations` for PageRank. */
  RANKING_MAX_PAGERANK_ITERATIONS: boundedInt(1_000, 100_000),
  /** BM25 work: distinct query terms × documents (the term-frequency matrix, 4 bytes a cell: 40 MB). */
  RANKING_MAX_BM25_WORK: boundedInt(10_000_000, 100_000_000),
  /** BM25 term details: results × distinct query terms (values in the answer). */
  RANKING_MAX_TERM_DETAILS: boundedInt(100_000, 10_000_000),
  /** PageRank work: (documents + links) × max_iterations. */
  RANKING_MAX_PAGERANK_WORK: boundedInt(50_000_000, 1_000_000_000),
  /** Vector comparisons of MMR and of hybrid diversity: picks × documents × dimensions. */
  RANKING_MAX_DIVERSITY_WORK: boundedInt(100_000_000, 1_000_000_000),
  /** fuse_rankings output: results × lists (each result lists its contribution from every list). */
  RANKING_MAX_FUSION_OUTPUT: boundedInt(100_000, 10_000_000),
});

export type VectorRankingSettings = z.output<typeof settingsSchema>;

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadVectorRankingSettings(source: NodeJS.ProcessEnv = process.env): VectorRankingSettings {
  return loadSettings(settingsSchema, source);
}
