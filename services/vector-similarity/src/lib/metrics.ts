/**
 * Similarity metrics on typed arrays. Every kernel reads `a[ao … ao + d)` and `b[bo … bo + d)`, so
 * rows of a packed matrix are compared without copying.
 *
 * Conventions (docs/retrieval-conventions.md): higher similarity is more similar; distances map to
 * similarity as 1 / (1 + d).
 */
import { MAX_VECTOR_ENTRY } from '@a2a-mcp/core/vectors';

/** The metrics every vector tool accepts. */
export const METRICS = ['cosine', 'euclidean', 'manhattan', 'dot_product', 'jaccard', 'hamming'] as const;
export type Metric = (typeof METRICS)[number];

/** What `vectors://metrics` publishes for each metric. */
export const METRIC_INFO: Record<Metric, { similarity_range: string; distance: string; formula: string; use_when: string }> = {
  cosine: {
    similarity_range: '[-1, 1]',
    distance: '1 − cosine, in [0, 2]',
    formula: 'a·b / (‖a‖₂ ‖b‖₂); 0 when either vector is zero',
    use_when: 'Text and sentence embeddings: direction matters, length does not. The default.',
  },
  euclidean: {
    similarity_range: '(0, 1]',
    distance: '‖a − b‖₂, in [0, ∞); similarity 1 / (1 + d)',
    formula: 'sqrt(Σ (aᵢ − bᵢ)²)',
    use_when: 'Dense features where magnitude carries meaning (coordinates, normalised embeddings, k-means).',
  },
  manhattan: {
    similarity_range: '(0, 1]',
    distance: '‖a − b‖₁, in [0, ∞); similarity 1 / (1 + d)',
    formula: 'Σ |aᵢ − bᵢ|',
    use_when: 'High-dimensional or sparse features where single large differences should not dominate.',
  },
  dot_product: {
    similarity_range: '(−∞, ∞)',
    distance: 'none (null)',
    formula: 'Σ aᵢ bᵢ',
    use_when: 'Embeddings already L2-normalised (then equal to cosine, cheaper), or models trained for maximum inner product search.',
  },
  jaccard: {
    similarity_range: '[0, 1]',
    distance: '1 − similarity',
    formula:
      'weighted Jaccard on positive entries: Σ min(aᵢ⁺, bᵢ⁺) / Σ max(aᵢ⁺, bᵢ⁺), x⁺ = max(x, 0); 1 when both have no positive entry (as SciPy)',
    use_when: 'Non-negative weights or counts (bag of words, TF-IDF, multi-hot sets).',
  },
  hamming: {
    similarity_range: '(0, 1]',
    distance: 'number of positions whose bits differ, bit = (x ≥ 0.5); similarity 1 / (1 + d)',
    formula: 'Σ [ (aᵢ ≥ 0.5) ≠ (bᵢ ≥ 0.5) ]',
    use_when: 'Binary codes and 0/1 feature vectors (hashes, binarised embeddings).',
  },
};

export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += a[ao + i]! * b[bo + i]!;
  return sum;
}

/**
 * Cosine from a dot product and the two squared norms; clamped against rounding, 0 for a zero
 * vector. √(‖a‖²‖b‖²) in one root is exact more often than ‖a‖·‖b‖ (cos((1,2),(−2,−4)) = −1, not
 * −0.9999999999999998); the two-root form is the fallback when the product overflows or underflows.
 */
