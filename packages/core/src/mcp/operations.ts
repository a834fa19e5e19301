/**
 * MCP operations as telemetry sees them (docs/tracing.md): every request or notification that
 * reaches the MCP layer — `initialize`, `tools/list`, `ping`, `resources/*`, notifications, unknown
 * methods — and every /mcp request the HTTP pipeline refuses. `tools/call` keeps its own, richer
 * event (call-tool.ts: ToolCallEvent); the events here cover everything else, in both lanes, both
 * eras and over stdio. Nothing here runs unless a tracer exists: the lanes test for it first.
 */
import type { IncomingMessage } from 'node:http';
import { currentScope, type RequestScope } from '../context.js';
import { boundedText } from './call-tool.js';
import { traceMetaOf } from './fast-lane.js';
import { isRecord } from './protocol.js';
import type { ToolRegistry } from './tool-registry.js';

/** One finished MCP request or received notification (other than a tool call that reached callTool). */
export interface McpOperationEvent {
  /** The method as the convention names it: a known MCP method, or `_OTHER` (see operationMethod). */
  method: string;
  /** The low-cardinality target for the span name: a tool the server has (tools/call only). */
  toolName?: string;
  /** The JSON-RPC id (bounded); absent for a notification. */
  requestId?: string | number;
  protocolVersion?: string;
  /** 2025-era sessions only. */
  sessionId?: string;
  /** `params.uri` of resources/read, subscribe, unsubscribe (bounded; a span attribute, never in the name). */
  resourceUri?: string;
  /** W3C trace context from `params._meta` (unvalidated). */
  meta?: { traceparent?: string; tracestate?: string };
  /** The HTTP request's trace headers (unvalidated). */
  transportTrace?: { traceparent: string; tracestate?: string };
  request?: { ip?: string; port?: number; httpVersion?: string };
  transport: 'http' | 'stdio';
  /** The JSON-RPC error code when the answer was an error. */
  rpcErrorCode?: number;
  /** The HTTP status of the answer, when the pipeline refused the request (it is then known). */
  httpStatus?: number;
  /** Our error code (`unauthenticated`, `rate_limited`, …) when the pipeline refused the request. */
  errorCode?: string;
  correlationId?: string;
  clientId?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
}

/** A /mcp request the HTTP pipeline refused before its body was parsed into an MCP message. */
export interface HttpRefusalEvent {
  httpMethod: string;
  status: number;
  /** Our error code, when the pipeline refused it (absent when the SDK's HTTP entry did). */
  errorCode?: string;
  scheme: 'http' | 'https';
  request: { ip?: string; port?: number; httpVersion?: string };
  transportTrace?: { traceparent: string; tracestate?: string };
  correlationId: string;
  startedAt: number;
  durationMs: number;
}

/** What the lanes record operations with (the tracer, when OTEL_EXPORTER_OTLP_ENDPOINT is set). */
export interface OperationRecorder {
  recordOperation(event: McpOperationEvent): void;
  recordHttpRefusal(event: HttpRefusalEvent): void;
}

/** Read per request: the tracer starts after the lanes are assembled. */
export interface TracingHolder {
  tracer?: OperationRecorder | undefined;
}

/**
 * The MCP methods of the revisions served (2024-11-05 … 2026-07-28). Any other method a caller
 * sends is recorded as `_OTHER` (the HTTP conventions' word for an unknown method): the method
 * string is the caller's text, and span names and metric dimensions must stay of low cardinality.
 */
const KNOWN_METHODS = new Set([
  'initialize',
  'ping',
  'server/discover',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'subscriptions/listen',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
  'tasks/get',
  'tasks/list',
  'tasks/result',
  'tasks/cancel',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/message',
  'notifications/roots/list_changed',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/tasks/status',
  'notifications/elicitation/complete',
]);

export const OTHER_METHOD = '_OTHER';

/** `mcp.method.name` of a message: the method when it is an MCP method, else `_OTHER`. */
export function operationMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : OTHER_METHOD;
}

const RESOURCE_URI_METHODS = new Set(['resources/read', 'resources/subscribe', 'resources/unsubscribe']);

/** The fields of an event that the message itself says (method, id, resource URI, `_meta` trace context). */
function messageFields(message: Record<string, unknown>): Pick<McpOperationEvent, 'method' | 'requestId' | 'resourceUri' | 'meta'> {
  const method = operationMethod(String(message.method));
  const params = isRecord(message.params) ? message.params : undefined;
  const id = message.id;
  const meta = traceMetaOf(params?._meta);
  return {
    method,
    ...(typeof id === 'string' ? { requestId: boundedText(id) } : typeof id === 'number' ? { requestId: id } : {}),
    ...(RESOURCE_URI_METHODS.has(method) && typeof params?.uri === 'string' ? { resourceUri: boundedText(params.uri, 512) } : {}),
    ...(meta ? { meta } : {}),
  };
}

/** A message's `params._meta`, when it has one. */
export function metaOf(message: Record<string, unknown>): Record<string, unknown> | undefined {
  const params = isRecord(message.params) ? message.params : undefined;
  return isRecord(params?._meta) ? params._meta : undefined;
}

/**
 * The event of one message, whichever lane saw it: what the message says (messageFields), the tool
 * it names when the server has that tool (the only low-cardinality span target), the revision
 * `version` when it is a string (bounded), the HTTP request's peer and trace headers (none over
 * stdio), then `extra`.
 */
export function operationEvent(
  message: Record<string, unknown>,
  context: {
    req: IncomingMessage | undefined;
    scope?: RequestScope | undefined;
    registry: Pick<ToolRegistry, 'get'> | undefined;
    version: unknown;
  },
  extra: Partial<McpOperationEvent> & Pick<McpOperationEvent, 'startedAt' | 'durationMs'>,
): McpOperationEvent {
  const fields = messageFields(message);
  const params = isRecord(message.params) ? message.params : undefined;
  const name = fields.method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined;
  return {
    ...fields,
    ...(name !== undefined && context.registry?.get(name) ? { toolName: name } : {}),
    ...(typeof context.version === 'string' ? { protocolVersion: boundedText(context.version, 32) } : {}),
    ...httpFields(context.req, context.scope ?? currentScope()),
    transport: context.req ? 'http' : 'stdio',
    ...extra,
  };
}

/** Peer, HTTP version and trace headers of an HTTP request (none over stdio). */
export function httpFields(
  req: IncomingMessage | undefined,
  scope: RequestScope | undefined = currentScope(),
): Pick<McpOperationEvent, 'request' | 'transportTrace'> {
  if (!req) return {};
  const request = {
    ...(req.socket.remoteAddress === undefined ? {} : { ip: req.socket.remoteAddress }),
    ...(req.socket.remotePort === undefined ? {} : { port: req.socket.remotePort }),
    httpVersion: req.httpVersion,
  };
  return { request, ...(scope?.trace ? { transportTrace: scope.trace } : {}) };
}
