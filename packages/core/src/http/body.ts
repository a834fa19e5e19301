/**
 * Reads a request body with a hard size bound, so an oversized body is refused without buffering
 * it; bounds the nesting of the parsed JSON.
 */
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors.js';

/** Resolves the whole body, or rejects with `payload_too_large` once `limit` bytes are exceeded. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop reading; the response closes the connection so the rest is never parsed.
        req.pause();
        reject(tooLarge(limit));
        return;
      }
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
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limit: number): ServiceError {
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
