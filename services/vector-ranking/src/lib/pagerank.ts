/**
 * PageRank by power iteration (Page, Brin, Motwani & Winograd, "The PageRank Citation Ranking",
 * 1999; Langville & Meyer, "Deeper Inside PageRank", 2004):
 *
 *   r⁽ᵗ⁺¹⁾(j) = (1 − d)/N + d · ( Σ_{i → j} r⁽ᵗ⁾(i)/out(i) + Σ_{i dangling} r⁽ᵗ⁾(i)/N )
 *
 * d = damping (0.85). A dangling node (no out-links) spreads its mass uniformly over all N nodes,
 * so the scores stay a probability distribution (sum 1). Iteration stops when the L1 change
 * ‖r⁽ᵗ⁺¹⁾ − r⁽ᵗ⁾‖₁ < tolerance or after `maxIterations`. Duplicate links count once; links to ids
 * not in the graph are ignored and reported; a self-link is an ordinary link.
 */

export const PAGERANK_DEFAULTS = { damping: 0.85, maxIterations: 100, tolerance: 1e-6 } as const;

export interface PageRankNode {
  id: string;
  links: readonly string[];
}

export interface PageRankResult {
  scores: Float64Array;
  iterations: number;
  converged: boolean;
  /** Final L1 change. */
  delta: number;
  danglingNodes: number;
  /** Links dropped because their target is not a node. */
  ignoredLinks: { from: string; to: string }[];
  /** Distinct links kept. */
  edges: number;
}

export interface PageRankOptions {
  damping?: number;
  maxIterations?: number;
  tolerance?: number;
  signal?: AbortSignal;
}

/** PageRank of `nodes` (ids must be unique; the caller checks). */
export function pageRank(
  nodes: readonly PageRankNode[],
  {
    damping = PAGERANK_DEFAULTS.damping,
    maxIterations = PAGERANK_DEFAULTS.maxIterations,
    tolerance = PAGERANK_DEFAULTS.tolerance,
    signal,
  }: PageRankOptions = {},
): PageRankResult {
  const n = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => index.set(node.id, i));
  // Compressed sparse rows of distinct out-links.
  const offsets = new Int32Array(n + 1);
  const targets: number[] = [];
  const ignoredLinks: { from: string; to: string }[] = [];
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    for (const link of nodes[i]!.links) {
      const j = index.get(link);
      if (j === undefined) ignoredLinks.push({ from: nodes[i]!.id, to: link });
      else if (!seen.has(j)) {
        seen.add(j);
        targets.push(j);
      }
    }
    offsets[i + 1] = targets.length;
  }
  const edges = Int32Array.from(targets);
  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  let danglingNodes = 0;
  for (let i = 0; i < n; i++) if (offsets[i + 1] === offsets[i]) danglingNodes++;
  let iterations = 0;
  let delta = Infinity;
  let converged = false;
  while (n > 0 && iterations < maxIterations) {
    signal?.throwIfAborted();
    iterations++;
    next.fill(0);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      if (start === end) {
        dangling += rank[i]!;
        continue;
      }
      const share = rank[i]! / (end - start);
      for (let e = start; e < end; e++) next[edges[e]!] = next[edges[e]!]! + share;
    }
    const base = (1 - damping) / n + (damping * dangling) / n;
    delta = 0;
    for (let j = 0; j < n; j++) {
      const value = base + damping * next[j]!;
      delta += Math.abs(value - rank[j]!);
      next[j] = value;
    }
    [rank, next] = [next, rank];
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }
  // Remove floating-point drift so the scores sum to 1.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rank[i]!;
  if (sum > 0) for (let i = 0; i < n; i++) rank[i] = rank[i]! / sum;
  return { scores: rank, iterations, converged, delta: n > 0 ? delta : 0, danglingNodes, ignoredLinks, edges: edges.length };
}
