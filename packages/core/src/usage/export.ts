/**
 * Reads usage records back for a SIEM or a billing job (`service-manager usage export`): from the
 * PostgreSQL sink's `usage_logs`, in time order with keyset pagination (bounded memory whatever the
 * range), or from the JSON-lines files the file sink writes. Records come out in the sink's own
 * field names (the UsageRecord shape), rows from PostgreSQL with their `id` too.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { UsageRecord } from './record.js';

export interface UsageExportFilter {
  /** Inclusive lower bound of the call's start time. */
  since: Date;
  /** Exclusive upper bound. */
  until: Date;
  /** Only this client id. */
  clientId?: string;
  /** Only this service. */
  service?: string;
}

/** A record as exported: the UsageRecord fields (the audit fields null where a record predates them), `id` for PostgreSQL rows. */
export type ExportedUsageRecord = Omit<UsageRecord, 'input' | 'outputBytes' | 'cost'> & {
  id?: number;
  input: unknown;
  outputBytes: number | null;
  cost: number | null;
};

/** What the export needs of a pg Pool or Client. */
export interface PgReader {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function fromRow(row: Record<string, unknown>): ExportedUsageRecord {
  // Columns a database not yet migrated lacks read as null.
  return {
    id: Number(row.id),
    time: iso(row.occurred_at),
    correlationId: row.correlation_id as string,
    clientId: row.client_id as string,
    service: row.service as string,
    tool: row.tool as string,
    outcome: row.outcome as UsageRecord['outcome'],
    errorCode: (row.error_code as string | null) ?? null,
    durationMs: Number(row.duration_ms),
    clientIp: (row.client_ip as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
    inputBytes: Number(row.input_bytes),
    requestId: (row.request_id as string | null | undefined) ?? null,
    traceId: (row.trace_id as string | null | undefined) ?? null,
    protocolEra: (row.protocol_era as UsageRecord['protocolEra'] | undefined) ?? null,
    protocolVersion: (row.protocol_version as string | null | undefined) ?? null,
    errorType: (row.error_type as string | null | undefined) ?? null,
    outputBytes: numberOrNull(row.output_bytes),
    cost: numberOrNull(row.cost),
    input: row.input ?? null,
  };
}

/** The rows of `usage_logs` in [since, until), oldest first (ties by id), `pageSize` rows per query. */
export async function* readUsageFromPostgres(
  db: PgReader,
  filter: UsageExportFilter,
  pageSize = 1000,
): AsyncGenerator<ExportedUsageRecord> {
  let after: { time: Date; id: string } | undefined;
  for (;;) {
    const values: unknown[] = [filter.since, filter.until];
    const where = ['occurred_at >= $1', 'occurred_at < $2'];
    if (filter.clientId !== undefined) where.push(`client_id = $${values.push(filter.clientId)}`);
    if (filter.service !== undefined) where.push(`service = $${values.push(filter.service)}`);
    if (after) where.push(`(occurred_at, id) > ($${values.push(after.time)}, $${values.push(after.id)})`);
    const { rows } = await db.query(
      `SELECT * FROM usage_logs WHERE ${where.join(' AND ')} ORDER BY occurred_at, id LIMIT ${pageSize}`,
      values,
    );
    for (const row of rows) yield fromRow(row);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { time: last.occurred_at as Date, id: String(last.id) };
  }
}

/**
 * The records of JSON-lines usage files (the file sink's `<file>`, `<file>.1`, …) that match the
 * filter, in file order. Lines that are not usage records are skipped and counted.
 */
export async function* readUsageFromFiles(
  files: readonly string[],
  filter: UsageExportFilter,
  onSkipped?: (file: string, line: number) => void,
): AsyncGenerator<ExportedUsageRecord> {
  const since = filter.since.getTime();
  const until = filter.until.getTime();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        onSkipped?.(file, n);
        continue;
      }
      const time = typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
      if (Number.isNaN(time) || typeof record.clientId !== 'string' || typeof record.tool !== 'string') {
        onSkipped?.(file, n);
        continue;
      }
      if (time < since || time >= until) continue;
      if (filter.clientId !== undefined && record.clientId !== filter.clientId) continue;
      if (filter.service !== undefined && record.service !== filter.service) continue;
      const { type: _stdoutMarker, ...rest } = record;
      yield {
        requestId: null,
        traceId: null,
        protocolEra: null,
        protocolVersion: null,
        errorType: null,
        outputBytes: null,
        cost: null,
        input: null,
        ...rest,
      } as ExportedUsageRecord;
    }
  }
}
