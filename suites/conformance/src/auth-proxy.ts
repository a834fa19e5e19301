/**
 * A loopback reverse proxy that adds one header (the API key) to every request and passes
 * everything else through unchanged, in both directions, streaming (SSE included). The
 * conformance suite has no option for request headers, and our services refuse unauthenticated
 * MCP requests; the proxy lets the suite's requests reach the protocol layer as an authenticated
 * client's would. Method, path, Host, Origin and every other header are forwarded as sent, so the
 * suite's DNS-rebinding probes still reach the service's Host/Origin checks.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthProxy {
  /** The proxy's URL for the target's path (e.g. http://127.0.0.1:41234/mcp). */
  url: string;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1, port 0, in front of `targetUrl`, adding `headers` to each request. */
export async function startAuthProxy(targetUrl: string, headers: Readonly<Record<string, string>>): Promise<AuthProxy> {
  const target = new URL(targetUrl);
  const added = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, ...added } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
