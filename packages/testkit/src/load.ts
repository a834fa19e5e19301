/**
 * A bounded keep-alive load for fault and restart tests: `concurrency` loops, each with at most one
 * request in flight, calling `send` until `stop()`; successes and failures are counted and timed.
 */
export interface LoadResult {
  ok: number;
  failed: number;
  /** Failure kinds: `status` (a wrong answer) or the error's cause code (ECONNRESET, UND_ERR_SOCKET, …). */
  errors: Record<string, number>;
  /** Wall-clock times (ms since epoch) of the failures and of each success. */
  failureTimes: number[];
  okTimes: number[];
}

/** Keeps `concurrency` loops calling `send` until `stop()`; each loop has at most one request in flight. */
export function driveLoad(send: () => Promise<boolean>, concurrency: number): { result: LoadResult; stop: () => Promise<LoadResult> } {
  const result: LoadResult = { ok: 0, failed: 0, errors: {}, failureTimes: [], okTimes: [] };
  let running = true;
  const fail = (key: string) => {
    result.failed++;
    result.failureTimes.push(Date.now());
    result.errors[key] = (result.errors[key] ?? 0) + 1;
  };
  const loop = async () => {
    while (running) {
      try {
        if (await send()) {
          result.ok++;
          result.okTimes.push(Date.now());
        } else fail('status');
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        fail(cause?.code ?? (error as Error).name);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    result,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}
