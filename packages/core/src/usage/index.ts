/**
 * @a2a-mcp/core/usage — the per-call usage trail: records, the recorder and its sinks (file,
 * stdout, PostgreSQL through pg). The runtime builds the recorder from USAGE_SINKS; import this to
 * read, migrate or write usage records yourself.
 */
export { UsageRecorder } from './recorder.js';
export type { UsageRecorderOptions } from './recorder.js';
export { toUsageRecord, traceIdOf } from './record.js';
export type { UsageRecord, UsageSink } from './record.js';
export { FileSink, StdoutSink } from './file-sink.js';
export type { FileSinkOptions } from './file-sink.js';
export { PostgresSink, migrateUsageSchema, USAGE_MIGRATIONS } from './postgres-sink.js';
export type { PostgresSinkOptions, PgQueryable } from './postgres-sink.js';
export { createUsageRecorder } from './create-usage.js';
export type { CreateUsageRecorderOptions } from './create-usage.js';
export { readUsageFromPostgres, readUsageFromFiles } from './export.js';
export type { UsageExportFilter, ExportedUsageRecord, PgReader } from './export.js';
