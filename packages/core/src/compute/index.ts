/** Compute tasks and the worker-thread pool that runs the heavy ones (see docs/architecture.md). */
export { defineTask, workerModuleUrl } from './task.js';
export type { ComputeTask, ComputeTaskOptions, TaskFunction } from './task.js';
export { ComputePool } from './pool.js';
export type { ComputePoolOptions, ComputePoolStats, ComputeRunner } from './pool.js';
import type { ComputeTask } from './task.js';

/**
 * A `ctx.compute` for hand-built contexts (unit tests of handlers): runs every task inline, on the
 * calling thread, with `signal` (the context's own, so cancellation tests keep working).
 *
 * @example const ctx = { ...fields, signal, compute: inlineCompute(signal) };
 */
export function inlineCompute(signal?: AbortSignal): <P, R>(task: ComputeTask<P, R>, payload: P) => R | Promise<R> {
  return (task, payload) => task.run(payload, signal);
}
