/**
 * Optional OpenTelemetry telemetry for MCP operations, in the vocabulary of the OpenTelemetry
 * semantic conventions for MCP (open-telemetry/semantic-conventions-genai v0.1.0, docs/gen-ai/mcp.md,
 * status Development; see docs/tracing.md): one SERVER span per `tools/call`, named
 * `tools/call {gen_ai.tool.name}`, one per other request or notification received (named by its
 * method; `_OTHER` for a method outside MCP), one HTTP server span (`POST /mcp`) per /mcp request
 * refused before its body was parsed, and the `mcp.server.operation.duration` histogram of the MCP
 * ones, all exported over OTLP/HTTP (JSON). Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and then loaded with dynamic
 * imports, so a service that does not trace never loads the OpenTelemetry packages.
 *
 * Parent: the trace context the request carries in `params._meta` (`traceparent`, `tracestate`,
 * SEP-414) when present and valid, else the HTTP request's `traceparent`. When both are present
 * the HTTP-level context is recorded as a span link, not as the parent (the convention: MCP and
 * transport contexts are independent). The sampler is parent-based: a parent that says "not
 * sampled" gets no span; without a parent every call is sampled.
 */
import type { Attributes, Context, Link } from '@opentelemetry/api';
import { markRecorded } from './context.js';
import type { Logger } from './logger.js';
import { redact } from './logger.js';
import type { ToolCallEvent } from './mcp/call-tool.js';
import type { HttpRefusalEvent, McpOperationEvent, OperationRecorder } from './mcp/operations.js';

/** The convention this module follows (pinned: the conventions are still in development). */
export const MCP_SEMCONV = {
  repository: 'open-telemetry/semantic-conventions-genai',
  version: 'v0.1.0',
  document: 'docs/gen-ai/mcp.md',
} as const;

/**
 * Records finished tool calls (`record`), the other MCP operations (`recordOperation`) and /mcp
 * requests the HTTP pipeline refused before parsing (`recordHttpRefusal`) as spans, and the MCP
 * ones in the duration histogram.
 */
export interface ToolTracer extends OperationRecorder {
  record(event: ToolCallEvent): void;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export interface ToolTracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT, e.g. `http://127.0.0.1:4318`; spans go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. */
  endpoint: string;
  service: { name: string; version: string };
  logger: Logger;
  /** Opt-in (TRACE_TOOL_CONTENT): put `gen_ai.tool.call.arguments` (redacted) and `gen_ai.tool.call.result` on spans. */
  captureContent?: boolean;
  /** How often metrics are exported, ms (OTEL_METRIC_EXPORT_INTERVAL). Default 60 000; shutdown exports the rest. */
  metricExportIntervalMs?: number;
}

/** Span and metric attribute names: the convention's, and ours under `a2a.*` for what it does not cover. */
export const SPAN_ATTRIBUTES = {
  method: 'mcp.method.name',
  toolName: 'gen_ai.tool.name',
  operation: 'gen_ai.operation.name',
  requestId: 'jsonrpc.request.id',
  protocolVersion: 'mcp.protocol.version',
  sessionId: 'mcp.session.id',
  errorType: 'error.type',
  rpcStatus: 'rpc.response.status_code',
  clientAddress: 'client.address',
  clientPort: 'client.port',
  transport: 'network.transport',
  protocolName: 'network.protocol.name',
  protocolVersionNetwork: 'network.protocol.version',
  arguments: 'gen_ai.tool.call.arguments',
  result: 'gen_ai.tool.call.result',
  clientId: 'a2a.client.id',
  correlationId: 'a2a.correlation_id',
  outcome: 'a2a.tool.outcome',
  errorCode: 'a2a.error.code',
  resourceUri: 'mcp.resource.uri',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
} as const;

/** The server operation histogram and its bucket boundaries (seconds), as the convention advises. */
export const OPERATION_DURATION_METRIC = 'mcp.server.operation.duration';
export const OPERATION_DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** `error.type` of a call: the JSON-RPC error code, `tool_error` for an `isError` result, else none. */
export function errorTypeOf(event: Pick<ToolCallEvent, 'rpcErrorCode' | 'outcome'>): string | undefined {
  if (event.rpcErrorCode !== undefined) return String(event.rpcErrorCode);
  return event.outcome === 'success' ? undefined : 'tool_error';
}

