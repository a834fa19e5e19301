/**
 * The text tools' heavy work as compute tasks (core's `defineTask`): pure functions of prepared
 * texts (tokens, term counts and embeddings are structured-cloneable), loaded by worker threads on
 * their own. Embedding stays on the main thread: it may call an HTTP provider through the
 * service's circuit breakers. Which inputs go to the pool: src/tools/tasks.ts.
 */
import { compareTexts, type Method, type PreparedText } from './similarity.js';
import { rawTokens } from './text.js';

/** The exact-duplicate key: the raw tokens joined, or the trimmed text when it has none. */
export function exactKey(text: string): string {
  const tokens = rawTokens(text);
  return tokens.length > 0 ? tokens.join(' ') : text.trim();
}

export interface DeduplicatePayload {
  texts: string[];
  prepared: PreparedText[];
  method: Method;
  threshold: number;
}

/** `deduplicate_texts`: greedy grouping, each text against every later one not yet grouped. */
export function deduplicate({ texts, prepared, method, threshold }: DeduplicatePayload, signal?: AbortSignal) {
  const keys = texts.map(exactKey);
  const assigned = new Array<boolean>(texts.length).fill(false);
  const groups: { kept_index: number; duplicate_indices: number[]; similarities: number[] }[] = [];
  const kept: number[] = [];
  const removed: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (assigned[i]) continue;
    signal?.throwIfAborted();
    kept.push(i);
    const group = { kept_index: i, duplicate_indices: [] as number[], similarities: [] as number[] };
    for (let j = i + 1; j < texts.length; j++) {
      if (assigned[j]) continue;
      const similarity = keys[i] === keys[j] ? 1 : compareTexts(prepared[i]!, prepared[j]!, method).similarity;
      if (similarity >= threshold) {
        assigned[j] = true;
        group.duplicate_indices.push(j);
        group.similarities.push(similarity);
        removed.push(j);
      }
    }
    if (group.duplicate_indices.length > 0) groups.push(group);
  }
  removed.sort((a, b) => a - b);
  return {
    method,
    threshold,
    groups,
    kept_indices: kept,
    removed_indices: removed,
    removed_count: removed.length,
    unique_count: kept.length,
  };
}
