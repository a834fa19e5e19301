/**
 * A usage record: one per tool call, built from the call observer's event. Never holds credentials;
 * the raw input only when USAGE_LOG_INPUTS=true, and then with secrets redacted.
 */
import { redact } from '../logger.js';
import type { ToolCallEvent } from '../mcp/call-tool.js';

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
  /** The tool arguments (redacted), only with USAGE_LOG_INPUTS=true. */
  input?: unknown;
}

/** Builds the record of one finished call. */
export function toUsageRecord(event: ToolCallEvent, service: string, logInputs: boolean): UsageRecord {
  const record: UsageRecord = {
    time: event.startedAt.toISOString(),
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
