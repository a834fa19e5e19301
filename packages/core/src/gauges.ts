/**
 * Service gauges: values a service reports on /metrics that core cannot know (active sessions,
 * mailbox depth). A service declares them in its definition (`gauges`); core evaluates each
 * gauge's `collect` when /metrics is scraped, reading the shared store. Replicas sharing Redis
 * therefore all report the same, fleet-wide value: aggregate them across instances with `max`
 * (never `sum`, which would count once per replica).
 *
 * Cardinality stays bounded: label names are declared up front and at most `maxSeries` label sets
 * are reported per scrape (default 10, at most 100).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/store.js';

/** One labelled value of a gauge. */
export interface GaugeSample<L extends string = string> {
  labels: Record<L, string>;
  value: number;
}

/** What `collect` gets. */
export interface GaugeCollectContext {
  /** The service's shared store. */
  store: Store;
  logger: Logger;
  /** Aborted when the scrape gives up on this gauge (`GAUGE_COLLECT_TIMEOUT_MS`). */
  signal: AbortSignal;
}

export interface GaugeDefinition<L extends string = string> {
  /** Prometheus name: `mcp_` prefix, snake_case. */
  name: string;
  help: string;
  /** Label names besides `service` (which every metric carries); default none. */
  labelNames?: readonly L[];
  /** Most label sets reported per scrape; samples past it are dropped (return the most useful first). Default 10, max 100. */
  maxSeries?: number;
  /**
   * Computes the value at scrape time: a number for an unlabelled gauge, or samples. Failing or
   * taking longer than `GAUGE_COLLECT_TIMEOUT_MS` reports no value for this scrape (the gauge is
   * absent rather than stale) and counts `mcp_gauge_collect_failures_total{gauge}`.
   */
  collect(ctx: GaugeCollectContext): Promise<number | readonly GaugeSample<L>[]>;
}

/** How long one gauge's `collect` may take before the scrape goes on without it. */
export const GAUGE_COLLECT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_SERIES = 10;
const MAX_SERIES_LIMIT = 100;
const GAUGE_NAME = /^mcp_[a-z][a-z0-9_]{0,99}$/;
const LABEL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Core registers these with a constant 0 so every service exports them; a service gauge may take them over. */
const REPLACEABLE = new Set(['mcp_sessions_active']);

/**
 * Declares a gauge. Identity function that fixes the label type.
 *
 * @example
 * defineGauge({ name: 'mcp_sessions_active', help: 'Active sessions', collect: ({ store }) => countActive(store) });
 */
export function defineGauge<L extends string = never>(definition: GaugeDefinition<L>): GaugeDefinition<L> {
  return definition;
}

/** Checks names, labels and limits; throws at start-up (called by `defineService`). */
export function checkGaugeDefinitions(gauges: readonly GaugeDefinition[]): void {
  const seen = new Set<string>();
  for (const gauge of gauges) {
    if (!GAUGE_NAME.test(gauge.name)) throw new Error(`Gauge name "${gauge.name}" must be snake_case with the mcp_ prefix`);
    if (seen.has(gauge.name)) throw new Error(`Gauge "${gauge.name}" is declared twice`);
    seen.add(gauge.name);
    for (const label of gauge.labelNames ?? []) {
      if (!LABEL_NAME.test(label) || label === 'service')
        throw new Error(`Gauge "${gauge.name}": label "${label}" must be snake_case and not "service"`);
    }
    const max = gauge.maxSeries ?? DEFAULT_MAX_SERIES;
    if (!Number.isInteger(max) || max < 1 || max > MAX_SERIES_LIMIT)
      throw new Error(`Gauge "${gauge.name}": maxSeries must be an integer from 1 to ${MAX_SERIES_LIMIT}`);
  }
}

function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`took longer than ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

export interface RegisterGaugesOptions {
  store: Store;
  logger: Logger;
  /** Default `GAUGE_COLLECT_TIMEOUT_MS`. */
  timeoutMs?: number;
}

/**
 * Registers the service's gauges in its metrics registry; each is computed when /metrics is
 * scraped. A failing gauge is logged once per failure streak (not once per scrape).
 */
export function registerGauges(
  metrics: Metrics,
  gauges: readonly GaugeDefinition[],
  { store, logger, timeoutMs = GAUGE_COLLECT_TIMEOUT_MS }: RegisterGaugesOptions,
): void {
  if (gauges.length === 0) return;
  checkGaugeDefinitions(gauges);
  const registry: Registry = metrics.registry;
  const failures =
    (registry.getSingleMetric('mcp_gauge_collect_failures_total') as Counter<'gauge'> | undefined) ??
    new Counter({
      name: 'mcp_gauge_collect_failures_total',
      help: 'Scrapes in which a service gauge could not be computed (store unavailable, timeout)',
      labelNames: ['gauge'],
      registers: [registry],
    });
  for (const definition of gauges) {
    if (registry.getSingleMetric(definition.name)) {
      if (!REPLACEABLE.has(definition.name)) throw new Error(`Gauge "${definition.name}" is already a core metric`);
      registry.removeSingleMetric(definition.name);
    }
    const maxSeries = definition.maxSeries ?? DEFAULT_MAX_SERIES;
    const labelNames = [...(definition.labelNames ?? [])];
    let failing = false;
    failures.inc({ gauge: definition.name }, 0);
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          const result = await withTimeout((signal) => definition.collect({ store, logger, signal }), timeoutMs);
          if (typeof result === 'number') {
            if (labelNames.length > 0) throw new Error('returned a number for a labelled gauge');
            this.set(result);
          } else {
            for (const sample of result.slice(0, maxSeries)) this.set(sample.labels, sample.value);
          }
          if (failing) logger.info('gauge collected again', { gauge: definition.name });
          failing = false;
        } catch (error) {
          this.reset();
          // An unlabelled gauge would otherwise report 0 after reset: absent is the honest answer.
          if (labelNames.length === 0) this.remove();
          failures.inc({ gauge: definition.name });
          if (!failing)
            logger.warn('gauge could not be collected; it is left out of /metrics until it can', {
              gauge: definition.name,
              error: error instanceof Error ? error.message : String(error),
            });
          failing = true;
        }
      },
    });
  }
}
