/**
 * The entry module of every compute worker thread (loaded by piscina). It imports the task's module
 * (Node caches it per thread), calls the named export and hands back either the value or a
 * ServiceError's client-safe parts: an Error crossing the thread boundary keeps only its message,
 * so the code and data of an `invalid_arguments` would otherwise be lost.
 */
import { isServiceError, type ErrorCode } from '../errors.js';

/** What the pool sends a worker. */
export interface WorkerRequest {
  module: string;
  exportName: string;
  payload: unknown;
}

/** What a worker sends back for a task that ended (a crash or termination is the pool's to report). */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string; data?: Record<string, unknown> };

/**
 * RangeErrors that mean "too big", not "wrong": the stack overflowed (deep recursion on a deep
 * input) or an array, string or buffer grew past what V8 allows.
 */
const EXHAUSTION =
  /Maximum call stack size exceeded|Invalid array length|Invalid string length|Invalid typed array length|Array buffer allocation failed/;

/** Runs one task; rethrows anything that is not the caller's fault (a bug: the pool reports it as internal). */
export default async function runTask({ module, exportName, payload }: WorkerRequest): Promise<WorkerReply> {
  const loaded = (await import(module)) as Record<string, unknown>;
  const fn = loaded[exportName];
  if (typeof fn !== 'function') throw new Error(`compute task ${exportName} is not a function exported by ${module}`);
  try {
    return { ok: true, value: await (fn as (payload: unknown) => unknown)(payload) };
  } catch (error) {
    if (isServiceError(error)) return { ok: false, code: error.code, message: error.message, ...(error.data ? { data: error.data } : {}) };
    if (error instanceof RangeError && EXHAUSTION.test(error.message)) {
      return {
        ok: false,
        code: 'resource_exhausted',
        message: 'The call needs more memory or stack than a tool may use; reduce the input',
      };
    }
    throw error;
  }
}
