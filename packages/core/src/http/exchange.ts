/**
 * The transport's contract with the MCP layer: what http/server.ts hands over for every /mcp
 * request once the transport is done (Host, Origin, method, content type, authentication on the
 * headers, concurrency, body). mcp/endpoint.ts implements it; http/ imports nothing from mcp/.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '../auth/identity.js';
import type { JsonRpcId } from '../json-rpc.js';
import type { ServiceError } from '../errors.js';

/** One MCP request as the transport hands it over. */
export interface McpExchange {
  req: IncomingMessage;
  res: ServerResponse;
  identity: Identity;
  /** The caller sent no credentials (`identity` is the anonymous one from `admitAnonymous`). */
  anonymous: boolean;
  /** The parsed body (POST); undefined for GET and DELETE. */
  message: unknown;
  inputBytes: number;
  correlationId: string;
  /** The peer address, for usage records. */
  ip: string;
  /** The id the transport answers an error with; set to null when a refusal is decided on the headers. */
  reply: { id: JsonRpcId };
}

export interface McpEndpoint {
  /** For a caller without credentials, on the headers: the anonymous identity, or 401 (the body stays unread). */
  admitAnonymous: (httpMethod: string, ip: string) => Identity;
  /** The metrics label of a message's method: the MCP method, `other`, or undefined when it has none. */
  methodLabel: (message: unknown) => string | undefined;
  serve: (exchange: McpExchange) => Promise<void>;
  /**
   * Present only while tracing is on: told of every /mcp request the transport answered with an
   * error (before or during the MCP layer) that has no MCP span yet; `message` is the parsed body
   * when it got that far. Never sees the body otherwise.
   */
  refused?: (refusal: McpRefusal) => void;
}

/** A /mcp request the pipeline answered with an error (tracing only). */
export interface McpRefusal {
  req: IncomingMessage;
  error: ServiceError;
  /** The parsed body, when the request was refused after parsing; else undefined. */
  message: unknown;
  correlationId: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  scheme: 'http' | 'https';
}