export function cosineFrom(dotProduct: number, squaredA: number, squaredB: number): number {
  if (squaredA === 0 || squaredB === 0) return 0;
  const product = squaredA * squaredB;
  const denominator = Number.isFinite(product) && product > 0 ? Math.sqrt(product) : Math.sqrt(squaredA) * Math.sqrt(squaredB);
  const c = dotProduct / denominator;
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

export function euclidean(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const diff = a[ao + i]! - b[bo + i]!;
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

export function manhattan(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += Math.abs(a[ao + i]! - b[bo + i]!);
  return sum;
}

export function weightedJaccard(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let mins = 0;
  let maxs = 0;
  for (let i = 0; i < d; i++) {
    const x = a[ao + i]! > 0 ? a[ao + i]! : 0;
    const y = b[bo + i]! > 0 ? b[bo + i]! : 0;
    if (x < y) {
      mins += x;
      maxs += y;
    } else {
      mins += y;
      maxs += x;
    }
  }
  return maxs === 0 ? 1 : mins / maxs;
}

export function hamming(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let count = 0;
  for (let i = 0; i < d; i++) if (a[ao + i]! >= 0.5 !== b[bo + i]! >= 0.5) count++;
  return count;
}

export interface Comparison {
  similarity: number;
  /** `null` for dot_product, which has no distance. */
  distance: number | null;
}

/**
 * Builds a comparer of rows against one fixed query for `metric`. The query's (squared) norm is
 * computed once here, not per candidate.
 */
export function createComparer(metric: Metric, query: Float64Array, qo: number, d: number): (b: Float64Array, bo: number) => Comparison {
  switch (metric) {
    case 'cosine': {
      let qq = 0;
      for (let i = 0; i < d; i++) qq += query[qo + i]! * query[qo + i]!;
      return (b, bo) => {
        let ab = 0;
        let bb = 0;
        for (let i = 0; i < d; i++) {
          const y = b[bo + i]!;
          ab += query[qo + i]! * y;
          bb += y * y;
        }
        const similarity = cosineFrom(ab, qq, bb);
        return { similarity, distance: 1 - similarity };
      };
    }
    case 'euclidean':
      return (b, bo) => fromDistance(euclidean(query, qo, b, bo, d));
    case 'manhattan':
      return (b, bo) => fromDistance(manhattan(query, qo, b, bo, d));
    case 'hamming':
      return (b, bo) => fromDistance(hamming(query, qo, b, bo, d));
    case 'dot_product':
      return (b, bo) => ({ similarity: dot(query, qo, b, bo, d), distance: null });
    case 'jaccard':
      return (b, bo) => {
        const similarity = weightedJaccard(query, qo, b, bo, d);
        return { similarity, distance: 1 - similarity };
      };
  }
}

/**
 * A one-pass scorer for cosine and dot product that reads a candidate straight from its JSON array,
 * skipping the copy into a typed array: the same multiply-adds in the same order, so the same
 * result bit for bit. It returns `undefined` (caller falls back to checking and copying, which
 * names a bad entry) when an entry is not a number or a sum is not finite, which every NaN or
 * ±Infinity entry causes. Other metrics get `undefined` from the factory.
 */
export function createDirectScorer(
  metric: Metric,
  query: Float64Array,
  d: number,
): ((values: readonly unknown[]) => Comparison | undefined) | undefined {
  if (metric === 'cosine') {
    let qq = 0;
    for (let i = 0; i < d; i++) qq += query[i]! * query[i]!;
    return (values) => {
      let ab = 0;
      let bb = 0;
      for (let i = 0; i < d; i++) {
        const y = values[i];
        if (typeof y !== 'number') return undefined;
        ab += query[i]! * y;
        bb += y * y;
      }
      // bb ≤ 1e200 means every entry is within ±MAX_VECTOR_ENTRY (y² ≤ bb); above, or not finite, the
      // checking copy decides (and names the entry when one is out of range).
      if (!Number.isFinite(ab) || !(bb <= MAX_VECTOR_ENTRY * MAX_VECTOR_ENTRY)) return undefined;
      const similarity = cosineFrom(ab, qq, bb);
      return { similarity, distance: 1 - similarity };
    };
  }
  if (metric === 'dot_product') {
    return (values) => {
      let ab = 0;
      for (let i = 0; i < d; i++) {
        const y = values[i];
        if (typeof y !== 'number' || y > MAX_VECTOR_ENTRY || y < -MAX_VECTOR_ENTRY) return undefined;
        ab += query[i]! * y;
      }
      return Number.isFinite(ab) ? { similarity: ab, distance: null } : undefined;
    };
  }
  return undefined;
}

function fromDistance(distance: number): Comparison {
  return { similarity: 1 / (1 + distance), distance };
}

/** Compares two vectors of equal length with `metric`. */
export function compareVectors(metric: Metric, a: Float64Array, b: Float64Array): Comparison {
  return createComparer(metric, a, 0, a.length)(b, 0);
}

/**
 * A distance for clustering and silhouette: euclidean, manhattan, or cosine distance 1 − cos.
 * (The same functions the similarity tools use.)
 */
export type ClusterMetric = 'euclidean' | 'cosine' | 'manhattan';

export function clusterDistance(metric: ClusterMetric): (a: Float64Array, ao: number, b: Float64Array, bo: number, d: number) => number {
  switch (metric) {
    case 'euclidean':
      return euclidean;
    case 'manhattan':
      return manhattan;
    case 'cosine':
      return (a, ao, b, bo, d) => {
        let ab = 0;
        let aa = 0;
        let bb = 0;
        for (let i = 0; i < d; i++) {
          const x = a[ao + i]!;
          const y = b[bo + i]!;
          ab += x * y;
          aa += x * x;
          bb += y * y;
        }
        return 1 - cosineFrom(ab, aa, bb);
      };
  }
}
