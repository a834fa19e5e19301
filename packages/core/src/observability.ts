/**
 * @a2a-mcp/core/observability — metrics (prom-client), gauges, the rate limiter and tracing
 * attributes, as the runtime wires them. Services declare gauges with `defineGauge` (root entry).
 */
export { createMetrics } from './metrics.js';
export type { Metrics } from './metrics.js';
export { registerGauges, GAUGE_COLLECT_TIMEOUT_MS } from './gauges.js';
export type { GaugeSample, GaugeCollectContext, RegisterGaugesOptions } from './gauges.js';
export { createRateLimiter } from './http/rate-limit.js';
export type { RateLimiter, RateLimiterOptions } from './http/rate-limit.js';
export { SPAN_ATTRIBUTES, MCP_SEMCONV, OPERATION_DURATION_METRIC, OPERATION_DURATION_BUCKETS } from './tracing.js';
export type { ToolTracer } from './tracing.js';
