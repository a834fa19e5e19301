/** Reads a request body with a hard size bound, so an oversized body is refused without buffering it. */
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
