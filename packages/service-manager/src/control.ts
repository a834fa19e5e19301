/**
 * The control channel between the CLI and the supervisor: HTTP on 127.0.0.1 (random port),
 * every request carrying the random token from supervisor.json (0600 in a 0700 directory), so only
 * the user who owns the state directory can drive the supervisor.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXIT_CODES, ManagerError, messageOf, type ExitCodeName } from './errors.js';
import type { SupervisorInfo } from './state.js';

/** A route handler; `after` registers work to run once the answer has been sent (e.g. exiting). */
export type ControlHandler = (body: Record<string, unknown>, after: (task: () => void) => void) => Promise<unknown>;

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 1024 * 1024) throw new ManagerError('usage', 'control request too large');
    chunks.push(buffer);
  }
  if (chunks.length === 0) return {};
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Starts the control server on 127.0.0.1:0; routes are `METHOD /path` keys. */
export async function startControlServer(token: string, routes: Record<string, ControlHandler>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (!tokenMatches(req.headers.authorization, token)) return send(res, 401, { error: { kind: 'usage', message: 'bad control token' } });
    const handler = routes[`${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`];
    if (!handler) return send(res, 404, { error: { kind: 'usage', message: `no control route ${req.method} ${req.url}` } });
    const deferred: (() => void)[] = [];
    res.once('finish', () => deferred.forEach((task) => task()));
    readBody(req)
      .then((body) => handler(body, (task) => deferred.push(task)))
      .then(
        (result) => send(res, 200, result ?? {}),
        (error: unknown) => {
          const kind: ExitCodeName = error instanceof ManagerError ? error.kind : 'failure';
          send(res, 500, { error: { kind, message: messageOf(error), details: error instanceof ManagerError ? error.details : [] } });
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

interface ErrorBody {
  error?: { kind?: string; message?: string; details?: string[] };
}

/** Sends a control request to the supervisor; errors come back as the ManagerError it threw. */
export async function controlRequest<T>(info: SupervisorInfo, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${info.controlPort}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ManagerError(
      'notRunning',
      `cannot reach the supervisor (pid ${info.pid}) on its control port ${info.controlPort}: ${messageOf((error as { cause?: unknown }).cause ?? error)}`,
    );
  }
  const parsed = (await response.json()) as T & ErrorBody;
  if (!response.ok) {
    const kind = parsed.error?.kind && parsed.error.kind in EXIT_CODES ? (parsed.error.kind as ExitCodeName) : 'failure';
    throw new ManagerError(kind, parsed.error?.message ?? `supervisor answered ${response.status}`, {
      details: parsed.error?.details ?? [],
    });
  }
  return parsed;
}
