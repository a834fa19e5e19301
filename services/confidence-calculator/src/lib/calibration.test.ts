import { describe, expect, it } from '@jest/globals';
import { binIndex, evaluateCalibration } from './calibration.js';

const EPS = 2.220446049250313e-16;

describe('evaluateCalibration: worked example p = [0.1, 0.4, 0.35, 0.8], y = [0, 0, 1, 1]', () => {
  const p = [0.1, 0.4, 0.35, 0.8];
  const y = [0, 0, 1, 1];

  it('Brier score = mean squared error', () => {
    // (0.1 − 0)² + (0.4 − 0)² + (0.35 − 1)² + (0.8 − 1)² = 0.01 + 0.16 + 0.4225 + 0.04 = 0.6325; / 4 = 0.158125
    expect(evaluateCalibration(p, y, 10).brier_score).toBeCloseTo(0.158125, 12);
  });

  it('log loss as scikit-learn computes it', () => {
    // probability of the observed class: 0.9, 0.6, 0.35, 0.8
    // −(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8) / 4
    // = −(−0.1053605157 − 0.5108256238 − 1.0498221245 − 0.2231435513) / 4 = 1.8891518152 / 4 = 0.4722879538
    expect(evaluateCalibration(p, y, 10).log_loss).toBeCloseTo(0.4722879538, 9);
  });

  it('ECE and MCE with 2 bins', () => {
    // bin [0, 0.5]: p 0.1, 0.4, 0.35 → conf 0.85/3 = 0.283333, freq 1/3 = 0.333333, gap 0.05
    // bin (0.5, 1]: p 0.8 → conf 0.8, freq 1, gap 0.2
    // ECE = 3/4 · 0.05 + 1/4 · 0.2 = 0.0375 + 0.05 = 0.0875; MCE = 0.2
    const report = evaluateCalibration(p, y, 2);
    expect(report.expected_calibration_error).toBeCloseTo(0.0875, 12);
    expect(report.maximum_calibration_error).toBeCloseTo(0.2, 12);
    expect(report.bins).toEqual([
      {
        lower: 0,
        upper: 0.5,
        count: 3,
        mean_predicted: expect.closeTo(0.85 / 3, 12),
        observed_frequency: expect.closeTo(1 / 3, 12),
        gap: expect.closeTo(0.05, 12),
      },
      { lower: 0.5, upper: 1, count: 1, mean_predicted: 0.8, observed_frequency: 1, gap: expect.closeTo(0.2, 12) },
    ]);
  });

  it('ECE and MCE with 3 bins', () => {
    // [0, 1/3]: p 0.1 → conf 0.1, freq 0, gap 0.1, n 1
    // (1/3, 2/3]: p 0.4, 0.35 → conf 0.375, freq 0.5, gap 0.125, n 2
    // (2/3, 1]: p 0.8 → conf 0.8, freq 1, gap 0.2, n 1
    // ECE = 1/4 · 0.1 + 2/4 · 0.125 + 1/4 · 0.2 = 0.025 + 0.0625 + 0.05 = 0.1375; MCE = 0.2
    const report = evaluateCalibration(p, y, 3);
    expect(report.expected_calibration_error).toBeCloseTo(0.1375, 12);
    expect(report.maximum_calibration_error).toBeCloseTo(0.2, 12);
    expect(report.bins.map((b) => b.count)).toEqual([1, 2, 1]);
  });

  it('reports empty bins with nulls and the base rate', () => {
    const report = evaluateCalibration(p, y, 10);
    expect(report.bins).toHaveLength(10);
    expect(report.bins[5]).toEqual({ lower: 0.5, upper: 0.6, count: 0, mean_predicted: null, observed_frequency: null, gap: null });
    // 0.35 sits in (0.3, 0.4] and 0.4 on that bin's closed upper edge
    expect(report.bins[3]).toMatchObject({ count: 2, mean_predicted: expect.closeTo(0.375, 12) });
    expect(report.base_rate).toBe(0.5);
    expect(report.n_samples).toBe(4);
    expect(report.log_loss_eps).toBe(EPS);
  });
});

describe('evaluateCalibration: clipping at p = 0 and p = 1', () => {
  it('confident and right: loss is −ln(1 − eps) ≈ eps, Brier 0, ECE 0', () => {
    const report = evaluateCalibration([0, 1], [0, 1], 10);
    // q = clip(1 − 0) = 1 − eps and clip(1) = 1 − eps; −ln(1 − eps) = 2.220446049250313e-16 (to first order: eps)
    expect(report.log_loss).toBeCloseTo(-Math.log(1 - EPS), 30);
    expect(report.log_loss).toBeGreaterThan(0);
    expect(report.brier_score).toBe(0);
    expect(report.expected_calibration_error).toBe(0);
  });

  it('confident and wrong: loss is −ln(eps) = 52 ln 2 = 36.04365338911715, not infinity', () => {
    const report = evaluateCalibration([0, 1], [1, 0], 10);
    expect(report.log_loss).toBeCloseTo(36.04365338911715, 10);
    expect(report.brier_score).toBe(1);
    // bin [0, 0.1]: conf 0, freq 1; bin (0.9, 1]: conf 1, freq 0 → ECE = ½·1 + ½·1 = 1
    expect(report.expected_calibration_error).toBe(1);
    expect(report.maximum_calibration_error).toBe(1);
  });
});

describe('binIndex: first bin [0, 1/B], then (lo, hi]', () => {
  it.each([
    [0, 10, 0],
    [0.1, 10, 0],
    [0.10000000000000002, 10, 1],
    [0.3, 10, 2], // 0.3 × 10 = 3.0000000000000004 in floating point; still (0.2, 0.3]
    [0.7, 10, 6],
    [1, 10, 9],
    [0.5, 2, 0],
    [0.50001, 2, 1],
    [1 / 3, 3, 0],
    [0, 1, 0],
    [1, 1, 0],
  ])('p = %d, B = %d → bin %d', (p, bins, index) => {
    expect(binIndex(p, bins)).toBe(index);
  });
});
