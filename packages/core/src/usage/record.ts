/**
 * A usage record: one per tool call, built from the call observer's event. Never holds credentials;
 * the raw input only when USAGE_LOG_INPUTS=true, and then with secrets redacted.
 */
import { redact } from '../logger.js';
import type { CallToolResult, ToolCallEvent } from '../mcp/call-tool.js';
import { errorTypeOf } from '../tracing.js';

export interface UsageRecord {
  /** When the call started, ISO 8601. */
  time: string;
  correlationId: string;
  clientId: string;
  service: string;
  tool: string;
  outcome: ToolCallEvent['outcome'];
  errorCode: string | null;
  durationMs: number;
  clientIp: string | null;
  userAgent: string | null;
  inputBytes: number;
  /** The JSON-RPC id of the request, as a string; null when the lane did not say (embedding). */
  requestId: string | null;
  /** The W3C trace id the call belongs to (its span's, or the caller's `_meta`/HTTP traceparent); null without one. */
  traceId: string | null;
  /** `modern` (2026-07-28 envelope) or `legacy` (2025 revisions); null when unknown. */
  protocolEra: 'modern' | 'legacy' | null;
  /** The MCP revision the request named, when it named one. */
  protocolVersion: string | null;
  /** OpenTelemetry `error.type`: the JSON-RPC error code, `tool_error` for an isError result, null on success. */
  errorType: string | null;
  /** Size of the JSON-RPC result sent back (UTF-8 JSON, without the envelope and transport framing); 0 for a JSON-RPC error. */
  outputBytes: number;
  /** Cost units: the tool's USAGE_TOOL_COSTS entry (default 1) for a successful call, 0 otherwise. */
  cost: number;
  /** The tool arguments (redacted), only with USAGE_LOG_INPUTS=true. */
  input?: unknown;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id of a W3C `traceparent` value, or undefined when it is malformed (or the all-zero id). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const id = traceparent === undefined ? undefined : TRACEPARENT.exec(traceparent.trim())?.[1];
  return id === undefined || /^0+$/.test(id) || traceparent?.startsWith('ff') ? undefined : id;
}

const CONTENT_OPEN = Buffer.byteLength('{"content":[');
const BLOCK_OPEN = Buffer.byteLength('{"type":"text","text":');
const STRUCTURED_OPEN = Buffer.byteLength('],"structuredContent":');

/**
 * `Buffer.byteLength(JSON.stringify(result))`. A successful result's first text block is its
 * structured content's JSON (callTool builds it so), which is therefore not serialised again: the
 * records cost a byte count, not a second serialisation of a large output.
 */
export function resultJsonBytes(result: CallToolResult): number {
  const keys = Object.keys(result);
  const first = result.content[0];
  if (keys.length !== 2 || keys[0] !== 'content' || keys[1] !== 'structuredContent' || first === undefined || first.type !== 'text')
    return Buffer.byteLength(JSON.stringify(result));
  let bytes = CONTENT_OPEN + STRUCTURED_OPEN + Buffer.byteLength(first.text) + 1;
  for (const [i, block] of result.content.entries())
    bytes += (i > 0 ? 1 : 0) + BLOCK_OPEN + Buffer.byteLength(JSON.stringify(block.text)) + 1;
  return bytes;
}

let lastTimeMs = Number.NaN;
let lastTimeIso = '';

/** `date.toISOString()`, computed once per millisecond: a busy service finishes several calls in one. */
function isoTime(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastTimeMs) {
    lastTimeIso = date.toISOString();
    lastTimeMs = ms;
  }
  return lastTimeIso;
}

/** Builds the record of one finished call. `costs`: USAGE_TOOL_COSTS (tools not named cost 1). */
export function toUsageRecord(
  event: ToolCallEvent,
  service: string,
  logInputs: boolean,
  costs: Readonly<Record<string, number>> = {},
): UsageRecord {
  const record: UsageRecord = {
    time: isoTime(event.startedAt),
    correlationId: event.correlationId,
    clientId: event.identity.clientId,
    service,
    tool: event.tool,
    outcome: event.outcome,
    errorCode: event.errorCode ?? null,
    durationMs: Math.round(event.durationMs * 1000) / 1000,
    clientIp: event.request?.ip ?? null,
    userAgent: event.request?.userAgent?.slice(0, 512) ?? null,
    inputBytes: event.inputBytes,
    requestId: event.mcp?.requestId === undefined ? null : String(event.mcp.requestId),
    // The span's trace when tracing is on; else the parent the span would have had.
    traceId: event.traceId ?? traceIdOf(event.mcp?.meta?.traceparent) ?? traceIdOf(event.transportTrace?.traceparent) ?? null,
    protocolEra: event.mcp?.era ?? null,
    protocolVersion: event.mcp?.protocolVersion ?? null,
    errorType: errorTypeOf(event) ?? null,
    outputBytes: event.result ? resultJsonBytes(event.result) : 0,
    cost: event.outcome === 'success' && event.rpcErrorCode === undefined ? (costs[event.tool] ?? 1) : 0,
  };
  if (logInputs) record.input = redact(event.input);
  return record;
}

/** Where batches of records go. `write` resolves once the batch is durable (or spooled). */
export interface UsageSink {
  readonly name: string;
  write(batch: readonly UsageRecord[]): Promise<void>;
  close(): Promise<void>;
}
