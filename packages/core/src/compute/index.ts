/** Compute tasks and the worker-thread pool that runs the heavy ones (see docs/architecture.md). */
export { defineTask, workerModuleUrl } from './task.js';
export type { ComputeTask, ComputeTaskOptions, TaskFunction } from './task.js';
export { ComputePool } from './pool.js';
export type { ComputePoolOptions, ComputePoolStats, ComputeRunner } from './pool.js';
import type { ComputeTask } from './task.js';

/**
 * `ctx.compute` for hand-built contexts (unit tests of handlers): runs every task inline, on the
 * calling thread.
 */
export function inlineCompute<P, R>(task: ComputeTask<P, R>, payload: P): R | Promise<R> {
  return task.run(payload);
}
