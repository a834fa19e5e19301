/**
 * Calibration of predicted probabilities against binary outcomes.
 *
 * - Brier score = (1/N) Σ (p_i − y_i)², as scikit-learn's `brier_score_loss`.
 * - Log loss = −(1/N) Σ [y_i ln q_i + (1 − y_i) ln(1 − q_i)] with q_i = p_i clipped to
 *   [eps, 1 − eps], eps = 2^-52 (scikit-learn's `log_loss` for float64 input, version ≥ 1.5;
 *   older versions used 1e-15). Clipping is applied to the probability of the observed class.
 * - Reliability bins: B equal-width bins over [0, 1] with edges k/B; the first bin is closed
 *   [0, 1/B], the others are (lo, hi] (Guo et al. 2017, bins ((m−1)/M, m/M]).
 * - ECE = Σ_b (n_b/N) · |freq_b − conf_b| (Naeini et al. 2015; Guo et al. 2017), where conf_b is
 *   the mean predicted probability and freq_b the fraction of positive outcomes in bin b.
 * - MCE = max_b |freq_b − conf_b| over non-empty bins.
 */
import { LOG_LOSS_EPS } from './factors.js';

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  mean_predicted: number | null;
  /** Fraction of outcomes equal to 1 in the bin; null when the bin is empty. */
  observed_frequency: number | null;
  /** |observed_frequency − mean_predicted|; null when the bin is empty. */
  gap: number | null;
}

export interface CalibrationReport {
  n_samples: number;
  n_bins: number;
  brier_score: number;
  log_loss: number;
  log_loss_eps: number;
  expected_calibration_error: number;
  maximum_calibration_error: number;
  /** Mean of the outcomes (fraction of positives). */
  base_rate: number;
  bins: ReliabilityBin[];
}

/**
 * Index of the bin holding `p` for `nBins` equal-width bins: [0, 1/B], then (k/B, (k+1)/B].
 * Compares with the same edges k/B that are reported, so 0.3 with 10 bins lands in (0.2, 0.3]
 * although 0.3 × 10 = 3.0000000000000004 in floating point.
 */
export function binIndex(p: number, nBins: number): number {
  let index = Math.min(nBins - 1, Math.max(0, Math.ceil(p * nBins) - 1));
  while (index > 0 && p <= index / nBins) index -= 1;
  while (index < nBins - 1 && p > (index + 1) / nBins) index += 1;
  return index;
}

/**
 * Evaluates calibration. Inputs must already be checked: equal non-zero lengths, probabilities in
 * [0, 1], outcomes 0 or 1, nBins ≥ 1.
 *
 * @example evaluateCalibration([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 2).brier_score // 0.6325 / 4 = 0.158125
 */
export function evaluateCalibration(probabilities: readonly number[], outcomes: readonly number[], nBins: number): CalibrationReport {
  const n = probabilities.length;
  const counts = new Array<number>(nBins).fill(0);
  const sumPredicted = new Array<number>(nBins).fill(0);
  const sumPositive = new Array<number>(nBins).fill(0);
  let squared = 0;
  let logLoss = 0;
  let positives = 0;
  for (let i = 0; i < n; i += 1) {
    const p = probabilities[i]!;
    const y = outcomes[i]!;
    squared += (p - y) ** 2;
    const observedClassProbability = y === 1 ? p : 1 - p;
    logLoss -= Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, observedClassProbability)));
    positives += y;
    const b = binIndex(p, nBins);
    counts[b]! += 1;
    sumPredicted[b]! += p;
    sumPositive[b]! += y;
  }
  let ece = 0;
  let mce = 0;
  const bins: ReliabilityBin[] = counts.map((count, b) => {
    const range = { lower: b / nBins, upper: (b + 1) / nBins, count };
    if (count === 0) return { ...range, mean_predicted: null, observed_frequency: null, gap: null };
    const meanPredicted = sumPredicted[b]! / count;
    const frequency = sumPositive[b]! / count;
    const gap = Math.abs(frequency - meanPredicted);
    ece += (count / n) * gap;
    mce = Math.max(mce, gap);
    return { ...range, mean_predicted: meanPredicted, observed_frequency: frequency, gap };
  });
  return {
    n_samples: n,
    n_bins: nBins,
    brier_score: squared / n,
    log_loss: logLoss / n,
    log_loss_eps: LOG_LOSS_EPS,
    expected_calibration_error: ece,
    maximum_calibration_error: mce,
    base_rate: positives / n,
    bins,
  };
}
