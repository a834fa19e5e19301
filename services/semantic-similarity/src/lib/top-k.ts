/**
 * Bounded top-k selection (a min-heap of size k): O(n log k) time and O(k) memory, as
 * docs/retrieval-conventions.md asks. Higher scores win; equal scores keep the lower index.
 */
export class TopK {
  private readonly scores: number[] = [];
  private readonly indexes: number[] = [];

  constructor(private readonly k: number) {}

  /** True when (scoreA, indexA) ranks below (scoreB, indexB). */
  private static worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
  }

  push(score: number, index: number): void {
    const { scores, indexes } = this;
    if (scores.length < this.k) {
      scores.push(score);
      indexes.push(index);
      let i = scores.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopK.worse(scores[i]!, indexes[i]!, scores[parent]!, indexes[parent]!)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (this.k === 0 || !TopK.worse(scores[0]!, indexes[0]!, score, index)) return;
    scores[0] = score;
    indexes[0] = index;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < scores.length && TopK.worse(scores[left]!, indexes[left]!, scores[worst]!, indexes[worst]!)) worst = left;
      if (right < scores.length && TopK.worse(scores[right]!, indexes[right]!, scores[worst]!, indexes[worst]!)) worst = right;
      if (worst === i) break;
      this.swap(i, worst);
      i = worst;
    }
  }

  /** The kept items, best first. */
  sorted(): { score: number; index: number }[] {
    return this.scores.map((score, i) => ({ score, index: this.indexes[i]! })).sort((a, b) => b.score - a.score || a.index - b.index);
  }

  private swap(i: number, j: number): void {
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
    [this.indexes[i], this.indexes[j]] = [this.indexes[j]!, this.indexes[i]!];
  }
}
