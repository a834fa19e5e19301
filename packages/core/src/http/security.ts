/**
 * Browser-facing protections: security headers (helmet's policy, captured once), the CORS
 * allow-list, and Origin / Host validation against DNS rebinding.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Runs helmet once against a recording response and returns the headers it sets, so every
 * response gets helmet's policy without re-running the middleware per request.
 */
export function captureHelmetHeaders(): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  const middleware = helmet({
    // A JSON API serves no documents: forbid everything a browser could load or frame.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return [...headers.entries()];
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Host part of a Host header value (`[::1]:8080` → `[::1]`, `Example.com:80` → `example.com`). */
export function hostname(hostHeader: string): string {
  const lower = hostHeader.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

export interface OriginPolicyOptions {
  /** CORS_ORIGINS: exact origins, or `*` for any. */
  corsOrigins: readonly string[];
  /** ALLOWED_HOSTS, when set. */
  allowedHosts: readonly string[] | undefined;
  /** The bind address (HOST). */
  bindHost: string;
  publicUrl: string | undefined;
  /** In development, browser tools served from localhost (the Inspector) may call in. */
  allowLoopbackOrigins: boolean;
}

export interface OriginPolicy {
  /** False when the Host header names a host this service must not answer for (DNS rebinding). */
  hostAllowed(host: string | undefined): boolean;
  /** False when a browser Origin is not on the allow-list. */
  originAllowed(origin: string): boolean;
}

/**
 * Host checks apply when the service listens on loopback (where rebinding attacks aim) or when
 * ALLOWED_HOSTS is set; a service bound to all interfaces behind a proxy accepts any Host unless
 * told otherwise.
 */
export function createOriginPolicy(options: OriginPolicyOptions): OriginPolicy {
  const publicHost = options.publicUrl ? new URL(options.publicUrl).hostname.toLowerCase() : undefined;
  let hosts: Set<string> | undefined;
  if (options.allowedHosts && options.allowedHosts.length > 0) hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  else if (isLoopbackAddress(options.bindHost)) hosts = new Set(LOOPBACK_HOSTS);
  if (hosts && publicHost) hosts.add(publicHost.includes(':') && !publicHost.startsWith('[') ? `[${publicHost}]` : publicHost);
  const anyOrigin = options.corsOrigins.includes('*');
  const origins = new Set(options.corsOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  return {
    hostAllowed(host) {
      if (!hosts || hosts.has('*')) return true;
      if (!host) return false;
      return hosts.has(hostname(host));
    },
    originAllowed(origin) {
      if (anyOrigin) return true;
      const normalised = origin.toLowerCase();
      if (origins.has(normalised)) return true;
      if (!options.allowLoopbackOrigins) return false;
      try {
        const url = new URL(normalised);
        return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackAddress(url.hostname);
      } catch {
        return false;
      }
    },
  };
}
