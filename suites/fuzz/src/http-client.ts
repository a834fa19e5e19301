/**
 * A raw HTTP client for fuzzing: any method, path, header set and body bytes, over keep-alive
 * connections. Never throws for what the server does: a reset connection or a timeout is part of
 * the answer, for the invariants to judge.
 */
import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/mcp`. */
  path: string;
  /** Header names in lower case. A `host` entry replaces the default Host header. */
  headers: Record<string, string>;
  /** Body bytes; none when undefined. */
  body?: Buffer;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body was still streaming when `streamGraceMs` ran out (an open SSE stream). */
  cutOff: boolean;
  /** A transport failure: connection reset, no answer within the timeout. */
  error?: string;
}

export interface SendOptions {
  /** Give up on an answer after this long, in ms. */
  timeoutMs: number;
  /**
   * After a `text/event-stream` response's headers, read at most this long before closing the
   * stream (a subscription stream never ends by itself), in ms.
   */
  streamGraceMs: number;
}

/** A keep-alive agent for one fuzzing target. */
export function createAgent(maxSockets = 16): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/**
 * Sends `raw` to `base` (`http://127.0.0.1:port`) and collects the whole answer. A request that
 * fails with a reset on a reused keep-alive connection, before any answer, is sent once more on a
 * fresh one: the server may close an idle connection just as the client picks it up (Node's
 * documented keep-alive race), which says nothing about the request.
 */
export async function sendRaw(base: URL, raw: RawRequest, agent: Agent, options: SendOptions): Promise<RawReply> {
  const first = await sendOnce(base, raw, agent, options);
  if (
    first.reply.status === 0 &&
    first.reusedSocket &&
    first.reply.error !== undefined &&
    /ECONNRESET|socket hang up|EPIPE/.test(first.reply.error)
  ) {
    return (await sendOnce(base, raw, agent, options)).reply;
  }
  return first.reply;
}

function sendOnce(
  base: URL,
  raw: RawRequest,
  agent: Agent,
  { timeoutMs, streamGraceMs }: SendOptions,
): Promise<{ reply: RawReply; reusedSocket: boolean }> {
  return new Promise((resolvePair) => {
    let reusedSocket = false;
    const resolve = (reply: RawReply) => resolvePair({ reply, reusedSocket });
    let settled = false;
    const finish = (reply: RawReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const headers: Record<string, string> = { ...raw.headers };
    if (raw.body !== undefined) headers['content-length'] = String(raw.body.length);
    const req = request({
      host: base.hostname,
      port: base.port,
      method: raw.method,
      path: raw.path,
      headers,
      agent,
      setHost: headers.host === undefined,
    });
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, body: Buffer.alloc(0), cutOff: false, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let streamTimer: NodeJS.Timeout | undefined;
      const done = (cutOff: boolean, error?: string) => {
        clearTimeout(streamTimer);
        finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), cutOff, ...(error ? { error } : {}) });
      };
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        streamTimer = setTimeout(() => {
          done(true);
          req.destroy();
        }, streamGraceMs);
      }
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(false));
      res.on('error', (error) => done(false, error.message));
      res.on('aborted', () => done(false, 'response aborted'));
    });
    req.on('socket', () => (reusedSocket = req.reusedSocket));
    req.on('error', (error) => finish({ status: 0, headers: {}, body: Buffer.alloc(0), cutOff: false, error: error.message }));
    req.end(raw.body);
  });
}
