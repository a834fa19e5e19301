/**
 * `@a2a-mcp/core/vectors`: small algorithms the retrieval services share (vector-similarity,
 * vector-ranking, semantic-similarity), kept out of the main entry so services that do not rank
 * anything do not load them. Conventions: docs/retrieval-conventions.md.
 *
 * @example
 * import { TopK } from '@a2a-mcp/core/vectors';
 * const top = new TopK(10);
 * scores.forEach((score, index) => top.push(score, index));
 * const best = top.drain(); // [{ score, index }], best first, ties by lower index
 */
export { descendingOrder, TopK } from './top-k.js';
export { createRandom, sampleIndices } from './random.js';
export { copyVectorEntries, MAX_VECTOR_ENTRY } from './entries.js';
