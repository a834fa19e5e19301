/**
 * Cooperative cancellation for long loops. Core aborts the handler's signal on timeout, but a
 * handler that never yields keeps the event loop busy, so the timer cannot even fire: a checkpoint
 * yields to the event loop every `sliceMs` of work and throws once the signal is aborted.
 */
import { ServiceError } from '@a2a-mcp/core/errors';

export type Checkpoint = () => Promise<void>;

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new ServiceError('timeout', 'The call was cancelled');
}

/**
 * Returns a function to await inside long loops.
 *
 * @param sliceMs longest stretch of work between two yields (default 10 ms).
 */
export function createCheckpoint(signal: AbortSignal | undefined, sliceMs = 10): Checkpoint {
  let last = performance.now();
  return async () => {
    if (signal?.aborted) throw abortReason(signal);
    if (performance.now() - last < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
    if (signal?.aborted) throw abortReason(signal);
  };
}

/** A checkpoint that never yields (for synchronous unit tests of pure functions). */
export const noCheckpoint: Checkpoint = () => Promise.resolve();
