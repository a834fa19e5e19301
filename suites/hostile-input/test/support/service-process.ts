/**
 * A built service as a real child process (`node services/<name>/dist/index.js` on a free port),
 * its resident memory read from /proc, and raw HTTP over plain sockets for requests whose body is
 * slow, endless or never sent.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServiceProcess as startKitProcess, type ServiceProcess } from '@a2a-mcp/testkit';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export type { ServiceProcess } from '@a2a-mcp/testkit';

/**
 * Starts a built service on 127.0.0.1 and a free port; resolves once it listens. The child gets PATH,
 * the test profile, `LOG_LEVEL=info` and `env` only (no jest NODE_OPTIONS, no inherited REDIS_URL,
 * no test keys unless `env` names them).
 */
export function startServiceProcess(name: string, env: Record<string, string>, startTimeoutMs = 60_000): Promise<ServiceProcess> {
  return startKitProcess(name, { baseEnv: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info' }, env, startTimeoutMs });
}

/** Resident set size (VmRSS) and its high-water mark (VmHWM) of a process, in bytes. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** A parsed HTTP/1.1 response read off a raw socket. */
export interface RawAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection after the answer. */
  closed: boolean;
}

/** Parses the first response in `text` (Content-Length bodies only); undefined while incomplete. */
function parseAnswer(text: string): Omit<RawAnswer, 'closed'> | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body) < length) return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

/** An open request whose body the test sends (or withholds) at its own pace. */
export interface PendingRequest {
  socket: Socket;
  /** Resolves with the answer once it is complete and the server closed or `settleMs` passed; rejects after `timeoutMs`. */
  answer(timeoutMs?: number): Promise<RawAnswer>;
  /** Sends more of the body (ignored once the socket is gone). */
  write(chunk: Buffer | string): void;
  destroy(): void;
}

/**
 * Opens a connection and sends a POST /mcp head with `headers` (Content-Length when `declaredLength`
 * is given) and the first part of the body.
 */
export function openRequest(
  port: number,
  headers: Record<string, string>,
  first: Buffer | string = '',
  declaredLength?: number,
): Promise<PendingRequest> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let closed = false;
    const waiters: (() => void)[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', () => undefined); // EPIPE / ECONNRESET once the server closed: the answer is what counts
    socket.on('close', () => {
      closed = true;
      for (const w of waiters.splice(0)) w();
    });
    socket.once('connect', () => {
      const head = [
        'POST /mcp HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        'Accept: application/json, text/event-stream',
        ...(declaredLength === undefined ? ['Transfer-Encoding: chunked'] : [`Content-Length: ${declaredLength}`]),
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      const send = (chunk: Buffer | string) => {
        if (socket.destroyed || !socket.writable || chunk.length === 0) return;
        if (declaredLength === undefined) socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n`);
        socket.write(chunk);
        if (declaredLength === undefined) socket.write('\r\n');
      };
      send(first);
      resolve({
        socket,
        write: send,
        destroy: () => socket.destroy(),
        answer: (timeoutMs = 20_000) =>
          new Promise<RawAnswer>((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no answer within ${timeoutMs} ms (received ${JSON.stringify(received.slice(0, 200))})`)),
              timeoutMs,
            );
            const check = () => {
              const parsed = parseAnswer(received);
              if (parsed && (closed || parsed.headers.connection !== 'close')) {
                clearTimeout(timer);
                done({ ...parsed, closed });
              } else if (closed && !parsed) {
                clearTimeout(timer);
                fail(new Error(`connection closed without a complete answer (received ${JSON.stringify(received.slice(0, 200))})`));
              } else waiters.push(check);
            };
            check();
          }),
      });
    });
    socket.once('error', reject);
  });
}

/** A 2026-07-28 tools/call body. */
export function toolCallBody(tool: string, args: Record<string, unknown>, id: number | string = 1): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: {
      name: tool,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'hostile-input', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  };
}

/** The routing headers of a 2026-07-28 tools/call of `tool`. */
export function toolCallHeaders(tool: string, key?: string): Record<string, string> {
  return { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': tool, ...(key ? { 'x-api-key': key } : {}) };
}
