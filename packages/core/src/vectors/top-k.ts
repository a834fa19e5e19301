/**
 * Top-k selection with a bounded binary min-heap: O(n log k) time, O(k) memory, never a full sort
 * of the candidate set. Order: higher score first; equal scores keep input order (lower index first).
 */

/** Collects the k best (score, index) pairs pushed into it. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly indices: Int32Array;
  private size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 0));
    this.indices = new Int32Array(Math.max(k, 0));
  }

  /** True when (s1, i1) ranks below (s2, i2). */
  private static worse(s1: number, i1: number, s2: number, i2: number): boolean {
    return s1 < s2 || (s1 === s2 && i1 > i2);
  }

  push(score: number, index: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      // sift up
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopK.worse(score, index, this.scores[parent]!, this.indices[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.indices[i] = this.indices[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.indices[i] = index;
      return;
    }
    // The root is the worst kept; replace it only with something better.
    if (!TopK.worse(this.scores[0]!, this.indices[0]!, score, index)) return;
    this.siftDown(0, score, index, this.size);
  }

  private siftDown(start: number, score: number, index: number, size: number): void {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && TopK.worse(this.scores[right]!, this.indices[right]!, this.scores[left]!, this.indices[left]!)) child = right;
      if (!TopK.worse(this.scores[child]!, this.indices[child]!, score, index)) break;
      this.scores[i] = this.scores[child]!;
      this.indices[i] = this.indices[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.indices[i] = index;
  }

  /** The kept pairs, best first. Empties the heap. */
  drain(): { score: number; index: number }[] {
    const out = new Array<{ score: number; index: number }>(this.size);
    while (this.size > 0) {
      const last = --this.size;
      out[last] = { score: this.scores[0]!, index: this.indices[0]! };
      if (last > 0) this.siftDown(0, this.scores[last]!, this.indices[last]!, last);
    }
    return out;
  }
}

/**
 * Indices of `scores` in descending order (ties: lower index first), produced lazily from a binary
 * max-heap built in O(n): taking m of n costs O(n + m log n), not a full sort.
 */
export function* descendingOrder(scores: Float64Array): Generator<number, void, undefined> {
  const heap = Int32Array.from({ length: scores.length }, (_, i) => i);
  let size = heap.length;
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a]! === scores[b]! && a < b);
  const siftDown = (start: number) => {
    let i = start;
    const item = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && better(heap[right]!, heap[left]!) ? right : left;
      if (!better(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  while (size > 0) {
    const top = heap[0]!;
    heap[0] = heap[--size]!;
    if (size > 0) siftDown(0);
    yield top;
  }
}
