/**
 * The cell metrics (src/metric-cells.ts) against prom-client's own Counter and Histogram: the same
 * observations in two registries must give the same /metrics text (Prometheus and OpenMetrics) and
 * the same JSON, before and after a reset; wrong labels and values are refused as prom-client
 * refuses them. One exposition is also checked line by line against hand-computed figures.
 */
import { describe, expect, it } from '@jest/globals';
import { Counter, Histogram, Registry, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import { CellCounter, CellHistogram } from '../src/metric-cells.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];

function registries(contentType: PrometheusContentType | OpenMetricsContentType = Registry.PROMETHEUS_CONTENT_TYPE) {
  const plain = new Registry<PrometheusContentType | OpenMetricsContentType>();
  const cells = new Registry<PrometheusContentType | OpenMetricsContentType>();
  for (const registry of [plain, cells]) {
    registry.setDefaultLabels({ service: 'unit' });
    registry.setContentType(contentType);
  }
  const counterOptions = { name: 'unit_calls_total', help: 'Calls', labelNames: ['tool', 'outcome'] as const };
  const histogramOptions = { name: 'unit_duration_seconds', help: 'Duration', labelNames: ['tool', 'outcome'] as const, buckets: BUCKETS };
  return {
    plain,
    cells,
    counters: [
      new Counter({ ...counterOptions, labelNames: [...counterOptions.labelNames], registers: [plain] }),
      new CellCounter({ ...counterOptions, registers: [cells] }),
    ] as const,
    histograms: [
      new Histogram({ ...histogramOptions, labelNames: [...histogramOptions.labelNames], registers: [plain] }),
      new CellHistogram({ ...histogramOptions, registers: [cells] }),
    ] as const,
  };
}

/** Interleaved label combinations, a value on a bound, one above every bound, and a zero. */
function observeAll({ counters, histograms }: ReturnType<typeof registries>): void {
  const calls: [string, string, number][] = [
    ['echo', 'success', 0.0004],
    ['rank', 'error', 0.01],
    ['echo', 'success', 0.002],
    ['echo', 'timeout', 30],
    ['rank', 'error', 0.5],
    ['echo', 'success', 0],
    ['rank', 'success', 1],
  ];
  for (const [tool, outcome, seconds] of calls) {
    for (const counter of counters) counter.inc({ tool, outcome });
    for (const histogram of histograms) histogram.observe({ tool, outcome }, seconds);
  }
  for (const counter of counters) counter.inc({ tool: 'rank', outcome: 'error' }, 2.5);
}

describe('cell metrics', () => {
  it('expose exactly what prom-client exposes for the same observations', async () => {
    const r = registries();
    observeAll(r);
    expect(await r.cells.metrics()).toBe(await r.plain.metrics());
    expect(await r.cells.getMetricsAsJSON()).toEqual(await r.plain.getMetricsAsJSON());
    const open = registries(Registry.OPENMETRICS_CONTENT_TYPE);
    observeAll(open);
    expect(await open.cells.metrics()).toBe(await open.plain.metrics());
    // OpenMetrics: the registry renames the counter (`unit_calls`) and suffixes its samples.
    const openText = await open.cells.metrics();
    expect(openText).toContain('# TYPE unit_calls counter\n');
    expect(openText).toContain('unit_calls_total{tool="echo",outcome="success",service="unit"} 3\n');
  });

  it('the exposition, line by line', async () => {
    const r = registries();
    observeAll(r);
    const text = await r.cells.metrics();
    // Histogram lines carry the default label before the cell's (prom-client's order for shared labels).
    // echo/success: 0.0004, 0.002, 0 → 2 at or below 0.001, 3 at or below 0.01.
    expect(text).toContain('unit_duration_seconds_bucket{le="0.001",service="unit",tool="echo",outcome="success"} 2\n');
    expect(text).toContain('unit_duration_seconds_bucket{le="0.01",service="unit",tool="echo",outcome="success"} 3\n');
    expect(text).toContain(`unit_duration_seconds_sum{service="unit",tool="echo",outcome="success"} ${0.0004 + 0.002}\n`);
    expect(text).toContain('unit_duration_seconds_count{service="unit",tool="echo",outcome="success"} 3\n');
    // echo/timeout: 30 s is above every bound: only +Inf and the count hold it.
    expect(text).toContain('unit_duration_seconds_bucket{le="1",service="unit",tool="echo",outcome="timeout"} 0\n');
    expect(text).toContain('unit_duration_seconds_bucket{le="+Inf",service="unit",tool="echo",outcome="timeout"} 1\n');
    // rank/success: 1 s is on the last bound.
    expect(text).toContain('unit_duration_seconds_bucket{le="1",service="unit",tool="rank",outcome="success"} 1\n');
    expect(text).toContain('unit_calls_total{tool="rank",outcome="error",service="unit"} 4.5\n');
    expect(text).toContain('unit_calls_total{tool="echo",outcome="success",service="unit"} 3\n');
  });

  it('reset empties them as it empties prom-client', async () => {
    const r = registries();
    observeAll(r);
    r.plain.resetMetrics();
    r.cells.resetMetrics();
    expect(await r.cells.metrics()).toBe(
      '# HELP unit_calls_total Calls\n# TYPE unit_calls_total counter\n\n# HELP unit_duration_seconds Duration\n# TYPE unit_duration_seconds histogram\n',
    );
    expect(await r.cells.metrics()).toBe(await r.plain.metrics());
    observeAll(r);
    expect(await r.cells.metrics()).toBe(await r.plain.metrics());
  });

  it('refuses what prom-client refuses', () => {
    const {
      counters: [, counter],
      histograms: [, histogram],
    } = registries();
    expect(() => counter.inc({ tool: 'echo', outcome: 'success' }, -1)).toThrow('It is not possible to decrease a counter');
    expect(() => counter.inc({ tool: 'echo', outcome: 'success' }, Number.NaN)).toThrow(TypeError);
    expect(() => histogram.observe({ tool: 'echo', outcome: 'success' }, Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => counter.inc({ tool: 'echo', outcome: 'success', route: '/mcp' } as never)).toThrow(
      'Added label "route" is not included in the label set of unit_calls_total',
    );
    expect(() => new CellHistogram({ name: 'x', help: 'x', labelNames: ['le'], buckets: BUCKETS, registers: [] })).toThrow(
      'le is a reserved label keyword',
    );
  });
});
