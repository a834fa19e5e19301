/**
 * k-means (Lloyd's algorithm) with k-means++ seeding (Arthur & Vassilvitskii, "k-means++: The
 * Advantages of Careful Seeding", SODA 2007), deterministic for a given seed, and the silhouette
 * coefficient (Rousseeuw, "Silhouettes", J. Comput. Appl. Math. 20, 1987).
 */
import { clusterDistance, type ClusterMetric } from './metrics.js';
import { createRandom } from '@a2a-mcp/core/vectors';
import type { Matrix } from './vectors.js';

export interface KMeansOptions {
  k: number;
  metric: ClusterMetric;
  seed: number;
  maxIterations: number;
  /** Converged when no centroid moves farther than this (euclidean) in an iteration. */
  tolerance: number;
  signal?: AbortSignal;
}

export interface KMeansResult {
  /** Cluster of each row. */
  assignments: Int32Array;
  /** k × dimensions, row-major. */
  centroids: Float64Array;
  sizes: Int32Array;
  /** Σ over points of distance(point, its centroid)² — the textbook inertia for euclidean. */
  inertia: number;
  iterations: number;
  converged: boolean;
}

type Distance = ReturnType<typeof clusterDistance>;

/**
 * k-means++ seeding: the first centre uniformly at random, each next one with probability
 * proportional to D(x)², the squared distance to the nearest centre chosen so far.
 */
export function seedCentroids({ data, rows: n, dimensions: d }: Matrix, k: number, distance: Distance, random: () => number): Float64Array {
  const centroids = new Float64Array(k * d);
  const chosen = new Uint8Array(n);
  const nearest = new Float64Array(n);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    if (c > 0) {
      let total = 0;
      for (let i = 0; i < n; i++) total += nearest[i]!;
      pick = -1;
      if (total > 0) {
        let target = random() * total;
        for (let i = 0; i < n; i++) {
          if (nearest[i]! === 0) continue;
          target -= nearest[i]!;
          pick = i;
          if (target < 0) break;
        }
      }
      // Fewer distinct points than k: every remaining D(x) is 0, take the next unused point.
      if (pick < 0) pick = chosen.indexOf(0);
    }
    chosen[pick] = 1;
    centroids.set(data.subarray(pick * d, (pick + 1) * d), c * d);
    for (let i = 0; i < n; i++) {
      const dist = distance(data, i * d, centroids, c * d, d);
      const squared = dist * dist;
      if (c === 0 || squared < nearest[i]!) nearest[i] = squared;
    }
  }
  return centroids;
}

/** Assigns each row to its nearest centroid (lowest cluster index on ties); returns changes and inertia. */
function assign(
  matrix: Matrix,
  centroids: Float64Array,
  k: number,
  distance: Distance,
  assignments: Int32Array,
  distances: Float64Array,
  signal?: AbortSignal,
): { changed: number; inertia: number } {
  const { data, rows: n, dimensions: d } = matrix;
  let changed = 0;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) signal?.throwIfAborted();
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = distance(data, i * d, centroids, c * d, d);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = c;
      }
    }
    if (assignments[i] !== best) changed++;
    assignments[i] = best;
    distances[i] = bestDistance;
    inertia += bestDistance * bestDistance;
  }
  return { changed, inertia };
}

/** Runs k-means. `k` must be between 1 and the number of rows. */
export function kMeans(matrix: Matrix, { k, metric, seed, maxIterations, tolerance, signal }: KMeansOptions): KMeansResult {
  const { data, rows: n, dimensions: d } = matrix;
  const distance = clusterDistance(metric);
  const centroids = seedCentroids(matrix, k, distance, createRandom(seed));
  const assignments = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  const sizes = new Int32Array(k);
  const next = new Float64Array(k * d);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const { changed } = assign(matrix, centroids, k, distance, assignments, distances, signal);
    if (changed === 0) {
      converged = true;
      break;
    }
    next.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i]!;
      sizes[c] = sizes[c]! + 1;
      const o = i * d;
      const co = c * d;
      for (let j = 0; j < d; j++) next[co + j] = next[co + j]! + data[o + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) {
        for (let j = 0; j < d; j++) next[c * d + j] = next[c * d + j]! / sizes[c]!;
        continue;
      }
      // Empty cluster: move its centre to the point farthest from its own centre (as scikit-learn).
      let far = -1;
      for (let i = 0; i < n; i++) if (sizes[assignments[i]!]! > 1 && (far < 0 || distances[i]! > distances[far]!)) far = i;
      if (far < 0) continue;
      const from = assignments[far]!;
      sizes[from] = sizes[from]! - 1;
      sizes[c] = 1;
      assignments[far] = c;
      distances[far] = 0;
      next.set(data.subarray(far * d, (far + 1) * d), c * d);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let moved = 0;
      for (let j = 0; j < d; j++) moved += (next[c * d + j]! - centroids[c * d + j]!) ** 2;
      shift = Math.max(shift, Math.sqrt(moved));
    }
    centroids.set(next);
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  // Final E-step, so assignments and inertia match the returned centroids.
  const { inertia } = assign(matrix, centroids, k, distance, assignments, distances, signal);
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[assignments[i]!] = sizes[assignments[i]!]! + 1;
  return { assignments, centroids, sizes, inertia, iterations, converged };
}

/**
 * Mean silhouette coefficient over `indices` (all rows by default): for a point i with mean
 * distance a to the other points of its cluster and b to the points of the nearest other cluster,
 * s(i) = (b − a) / max(a, b); s(i) = 0 for a point alone in its cluster. Distances are the chosen
 * metric's. Only points in `indices` take part (scikit-learn's `sample_size`). `null` unless the
 * points span between 2 and (count − 1) clusters, where the coefficient is defined.
 */
export function silhouetteScore(
  matrix: Matrix,
  labels: Int32Array,
  k: number,
  metric: ClusterMetric,
  indices?: Int32Array,
  signal?: AbortSignal,
): number | null {
  const { data, dimensions: d } = matrix;
  const points = indices ?? Int32Array.from({ length: matrix.rows }, (_, i) => i);
  const m = points.length;
  const present = new Set<number>();
  for (let p = 0; p < m; p++) present.add(labels[points[p]!]!);
  if (present.size < 2 || present.size > m - 1) return null;
  const distance = clusterDistance(metric);
  const counts = new Int32Array(k);
  for (let p = 0; p < m; p++) counts[labels[points[p]!]!] = counts[labels[points[p]!]!]! + 1;
  // sums[p * k + c] = Σ distance from point p to the points of cluster c.
  const sums = new Float64Array(m * k);
  for (let p = 0; p < m; p++) {
    signal?.throwIfAborted();
    const i = points[p]!;
    const li = labels[i]!;
    for (let q = p + 1; q < m; q++) {
      const j = points[q]!;
      const dist = distance(data, i * d, data, j * d, d);
      sums[p * k + labels[j]!] = sums[p * k + labels[j]!]! + dist;
      sums[q * k + li] = sums[q * k + li]! + dist;
    }
  }
  let total = 0;
  for (let p = 0; p < m; p++) {
    const own = labels[points[p]!]!;
    if (counts[own]! <= 1) continue;
    const a = sums[p * k + own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || counts[c] === 0) continue;
      b = Math.min(b, sums[p * k + c]! / counts[c]!);
    }
    const denominator = Math.max(a, b);
    total += denominator === 0 ? 0 : (b - a) / denominator;
  }
  return total / m;
}
