/**
 * Optional OpenTelemetry tracing: one span per tool call, exported over OTLP/HTTP. Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, and then loaded with a dynamic import, so a service that does
 * not trace never loads (or pays start-up time for) the OpenTelemetry packages.
 *
 * A caller's W3C `traceparent` (and `tracestate`) is honoured: the pipeline keeps the headers in the
 * request scope while tracing is on, and the span is extracted onto them with the W3C trace-context
 * propagator, so it joins the caller's trace as a child of the caller's span. The sampler is
 * parent-based: a caller that says "not sampled" (flags 00) gets no span; without a parent every
 * call is sampled. Responses carry no `traceparent` (a request-only header in W3C Trace Context);
 * the `X-Request-Id` they do carry is the span's `mcp.correlation_id`.
 */
import { currentScope } from './context.js';
import type { Logger } from './logger.js';
import type { ToolCallEvent } from './mcp/call-tool.js';

/** Records finished tool calls as spans. */
export interface ToolTracer {
  record(event: ToolCallEvent): void;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export interface ToolTracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT, e.g. `http://127.0.0.1:4318`; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  service: { name: string; version: string };
  logger: Logger;
}

/** Span attribute names (stable: dashboards and tests use them). */
export const SPAN_ATTRIBUTES = {
  tool: 'mcp.tool.name',
  clientId: 'mcp.client.id',
  correlationId: 'mcp.correlation_id',
  outcome: 'mcp.tool.outcome',
  errorCode: 'error.type',
} as const;

/** Starts an OTLP/HTTP exporter and returns the tracer for tool calls. */
export async function startToolTracing({ endpoint, service, logger }: ToolTracingOptions): Promise<ToolTracer> {
  const [
    { SpanStatusCode, SpanKind, ROOT_CONTEXT, defaultTextMapGetter },
    { W3CTraceContextPropagator },
    { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, AlwaysOnSampler },
    { OTLPTraceExporter },
    { resourceFromAttributes },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  // The exporter of this package speaks OTLP/HTTP with JSON bodies.
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service.name, 'service.version': service.version }),
    // Explicit, so OTEL_TRACES_SAMPLER in the environment cannot silently change it.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@a2a-mcp/core');
  const propagator = new W3CTraceContextPropagator();
  logger.info('tracing tool calls to OpenTelemetry', { endpoint });
  return {
    record(event) {
      const start = event.startedAt.getTime();
      // Called inside the request's scope; a malformed traceparent extracts to nothing (a root span).
      const incoming = currentScope()?.trace;
      const parent = incoming ? propagator.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `tools/call ${event.tool}`,
        {
          kind: SpanKind.SERVER,
          startTime: start,
          attributes: {
            [SPAN_ATTRIBUTES.tool]: event.tool,
            [SPAN_ATTRIBUTES.clientId]: event.identity.clientId,
            [SPAN_ATTRIBUTES.correlationId]: event.correlationId,
            [SPAN_ATTRIBUTES.outcome]: event.outcome,
            ...(event.errorCode ? { [SPAN_ATTRIBUTES.errorCode]: event.errorCode } : {}),
          },
        },
        parent,
      );
      span.setStatus(event.outcome === 'success' ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: event.errorCode ?? event.outcome });
      span.end(start + event.durationMs);
    },
    async shutdown() {
      try {
        await provider.shutdown();
      } catch (error) {
        logger.warn('could not export the last spans', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

