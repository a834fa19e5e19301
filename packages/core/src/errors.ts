/**
 * One error type for the whole fleet. A code names what went wrong; one table maps each code to
 * the HTTP status and JSON-RPC code a client sees. Nothing else decides statuses.
 */

/** Every error code a service can produce. */
export const ERROR_TABLE = {
  parse_error: { http: 400, jsonrpc: -32700, retryable: false },
  invalid_request: { http: 400, jsonrpc: -32600, retryable: false },
  method_not_found: { http: 200, jsonrpc: -32601, retryable: false },
  invalid_params: { http: 200, jsonrpc: -32602, retryable: false },
  /** A tool's arguments were rejected; surfaced as a tool result with `isError: true`. */
  invalid_arguments: { http: 200, jsonrpc: -32602, retryable: false },
  unknown_tool: { http: 200, jsonrpc: -32602, retryable: false },
  unauthenticated: { http: 401, jsonrpc: -32001, retryable: false },
  forbidden: { http: 403, jsonrpc: -32003, retryable: false },
  origin_forbidden: { http: 403, jsonrpc: -32003, retryable: false },
  not_found: { http: 404, jsonrpc: -32002, retryable: false },
  method_not_allowed: { http: 405, jsonrpc: -32000, retryable: false },
  not_acceptable: { http: 406, jsonrpc: -32600, retryable: false },
  conflict: { http: 409, jsonrpc: -32009, retryable: false },
  payload_too_large: { http: 413, jsonrpc: -32600, retryable: false },
  /** The request body did not arrive within BODY_TIMEOUT_MS (the connection is closed). */
  request_timeout: { http: 408, jsonrpc: -32600, retryable: true },
  unsupported_media_type: { http: 415, jsonrpc: -32600, retryable: false },
  rate_limited: { http: 429, jsonrpc: -32029, retryable: true },
  /**
   * A per-client quota is used up (sessions, messages in a mailbox, events in a stream, open
   * streams): retry once some of the caller's own data is gone. `data.quota` names the quota,
   * `data.limit` is its value. Never answered by dropping someone else's data instead.
   */
  quota_exceeded: { http: 429, jsonrpc: -32030, retryable: true },
  timeout: { http: 504, jsonrpc: -32008, retryable: true },
  /**
   * A tool call needed more memory (or stack) than its worker thread may use; surfaced as a tool
   * result with `isError: true`. The same input fails again, so it is not retryable.
   */
  resource_exhausted: { http: 200, jsonrpc: -32013, retryable: false },
  unavailable: { http: 503, jsonrpc: -32010, retryable: true },
  shutting_down: { http: 503, jsonrpc: -32010, retryable: true },
  internal: { http: 500, jsonrpc: -32603, retryable: false },
} as const satisfies Record<string, { http: number; jsonrpc: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export interface ServiceErrorOptions {
  /** Extra, client-safe detail (field names, limits). Never secrets or upstream text. */
  data?: Record<string, unknown>;
  /** The underlying error; logged, never sent to clients. */
  cause?: unknown;
  /** Extra HTTP headers to send with the response (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * The error every layer throws. `message` is safe to show a client; `cause` is for logs only.
 *
 * @example throw new ServiceError('invalid_arguments', 'vectors must have the same length', { data: { field: 'b' } })
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: ErrorCode;
  readonly data: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: ServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data;
    this.headers = options.headers;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  get jsonRpcCode(): number {
    return ERROR_TABLE[this.code].jsonrpc;
  }

  get retryable(): boolean {
    return ERROR_TABLE[this.code].retryable;
  }
}

/** True for a ServiceError, also across module copies. */
export function isServiceError(value: unknown): value is ServiceError {
  return (
    value instanceof ServiceError ||
    (value instanceof Error &&
      value.name === 'ServiceError' &&
      'code' in value &&
      typeof value.code === 'string' &&
      value.code in ERROR_TABLE)
  );
}

/**
 * Normalises anything thrown into a ServiceError. Unknown errors become `internal` with a generic
 * message: their text may hold paths, SQL or secrets, so it stays in `cause` for the logs.
 */
export function toServiceError(error: unknown): ServiceError {
  if (isServiceError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new ServiceError('timeout', 'The operation was aborted', { cause: error });
  }
  return new ServiceError('internal', 'Internal error', { cause: error });
}

/** The JSON-RPC error object for a ServiceError (message and safe data only). */
export function toJsonRpcError(error: ServiceError): { code: number; message: string; data?: Record<string, unknown> } {
  const data = { ...(error.data ?? {}), code: error.code, ...(error.retryable ? { retryable: true } : {}) };
  return { code: error.jsonRpcCode, message: error.message, data };
}

/** Seconds a client is told to wait (`Retry-After`) after `quota_exceeded` at the HTTP level. */
export const QUOTA_RETRY_AFTER_SECONDS = 10;

/**
 * The retryable `quota_exceeded` error for one quota: `data` names it and its value, and the
 * `Retry-After` header goes out when it ends an HTTP request (streams, 2025-era initialize).
 *
 * @example throw quotaExceeded('sessions_per_client', 100, 'this client already holds 100 live sessions; terminate one or let one expire')
 */
export function quotaExceeded(quota: string, limit: number, message: string): ServiceError {
  return new ServiceError('quota_exceeded', `Quota exceeded: ${message} (quota ${quota} = ${limit})`, {
    data: { quota, limit },
    headers: { 'Retry-After': String(QUOTA_RETRY_AFTER_SECONDS) },
  });
}
