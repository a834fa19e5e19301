/**
 * The per-request metrics (mcp_http_requests_total, mcp_http_request_duration_seconds,
 * mcp_tool_calls_total, mcp_tool_duration_seconds), counted in cells: one cell per label
 * combination, found through one Map per label by the label values themselves. prom-client's own
 * `inc` / `observe` check the label names, build a key string from the labels and look it up in a
 * dictionary on every call, ~5 % of a tools/call's CPU with four of them per request; here a call
 * costs a few Map lookups and an addition.
 *
 * The cells are registered in the service's prom-client registry as metrics of their own and
 * answer its `get()` / `getForPromString()` with the objects prom-client's Counter and Histogram
 * produce, so /metrics reads exactly as before (`packages/core/test/metric-cells.test.ts` compares
 * the text with prom-client's for the same observations). Only what the pipeline uses is offered:
 * `inc`, `observe`, `get`, `reset`.
 */
import type { Metric, OpenMetricsContentType, PrometheusContentType, Registry } from 'prom-client';

// String values only: cells are found by the value itself, so 1 and "1" would be two cells where
// prom-client (which keys by the text) has one series.
type Labels<T extends string> = Partial<Record<T, string>>;

/** A registry of either exposition format, as prom-client's own metrics take. */
type AnyRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

interface CellOptions<T extends string> {
  name: string;
  help: string;
  labelNames: readonly T[];
  registers: AnyRegistry[];
}

/** Cells by label values: one Map level per label name, in `labelNames` order. */
class CellIndex<T extends string, C extends { labels: Labels<T> }> {
  private root = new Map<unknown, unknown>();
  /** Every cell, in the order first seen (the order prom-client exports them in). */
  cells: C[] = [];

  constructor(
    private readonly metric: string,
    private readonly labelNames: readonly T[],
    private readonly create: (labels: Labels<T>) => C,
  ) {}

  find(labels: Labels<T>): C {
    const names = this.labelNames;
    let node = this.root;
    for (let i = 0; i < names.length - 1; i++) {
      const value = labels[names[i]!];
      let next = node.get(value) as Map<unknown, unknown> | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    const leaf = labels[names[names.length - 1]!];
    const cell = node.get(leaf) as C | undefined;
    return cell ?? this.add(node, leaf, labels);
  }

  private add(node: Map<unknown, unknown>, leaf: unknown, labels: Labels<T>): C {
    // Checked once per combination, as prom-client checks on every call.
    for (const name of Object.keys(labels))
      if (!this.labelNames.includes(name as T)) throw new Error(`Added label "${name}" is not included in the label set of ${this.metric}`);
    // The labels as given (undefined values left out, as prom-client leaves them out of its key).
    const own: Labels<T> = {};
    for (const [name, value] of Object.entries(labels) as [T, string | undefined][]) if (value !== undefined) own[name] = value;
    const cell = this.create(own);
    node.set(leaf, cell);
    this.cells.push(cell);
    return cell;
  }

  clear(): void {
    this.root = new Map();
    this.cells = [];
  }
}

function register(metric: object, registers: AnyRegistry[]): void {
  for (const registry of registers) registry.registerMetric(metric as Metric);
}

/** A counter with labels; `inc` as prom-client's. */
export class CellCounter<T extends string> {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  /** Public and writable like prom-client's: the registry renames counters for OpenMetrics. */
  name: string;
  readonly help: string;
  private readonly index: CellIndex<T, { labels: Labels<T>; value: number }>;

  constructor({ name, help, labelNames, registers }: CellOptions<T>) {
    if (labelNames.length === 0) throw new Error(`${name}: a cell counter needs labels`);
    this.name = name;
    this.help = help;
    this.index = new CellIndex(name, labelNames, (labels) => ({ value: 0, labels }));
    register(this, registers);
  }

  inc(labels: Labels<T>, value = 1): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    if (value < 0) throw new Error('It is not possible to decrease a counter');
    this.index.find(labels).value += value;
  }

  get(): Promise<{ name: string; help: string; type: 'counter'; aggregator: 'sum'; values: { value: number; labels: Labels<T> }[] }> {
    return Promise.resolve({
      help: this.help,
      name: this.name,
      type: this.type,
      values: this.index.cells.map(({ value, labels }) => ({ value, labels })),
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    this.index.clear();
  }
}

interface HistogramCell<T extends string> {
  labels: Labels<T>;
  /** Observations per bucket (not cumulative); a value above every bound is only in `count`. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** One exported sample, in prom-client's shape (`sharedLabels`: the cell's labels). */
interface Sample<T extends string> {
  labels: { le?: number | string };
  sharedLabels: Labels<T>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}

/** A histogram with labels; `observe` as prom-client's. */
export class CellHistogram<T extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  name: string;
  readonly help: string;
  private readonly upperBounds: readonly number[];
  private readonly index: CellIndex<T, HistogramCell<T>>;

  constructor({ buckets, ...options }: CellOptions<T> & { buckets: readonly number[] }) {
    const { name, help, labelNames, registers } = options;
    if (labelNames.length === 0) throw new Error(`${name}: a cell histogram needs labels`);
    if (labelNames.includes('le' as T)) throw new Error('le is a reserved label keyword');
    this.name = name;
    this.help = help;
    this.upperBounds = [...buckets].sort((a, b) => a - b);
    this.index = new CellIndex(name, labelNames, (labels) => ({ labels, buckets: new Float64Array(buckets.length), sum: 0, count: 0 }));
    register(this, registers);
  }

  observe(labels: Labels<T>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const cell = this.index.find(labels);
    const bounds = this.upperBounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        cell.buckets[i]!++;
        break;
      }
    }
    cell.sum += value;
    cell.count += 1;
  }

  /** What the registry formats: cumulative buckets, +Inf, sum and count per cell. */
  getForPromString(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Sample<T>[] }> {
    const bucketName = `${this.name}_bucket`;
    const values: Sample<T>[] = [];
    for (const cell of this.index.cells) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += cell.buckets[i]!;
        values.push({ labels: { le }, sharedLabels: cell.labels, value: cumulative, metricName: bucketName, exemplar: null });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: cell.labels, value: cell.count, metricName: bucketName, exemplar: null },
        { labels: {}, sharedLabels: cell.labels, value: cell.sum, metricName: `${this.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: cell.labels, value: cell.count, metricName: `${this.name}_count`, exemplar: undefined },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  /** The samples with each cell's labels merged in (prom-client's `get()`: JSON output). */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Omit<Sample<T>, 'sharedLabels'>[] }> {
    const data = await this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    };
  }

  reset(): void {
    this.index.clear();
  }
}
