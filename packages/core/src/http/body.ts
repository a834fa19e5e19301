/**
 * Reads a request body with a hard size bound, a deadline and a share of the process's budget of
 * body bytes in flight, so neither an oversized, a never-ending nor a flood of bodies costs more
 * memory than the budget; bounds the nesting of the parsed JSON.
 */
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors.js';

/**
 * The bytes of request bodies one process holds at once (MAX_BODY_BYTES_IN_FLIGHT). A request
 * reserves its declared Content-Length before the first byte is read (a chunked body: each chunk as
 * it arrives) and releases the reservation when its response closes, so the budget also covers the
 * text and parsed value made from the body while the request is served.
 */
export class BodyBudget {
  private used = 0;

  /** @param capacity bytes; at least one maximum-size body (the config checks it). */
  constructor(readonly capacity: number) {}

  /** Reserves `bytes` when they fit; false (and nothing reserved) when they do not. */
  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** Bytes reserved right now. */
  inUse(): number {
    return this.used;
  }
}

export interface ReadBodyOptions {
  /** Largest body accepted, in bytes. */
  limit: number;
  /** The body must be complete this long after reading starts; else `request_timeout` (408). */
  timeoutMs?: number;
  /**
   * Reserves bytes of the process's body budget for this request (see BodyBudget); false refuses
   * the body with `unavailable` (503, Retry-After). The caller releases what was reserved.
   */
  reserve?: (bytes: number) => boolean;
  /** The error for a body over `limit`; default `payload_too_large` (413). */
  tooLarge?: (limit: number) => ServiceError;
}

/** Seconds a client is told to wait when the body budget is full. */
export const BODY_BUDGET_RETRY_AFTER_SECONDS = 1;

/** The 503 for a body that does not fit in the process's budget of body bytes in flight. */
export function bodyBudgetExhausted(): ServiceError {
  return new ServiceError('unavailable', 'The service is receiving too many request bodies at once; retry later', {
    data: { reason: 'body_bytes_in_flight', retryAfterSeconds: BODY_BUDGET_RETRY_AFTER_SECONDS },
    headers: { 'Retry-After': String(BODY_BUDGET_RETRY_AFTER_SECONDS) },
  });
}

/**
 * Resolves the whole body, or rejects: past `limit` bytes (declared or received) with `tooLarge`,
 * past `timeoutMs` with `request_timeout`, when the budget is full with `unavailable`. On a
 * rejection the request is paused: the response closes the connection so the rest is never read.
 */
export function readBody(req: IncomingMessage, limitOrOptions: number | ReadBodyOptions): Promise<Buffer> {
  const {
    limit,
    timeoutMs,
    reserve,
    tooLarge = payloadTooLarge,
  } = typeof limitOrOptions === 'number' ? { limit: limitOrOptions } : limitOrOptions;
  const declared = Number(req.headers['content-length']);
  const hasLength = req.headers['content-length'] !== undefined && Number.isFinite(declared);
  if (hasLength && declared > limit) return Promise.reject(tooLarge(limit));
  if (hasLength && declared > 0 && reserve && !reserve(declared)) return Promise.reject(bodyBudgetExhausted());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: ServiceError) => {
      cleanup();
      // Stop reading; the response closes the connection so the rest is never parsed.
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      // Without a Content-Length (chunked), each chunk is reserved as it arrives.
      if (!hasLength && reserve && !reserve(chunk.length)) return fail(bodyBudgetExhausted());
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new ServiceError('invalid_request', 'The request body could not be read', { cause: error }));
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(new ServiceError('request_timeout', `The request body did not arrive within ${timeoutMs} ms`, { data: { timeoutMs } })),
            timeoutMs,
          );
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function payloadTooLarge(limit: number): ServiceError {
  return new ServiceError('payload_too_large', `Request body exceeds the limit of ${limit} bytes`, { data: { limitBytes: limit } });
}

/**
 * Deepest nesting of arrays and objects a request body may have. Validators (zod, the SDK's
 * schemas) and handlers walk JSON recursively: ten thousand levels, a few kilobytes of `[`, would
 * overflow the stack and answer 500. No MCP message or tool input needs more than a few dozen.
 */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `limit` levels deep. Iterative: any depth is safe. */
export function exceedsJsonDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The same answer as `exceedsJsonDepth(JSON.parse(text), limit)`, read from the text of a body that
 * JSON.parse accepted, without walking the parsed value (which reads every element: for 10 000
 * vectors of 384 numbers about a quarter of the cost of the JSON.parse itself). Brackets count
 * outside strings only; a string ends at the next quote preceded by an even number of
 * backslashes. Every structural character is found with `indexOf` (a native scan), keeping the
 * next position of each of the five, so long runs of numbers cost next to nothing and the whole
 * check is linear in the text (about 1/40 of JSON.parse on that body).
 */
export function jsonTextExceedsDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  const n = text.length;
  const next = (char: string, from: number): number => {
    const at = text.indexOf(char, from);
    return at < 0 ? n : at;
  };
  let openArray = next('[', 0);
  let openObject = next('{', 0);
  let closeArray = next(']', 0);
  let closeObject = next('}', 0);
  let quote = next('"', 0);
  let depth = 0;
  for (;;) {
    const at = Math.min(openArray, openObject, closeArray, closeObject, quote);
    if (at >= n) return false;
    if (at === quote) {
      let end = at;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return false; // not JSON; JSON.parse has refused it already
        let backslash = end - 1;
        while (text.charCodeAt(backslash) === 0x5c) backslash--;
        if ((end - 1 - backslash) % 2 === 0) break;
      }
      const after = end + 1;
      quote = next('"', after);
      // Brackets inside the string do not count.
      if (openArray < after) openArray = next('[', after);
      if (openObject < after) openObject = next('{', after);
      if (closeArray < after) closeArray = next(']', after);
      if (closeObject < after) closeObject = next('}', after);
    } else if (at === openArray || at === openObject) {
      if (++depth > limit) return true;
      if (at === openArray) openArray = next('[', at + 1);
      else openObject = next('{', at + 1);
    } else {
      depth--;
      if (at === closeArray) closeArray = next(']', at + 1);
      else closeObject = next('}', at + 1);
    }
  }
}
