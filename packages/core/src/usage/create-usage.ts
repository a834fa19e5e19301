/**
 * Builds the usage recorder from the configuration (USAGE_SINKS and friends), or nothing when
 * USAGE_SINKS=none: then no record is even built on the request path.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { StoreGuard } from '../store/redis-store.js';
import { FileSink, StdoutSink } from './file-sink.js';
import { PostgresSink } from './postgres-sink.js';
import type { UsageSink } from './record.js';
import { UsageRecorder } from './recorder.js';

export interface CreateUsageRecorderOptions {
  service: string;
  /** State directory: default home of the usage file and of the PostgreSQL spool. */
  stateDir: string;
  logger: Logger;
  metrics?: Metrics;
  /** Serving over stdio: stdout carries JSON-RPC, so the stdout sink is skipped. */
  stdio?: boolean;
  /** Wraps PostgreSQL round trips (the `postgres` circuit breaker). */
  postgresGuard?: StoreGuard;
}

type UsageConfig = Pick<
  Config,
  | 'USAGE_SINKS'
  | 'USAGE_FILE'
  | 'USAGE_FILE_MAX_BYTES'
  | 'USAGE_FILE_MAX_FILES'
  | 'USAGE_BATCH_SIZE'
  | 'USAGE_FLUSH_INTERVAL_MS'
  | 'USAGE_QUEUE_MAX'
  | 'DATABASE_URL'
  | 'CIRCUIT_BREAKER_RESET_TIMEOUT'
>;

/** The recorder for `config`, or undefined when no sink is configured. */
export function createUsageRecorder(
  config: UsageConfig,
  { service, stateDir, logger, metrics, stdio = false, postgresGuard }: CreateUsageRecorderOptions,
): UsageRecorder | undefined {
  const sinks: UsageSink[] = [];
  for (const name of new Set(config.USAGE_SINKS)) {
    if (name === 'file')
      sinks.push(
        new FileSink({
          file: config.USAGE_FILE ?? join(stateDir, 'usage', `${service}.jsonl`),
          maxBytes: config.USAGE_FILE_MAX_BYTES,
          maxFiles: config.USAGE_FILE_MAX_FILES,
        }),
      );
    else if (name === 'stdout') {
      if (stdio) logger.warn('USAGE_SINKS: the stdout sink is skipped in stdio mode (stdout carries JSON-RPC)');
      else sinks.push(new StdoutSink());
    } else if (name === 'postgres' && config.DATABASE_URL) {
      sinks.push(
        new PostgresSink({
          connectionString: config.DATABASE_URL,
          spoolDir: join(stateDir, 'usage', 'spool', service),
          retryMs: Math.min(config.CIRCUIT_BREAKER_RESET_TIMEOUT, 5000),
          logger,
          ...(postgresGuard ? { guard: postgresGuard } : {}),
        }),
      );
    }
  }
  if (sinks.length === 0) return undefined;
  return new UsageRecorder({
    sinks,
    batchSize: config.USAGE_BATCH_SIZE,
    flushIntervalMs: config.USAGE_FLUSH_INTERVAL_MS,
    queueMax: config.USAGE_QUEUE_MAX,
    logger,
    ...(metrics ? { metrics } : {}),
  });
}
