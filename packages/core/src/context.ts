/**
 * Per-request context carried through async calls (AsyncLocalStorage), so every log line of a
 * request carries its correlation id, client and tool without passing them by hand.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestScope {
  correlationId: string;
  clientId?: string;
  tool?: string;
  /**
   * The caller's W3C trace context headers, kept only while tracing is on (the tool-call span is
   * parented on them). Raw header values: the tracer's propagator validates them.
   */
  trace?: { traceparent: string; tracestate?: string };
  /**
   * The HTTP request being served (absent over stdio): telemetry and usage records read the peer's
   * address and port, the HTTP version and the trace headers from it when a call finishes.
   */
  httpRequest?: IncomingMessage;
  /** Size of the HTTP request body once read (usage records' `inputBytes` in the SDK lane). */
  bodyBytes?: number;
  /**
   * Tracing is on: set once the MCP layer has recorded the request's span (shared by the nested
   * scopes, which copy the reference), so a refusal the transport then answers records no second one.
   * `clientId` (the authenticated caller, once the MCP layer has admitted it) and `sessionId` (the
   * 2025-era session, once the session gate has validated it) are for the span of a request refused
   * after that point.
   */
  telemetry?: { recorded: boolean; clientId?: string; sessionId?: string };
}

const storage = new AsyncLocalStorage<RequestScope>();

/**
 * The scope of one tool call inside the request's scope: the request's fields, and the caller and
 * tool. Written out rather than spread, so that every call scope has the same shape whichever
 * optional fields the request scope happened to get.
 */
export function callScope(outer: RequestScope | undefined, correlationId: string, clientId: string, tool: string): RequestScope {
  if (outer === undefined) return { correlationId, clientId, tool };
  return {
    correlationId: outer.correlationId,
    clientId,
    tool,
    trace: outer.trace,
    httpRequest: outer.httpRequest,
    bodyBytes: outer.bodyBytes,
    telemetry: outer.telemetry,
  };
}

/** Runs `fn` with `scope` as the current request scope. */
export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The current request scope, if any. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Tracing: marks the request in scope as having its MCP span (so the transport records no second one). */
export function markRecorded(scope: RequestScope | undefined = currentScope()): void {
  if (scope?.telemetry) scope.telemetry.recorded = true;
}

// Printable, no spaces or quotes, bounded: safe to echo in a header and to log.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the caller's correlation id when well-formed, otherwise a new UUID. */
export function acceptCorrelationId(...candidates: (string | string[] | undefined)[]): string {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && CORRELATION_ID.test(candidate)) return candidate;
  }
  return randomUUID();
}
