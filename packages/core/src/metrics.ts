/**
 * Prometheus metrics (prom-client) with the names listed in docs/operations.md ("Metrics").
 * One registry per service instance, `service` as a default label, bounded label values only.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CellCounter, CellHistogram } from './metric-cells.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  registry: Registry;
  // The four observed on every request are cell metrics (metric-cells.ts): same output, cheaper calls.
  httpRequests: CellCounter<'route' | 'method' | 'status_class'>;
  httpDuration: CellHistogram<'route' | 'method'>;
  toolCalls: CellCounter<'tool' | 'outcome'>;
  toolDuration: CellHistogram<'tool' | 'outcome'>;
  toolErrors: Counter<'tool' | 'code'>;
  authFailures: Counter<'reason'>;
  rateLimited: Counter<'tool'>;
  circuitBreakerState: Gauge<'breaker'>;
  usageRecordsDropped: Counter<'sink'>;
}

export interface CreateMetricsOptions {
  service: string;
  /** Collect process and Node defaults (CPU, memory, event-loop lag). Default true. */
  defaults?: boolean;
}

/** Creates the registry and the fleet's standard metrics for one service. */
export function createMetrics({ service, defaults = true }: CreateMetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaults) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  // In the contract for every service: 0 unless the service declares it as a gauge (session-management does; see gauges.ts).
  new Gauge({ name: 'mcp_sessions_active', help: 'Active application sessions', registers });
  return {
    registry,
    httpRequests: new CellCounter({
      name: 'mcp_http_requests_total',
      help: 'HTTP requests by route, MCP method and status class',
      labelNames: ['route', 'method', 'status_class'],
      registers,
    }),
    httpDuration: new CellHistogram({
      name: 'mcp_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    toolCalls: new CellCounter({
      name: 'mcp_tool_calls_total',
      help: 'Tool calls by tool and outcome',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    toolDuration: new CellHistogram({
      name: 'mcp_tool_duration_seconds',
      help: 'Tool handler duration',
      labelNames: ['tool', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    toolErrors: new Counter({
      name: 'mcp_tool_errors_total',
      help: 'Tool call errors by error code',
      labelNames: ['tool', 'code'],
      registers,
    }),
    authFailures: new Counter({
      name: 'mcp_auth_failures_total',
      help: 'Rejected authentication attempts by reason',
      labelNames: ['reason'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'mcp_rate_limited_total',
      help: 'Requests rejected by the rate limiter',
      labelNames: ['tool'],
      registers,
    }),
    circuitBreakerState: new Gauge({
      name: 'mcp_circuit_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
      registers,
    }),
    usageRecordsDropped: new Counter({
      name: 'mcp_usage_records_dropped_total',
      help: 'Usage records that could not be delivered',
      labelNames: ['sink'],
      registers,
    }),
  };
}

/** "2xx", "4xx", ... for a status code. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
