/**
 * The worker-thread pool for CPU-bound tool work (piscina). The event loop of a service only does
 * I/O: a heavy task runs on a worker thread, where a deadline can be enforced by terminating the
 * thread (a synchronous loop on the event loop cannot be interrupted at all) and a runaway
 * allocation hits the thread's own heap limit instead of killing the process.
 *
 * The pool costs nothing until it is needed: piscina is loaded and created on the first heavy call
 * (importing this module does not load it: ~5 MiB resident, issue #17), threads start on demand, and threads idle for `idleTimeoutMs` end, so the memory goes back.
 */
import { createRequire } from 'node:module';
import type { Piscina } from 'piscina';
import type * as PiscinaModule from 'piscina';
import { ServiceError, ERROR_TABLE, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { workerModuleUrl, type ComputeTask } from './task.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

export interface ComputePoolOptions {
  /** Most worker threads; 0 runs every task inline (no pool at all). */
  threads: number;
  /** V8 old-generation heap limit of each worker, in MiB. */
  heapMb: number;
  /** A thread idle this long ends (ms). */
  idleTimeoutMs: number;
  /** Most tasks waiting for a thread; past it a call fails at once with the retryable `unavailable`. */
  maxQueue: number;
  logger?: Logger;
}

/** What the pool looks like right now (`/status`, tests). */
export interface ComputePoolStats {
  /** Whether piscina has been created (the first heavy call creates it). */
  started: boolean;
  /** Live worker threads. */
  threads: number;
  /** Tasks waiting for a thread. */
  queued: number;
  /** Tasks finished (successfully or not) since the pool started. */
  completed: number;
}

/** Runs a task in a worker thread; what `ctx.compute` uses for heavy payloads. */
export interface ComputeRunner {
  /** False when tasks must run inline (`TOOL_WORKERS=0`). */
  readonly enabled: boolean;
  run<P, R>(task: ComputeTask<P, R>, payload: P, signal?: AbortSignal): Promise<R>;
}

const workerEntry = new URL('./worker.js', import.meta.url).href;

function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_TABLE, code);
}

/** A pool of worker threads for compute tasks, created on first use. */
export class ComputePool implements ComputeRunner {
  readonly enabled: boolean;
  private piscina: Piscina<WorkerRequest, WorkerReply> | undefined;
  private closed = false;
  /** Tasks handed to piscina and not yet settled (running or waiting). */
  private pending = 0;

  constructor(private readonly options: ComputePoolOptions) {
    this.enabled = options.threads > 0;
  }

  /**
   * Runs `task` on a worker thread. Aborting `signal` (timeout, client gone, shutdown) terminates
   * the thread running it (or drops it from the queue); the promise then rejects with the signal's
   * reason when that is a ServiceError, else with `timeout`. A thread that dies of heap exhaustion
   * rejects with `resource_exhausted`; a ServiceError thrown by the task arrives as itself.
   */
  async run<P, R>(task: ComputeTask<P, R>, payload: P, signal?: AbortSignal): Promise<R> {
    if (this.closed) throw new ServiceError('shutting_down', 'The service is shutting down');
    if (!this.enabled) return task.run(payload, signal);
    // piscina's own maxQueue also counts threads still starting as room, so the bound is kept here.
    if (this.pending >= this.options.threads + this.options.maxQueue) {
      throw new ServiceError('unavailable', 'Every compute worker is busy and the queue is full; retry later', {
        data: { max_queue: this.options.maxQueue },
      });
    }
    const request: WorkerRequest = { module: workerModuleUrl(task.module), exportName: task.exportName, payload };
    let reply: WorkerReply;
    this.pending++;
    try {
      reply = await this.pool().run(request, signal ? { signal } : {});
    } catch (error) {
      throw this.translate(error, signal);
    } finally {
      this.pending--;
    }
    if (reply.ok) return reply.value as R;
    if (!isKnownCode(reply.code)) throw new Error(`compute task ${task.exportName} replied with an unknown error code`);
    throw new ServiceError(reply.code, reply.message, reply.data ? { data: reply.data } : {});
  }

  /** Current threads, queue and completions; creates nothing. */
  stats(): ComputePoolStats {
    const pool = this.piscina;
    return {
      started: pool !== undefined,
      threads: pool?.threads.length ?? 0,
      queued: pool?.queueSize ?? 0,
      completed: pool?.completed ?? 0,
    };
  }

  /** Ends every thread; running and queued tasks reject. Later calls fail with `shutting_down`. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.piscina;
    this.piscina = undefined;
    await pool?.destroy();
  }

  private pool(): Piscina<WorkerRequest, WorkerReply> {
    if (this.piscina) return this.piscina;
    const { threads, heapMb, idleTimeoutMs } = this.options;
    const { Piscina: PiscinaPool } = createRequire(import.meta.url)('piscina') as typeof PiscinaModule;
    this.piscina = new PiscinaPool<WorkerRequest, WorkerReply>({
      filename: workerModuleUrl(workerEntry),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: idleTimeoutMs,
      // The young generation is part of the budget too; a quarter of it, at most 64 MiB.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(64, Math.floor(heapMb / 4))) },
      // Tasks are pure functions of their payload: no thread needs a copy of the secrets in the environment.
      env: {},
    });
    this.piscina.on('error', (error: unknown) =>
      this.options.logger?.warn('compute pool error', { error: error instanceof Error ? error.message : String(error) }),
    );
    this.options.logger?.info('compute pool started', { maxThreads: threads, heapMb });
    return this.piscina;
  }

  private translate(error: unknown, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      return reason instanceof ServiceError ? reason : new ServiceError('timeout', 'The call was cancelled');
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.options.logger?.warn('a compute worker ran out of memory; its call failed', { heapMb: this.options.heapMb });
      return new ServiceError(
        'resource_exhausted',
        `The call needed more memory than a tool may use (${this.options.heapMb} MiB); reduce the input`,
        {
          data: { limit_mb: this.options.heapMb },
          cause: error,
        },
      );
    }
    // Destroying the pool fails what runs ("Terminating worker thread") and what waits.
    if (this.closed) return new ServiceError('shutting_down', 'The service is shutting down', { cause: error });
    return error instanceof Error ? error : new Error(String(error));
  }
}