/** Attributes shared by the span and the histogram (all of low cardinality). */
export function operationAttributes(event: ToolCallEvent): Attributes {
  const errorType = errorTypeOf(event);
  const http = event.mcp ? event.mcp.transport === 'http' : event.request !== undefined;
  return {
    [SPAN_ATTRIBUTES.method]: 'tools/call',
    [SPAN_ATTRIBUTES.operation]: 'execute_tool',
    // A name the server does not know is the caller's text: not a span name, not a metric dimension.
    ...(event.errorCode === 'unknown_tool' ? {} : { [SPAN_ATTRIBUTES.toolName]: event.tool }),
    ...(event.mcp?.protocolVersion ? { [SPAN_ATTRIBUTES.protocolVersion]: event.mcp.protocolVersion } : {}),
    ...(errorType ? { [SPAN_ATTRIBUTES.errorType]: errorType } : {}),
    ...(event.rpcErrorCode === undefined ? {} : { [SPAN_ATTRIBUTES.rpcStatus]: String(event.rpcErrorCode) }),
    ...networkAttributes(http, event.request?.httpVersion),
  };
}

/** The span name: `tools/call {tool}`, or `tools/call` alone for a tool the server does not have. */
export function spanNameOf(event: ToolCallEvent): string {
  return event.errorCode === 'unknown_tool' ? 'tools/call' : `tools/call ${event.tool}`;
}

/** All span attributes of a call. */
export function spanAttributes(event: ToolCallEvent, captureContent: boolean): Attributes {
  const mcp = event.mcp;
  const attributes: Attributes = {
    ...operationAttributes(event),
    ...(mcp?.requestId === undefined ? {} : { [SPAN_ATTRIBUTES.requestId]: String(mcp.requestId) }),
    ...(mcp?.sessionId === undefined ? {} : { [SPAN_ATTRIBUTES.sessionId]: mcp.sessionId }),
    ...clientAttributes(event.request),
    [SPAN_ATTRIBUTES.clientId]: event.identity.clientId,
    [SPAN_ATTRIBUTES.correlationId]: event.correlationId,
    [SPAN_ATTRIBUTES.outcome]: event.outcome,
    ...(event.errorCode ? { [SPAN_ATTRIBUTES.errorCode]: event.errorCode } : {}),
  };
  if (captureContent) {
    // Structured values are not OTLP attribute types: JSON strings, as the convention allows.
    if (event.input !== undefined) attributes[SPAN_ATTRIBUTES.arguments] = JSON.stringify(redact(event.input));
    if (event.outcome === 'success' && event.result?.structuredContent)
      attributes[SPAN_ATTRIBUTES.result] = JSON.stringify(event.result.structuredContent);
  }
  return attributes;
}

/** `client.address` and `client.port`: the TCP peer, when there is one (none over stdio). */
function clientAttributes(request: { ip?: string; port?: number } | undefined): Attributes {
  if (!request?.ip) return {};
  return {
    [SPAN_ATTRIBUTES.clientAddress]: request.ip,
    ...(request.port === undefined ? {} : { [SPAN_ATTRIBUTES.clientPort]: request.port }),
  };
}

/** `network.*` attributes: `tcp` + `http` + the HTTP version over HTTP, `pipe` over stdio. */
function networkAttributes(http: boolean, httpVersion: string | undefined): Attributes {
  if (!http) return { [SPAN_ATTRIBUTES.transport]: 'pipe' };
  return {
    [SPAN_ATTRIBUTES.transport]: 'tcp',
    [SPAN_ATTRIBUTES.protocolName]: 'http',
    ...(httpVersion ? { [SPAN_ATTRIBUTES.protocolVersionNetwork]: httpVersion } : {}),
  };
}

/** Low-cardinality attributes of an MCP operation: the span's and the histogram's. */
export function operationEventAttributes(event: McpOperationEvent): Attributes {
  return {
    [SPAN_ATTRIBUTES.method]: event.method,
    ...(event.toolName === undefined ? {} : { [SPAN_ATTRIBUTES.toolName]: event.toolName }),
    ...(event.method === 'tools/call' ? { [SPAN_ATTRIBUTES.operation]: 'execute_tool' } : {}),
    ...(event.protocolVersion ? { [SPAN_ATTRIBUTES.protocolVersion]: event.protocolVersion } : {}),
    ...(event.rpcErrorCode === undefined
      ? {}
      : { [SPAN_ATTRIBUTES.errorType]: String(event.rpcErrorCode), [SPAN_ATTRIBUTES.rpcStatus]: String(event.rpcErrorCode) }),
    ...networkAttributes(event.transport === 'http', event.request?.httpVersion),
  };
}

