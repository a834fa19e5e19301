/** Dense-vector helpers shared by the built-in and remote embedding providers. */
import { clampUnit } from './lexical.js';

/** A dense vector: a Float32Array from the built-in model, a number[] from a remote endpoint. */
export type Vector = Float32Array | readonly number[];

/** Cosine similarity `a·b / (‖a‖‖b‖)`; 0 when either vector is zero (retrieval-conventions.md). */
export function vectorCosine(a: Vector, b: Vector): number {
  if (a.length !== b.length) throw new Error(`vector lengths differ: ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return clampUnit(dot / Math.sqrt(normA * normB));
}

/** `v / ‖v‖` as a plain array; the zero vector stays zero. */
export function l2Normalize(vector: Vector): number[] {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(vector, (x) => (norm === 0 ? 0 : x / norm));
}
