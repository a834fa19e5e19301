/**
 * The batching queue between tool calls and the usage sinks: records are taken synchronously (no
 * I/O on the request path) and written in batches of `batchSize`, or after `flushIntervalMs`.
 * The queue is bounded: past `queueMax` a record is dropped, counted in
 * mcp_usage_records_dropped_total{sink="queue"} and logged; a sink that fails a batch is counted
 * and logged the same way. `close()` writes everything still queued.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { UsageRecord, UsageSink } from './record.js';

export interface UsageRecorderOptions {
  sinks: UsageSink[];
  /** Records per batch. Default 100. */
  batchSize?: number;
  /** Longest wait before a partial batch is written, ms. Default 1000. */
  flushIntervalMs?: number;
  /** Queue bound; past it records are dropped (counted, logged). Default 10 000. */
  queueMax?: number;
  logger: Logger;
  metrics?: Metrics;
}

const DROP_LOG_INTERVAL_MS = 10_000;

export class UsageRecorder {
  private queue: UsageRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private readonly sinks: UsageSink[];
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly queueMax: number;
  private readonly logger: Logger;
  private readonly metrics: Metrics | undefined;

  constructor({ sinks, batchSize = 100, flushIntervalMs = 1000, queueMax = 10_000, logger, metrics }: UsageRecorderOptions) {
    this.sinks = sinks;
    this.batchSize = batchSize;
    this.flushIntervalMs = flushIntervalMs;
    this.queueMax = queueMax;
    this.logger = logger;
    this.metrics = metrics;
  }

  /** Queues one record; never throws, never waits. */
  record(record: UsageRecord): void {
    if (this.queue.length >= this.queueMax) {
      this.dropped('queue', 1);
      return;
    }
    this.queue.push(record);
    if (this.queue.length >= this.batchSize) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Records waiting to be written. */
  pending(): number {
    return this.queue.length;
  }

  private dropped(sink: string, count: number): void {
    this.metrics?.usageRecordsDropped.inc({ sink }, count);
    this.droppedSinceLog += count;
    const now = Date.now();
    if (now - this.lastDropLog >= DROP_LOG_INTERVAL_MS) {
      this.logger.error(
        sink === 'queue' ? 'usage records dropped: the queue is full (USAGE_QUEUE_MAX)' : `usage records dropped: sink ${sink} failed`,
        { dropped: this.droppedSinceLog, sink },
      );
      this.lastDropLog = now;
      this.droppedSinceLog = 0;
    }
  }

  /** Writes every queued record (in batches, in order); resolves when done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        await Promise.all(
          this.sinks.map((sink) =>
            sink.write(batch).catch((error: unknown) => {
              this.dropped(sink.name, batch.length);
              this.logger.debug('usage sink error', { sink: sink.name, error: error instanceof Error ? error.message : 'unknown' });
            }),
          ),
        );
      }
    });
    return this.flushing;
  }

  /** Flushes and closes the sinks (graceful shutdown). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    await Promise.all(this.sinks.map((sink) => sink.close()));
  }
}