/** The span name of an operation: `{mcp.method.name} {target}` with a known tool as target, else the method. */
export function operationSpanName(event: McpOperationEvent): string {
  return event.toolName === undefined ? event.method : `${event.method} ${event.toolName}`;
}

/** All span attributes of an operation. */
export function operationSpanAttributes(event: McpOperationEvent): Attributes {
  return {
    ...operationEventAttributes(event),
    ...(event.requestId === undefined ? {} : { [SPAN_ATTRIBUTES.requestId]: String(event.requestId) }),
    ...(event.sessionId === undefined ? {} : { [SPAN_ATTRIBUTES.sessionId]: event.sessionId }),
    ...(event.resourceUri === undefined ? {} : { [SPAN_ATTRIBUTES.resourceUri]: event.resourceUri }),
    ...clientAttributes(event.request),
    ...(event.httpStatus === undefined ? {} : { [SPAN_ATTRIBUTES.httpStatus]: event.httpStatus }),
    ...(event.clientId === undefined ? {} : { [SPAN_ATTRIBUTES.clientId]: event.clientId }),
    ...(event.correlationId === undefined ? {} : { [SPAN_ATTRIBUTES.correlationId]: event.correlationId }),
    ...(event.errorCode === undefined ? {} : { [SPAN_ATTRIBUTES.errorCode]: event.errorCode }),
  };
}

