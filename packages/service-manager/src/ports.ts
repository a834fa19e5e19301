/** Port checks before anything is forked, so a taken port fails fast with its number. */
import { get } from 'node:http';
import { createServer } from 'node:net';

/** The host services bind to (HOST or BIND_IP, default 127.0.0.1), as core reads it. */
export function serviceHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOST || env.BIND_IP || '127.0.0.1';
}

/** The host to reach a service on: the bind host, or loopback for a wildcard bind. */
export function probeHost(env: NodeJS.ProcessEnv = process.env): string {
  const host = serviceHost(env);
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Resolves true when `port` can be bound on `host` right now (and releases it at once). */
export function isPortFree(port: number, host: string = serviceHost()): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * GET /ready on a service; true only for a 200 within `timeoutMs`. node:http rather than fetch: the
 * supervisor probes every worker, and fetch would load undici into it for this alone (~9 MiB
 * resident, issue #17). No keep-alive: each probe's connection closes with its answer.
 */
export function probeReady(
  port: number,
  timeoutMs = 1500,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ready: boolean; status: number | null; error?: string }> {
  return new Promise((resolve) => {
    const request = get(`http://${probeHost(env)}:${port}/ready`, { agent: false, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      response.resume();
      response.once('end', () => resolve({ ready: response.statusCode === 200, status: response.statusCode ?? null }));
      response.once('error', (error) => resolve({ ready: false, status: null, error: error.name }));
    });
    request.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ ready: false, status: null, error: error.name === 'AbortError' ? 'TimeoutError' : (error.code ?? error.name) }),
    );
  });
}