const HTTP_METHODS = new Set(['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

/**
 * The HTTP server span attributes (HTTP semantic conventions) of a refused /mcp request. A 4xx is
 * the client's error, not the server's: like the conventions, `error.type` only for a 5xx.
 */
export function httpRefusalAttributes(event: HttpRefusalEvent): Attributes {
  return {
    [SPAN_ATTRIBUTES.httpMethod]: HTTP_METHODS.has(event.httpMethod) ? event.httpMethod : '_OTHER',
    [SPAN_ATTRIBUTES.httpRoute]: '/mcp',
    [SPAN_ATTRIBUTES.urlPath]: '/mcp',
    [SPAN_ATTRIBUTES.urlScheme]: event.scheme,
    [SPAN_ATTRIBUTES.httpStatus]: event.status,
    ...(event.status >= 500 ? { [SPAN_ATTRIBUTES.errorType]: String(event.status) } : {}),
    ...networkAttributes(true, event.request.httpVersion),
    ...clientAttributes(event.request),
    [SPAN_ATTRIBUTES.correlationId]: event.correlationId,
    ...(event.errorCode === undefined ? {} : { [SPAN_ATTRIBUTES.errorCode]: event.errorCode }),
  };
}

/** Starts the OTLP/HTTP exporters and returns the recorder for tool calls. */
export async function startToolTracing({
  endpoint,
  service,
  logger,
  captureContent = false,
  metricExportIntervalMs = 60_000,
}: ToolTracingOptions): Promise<ToolTracer> {
  const [
    { SpanStatusCode, SpanKind, ROOT_CONTEXT, defaultTextMapGetter, trace },
    { W3CTraceContextPropagator, ExportResultCode },
    { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, AlwaysOnSampler },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { MeterProvider, PeriodicExportingMetricReader },
    { JsonMetricsSerializer },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/otlp-transformer'),
  ]);
  const base = endpoint.replace(/\/+$/, '');
  const resource = resourceFromAttributes({ 'service.name': service.name, 'service.version': service.version });
  // The exporter of this package speaks OTLP/HTTP with JSON bodies.
  const exporter = new OTLPTraceExporter({ url: `${base}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource,
    // Explicit, so OTEL_TRACES_SAMPLER in the environment cannot silently change it.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@a2a-mcp/core');
  const propagator = new W3CTraceContextPropagator();

  // Metrics: OTLP/HTTP JSON, serialised by the OTLP transformer the trace exporter uses too.
  const metricsUrl = `${base}/v1/metrics`;
  const pending = new Set<Promise<void>>();
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exportIntervalMillis: metricExportIntervalMs,
        exportTimeoutMillis: Math.min(metricExportIntervalMs, 30_000),
        exporter: {
          export(metrics, resultCallback) {
            const body = JsonMetricsSerializer.serializeRequest(metrics);
            if (!body) return resultCallback({ code: ExportResultCode.FAILED, error: new Error('metrics could not be serialised') });
            const sent = fetch(metricsUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: body as Uint8Array<ArrayBuffer>,
            }).then(
              async (response) => {
                await response.arrayBuffer().catch(() => undefined);
                resultCallback(
                  response.ok
                    ? { code: ExportResultCode.SUCCESS }
                    : { code: ExportResultCode.FAILED, error: new Error(`OTLP metrics export: HTTP ${response.status}`) },
                );
              },
              (error: unknown) =>
                resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
            );
            pending.add(sent);
            void sent.finally(() => pending.delete(sent));
          },
          forceFlush: async () => {
            await Promise.all(pending);
          },
          shutdown: async () => {
            await Promise.all(pending);
          },
        },
      }),
    ],
  });
  const duration = meterProvider.getMeter('@a2a-mcp/core').createHistogram(OPERATION_DURATION_METRIC, {
    unit: 's',
    description: 'Duration of the MCP request as observed on the server, from receipt to the response being ready.',
    advice: { explicitBucketBoundaries: OPERATION_DURATION_BUCKETS },
  });

  const extract = (carrier: { traceparent?: string; tracestate?: string } | undefined): Context | undefined => {
    if (carrier?.traceparent === undefined) return undefined;
    const context = propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    // A malformed traceparent extracts to nothing.
    return trace.getSpanContext(context) ? context : undefined;
  };

  logger.info('tracing MCP operations to OpenTelemetry', { endpoint, convention: `${MCP_SEMCONV.repository} ${MCP_SEMCONV.version}` });
  const startSpan = (
    name: string,
    attributes: Attributes,
    start: number,
    meta: { traceparent?: string; tracestate?: string } | undefined,
    transportTrace: { traceparent: string; tracestate?: string } | undefined,
  ) => {
    const fromMeta = extract(meta);
    const fromHttp = extract(transportTrace);
    const parent = fromMeta ?? fromHttp ?? ROOT_CONTEXT;
    const httpContext = fromHttp ? trace.getSpanContext(fromHttp) : undefined;
    const links: Link[] = fromMeta && httpContext ? [{ context: httpContext }] : [];
    // The MCP span of the request in scope exists: the transport records no second one.
    markRecorded();
    return tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: start, attributes, links }, parent);
  };

  return {
    record(event) {
      const start = event.startedAt.getTime();
      const span = startSpan(spanNameOf(event), spanAttributes(event, captureContent), start, event.mcp?.meta, event.transportTrace);
      const errorType = errorTypeOf(event);
      // Success leaves the status unset, as the convention's recording-errors rules say.
      if (errorType) span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode ?? errorType });
      span.end(start + event.durationMs);
      event.traceId = span.spanContext().traceId;
      duration.record(event.durationMs / 1000, operationAttributes(event));
    },
    recordOperation(event) {
      const span = startSpan(operationSpanName(event), operationSpanAttributes(event), event.startedAt, event.meta, event.transportTrace);
      if (event.rpcErrorCode !== undefined)
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode ?? String(event.rpcErrorCode) });
      span.end(event.startedAt + event.durationMs);
      duration.record(event.durationMs / 1000, operationEventAttributes(event));
    },
    recordHttpRefusal(event) {
      // Named `{http.request.method} {http.route}` (HTTP conventions); parented on the HTTP traceparent only.
      const span = startSpan(
        `${HTTP_METHODS.has(event.httpMethod) ? event.httpMethod : 'HTTP'} /mcp`,
        httpRefusalAttributes(event),
        event.startedAt,
        undefined,
        event.transportTrace,
      );
      if (event.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode ?? String(event.status) });
      span.end(event.startedAt + event.durationMs);
    },
    async shutdown() {
      try {
        await Promise.all([provider.shutdown(), meterProvider.shutdown()]);
      } catch (error) {
        logger.warn('could not export the last spans or metrics', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
