/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): tells a client which authorization server
 * issues tokens for this resource and which scopes it understands. Served at
 * `/.well-known/oauth-protected-resource` and `/.well-known/oauth-protected-resource/mcp` when
 * OAUTH_ISSUER is set.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '../errors.js';
import { sendJson } from '../send-json.js';
import { PERMISSIONS } from './identity.js';

/** The paths the metadata is served on (RFC 9728 §3.1: the well-known prefix, then the resource path). */
export const PROTECTED_RESOURCE_PATHS = ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'] as const;

/**
 * The canonical resource URL of a service's MCP endpoint: PUBLIC_URL + `/mcp` behind a proxy,
 * else the listening URL + `/mcp`.
 */
export function canonicalResourceUrl(publicUrl: string | undefined, listeningUrl: string): string {
  return `${(publicUrl ?? listeningUrl).replace(/\/+$/, '')}/mcp`;
}

/** The metadata URL of a resource: `https://host/mcp` → `https://host/.well-known/oauth-protected-resource/mcp`. */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname.replace(/\/+$/, '')}`;
}

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
}

/** The metadata document for `resource`, protected by tokens from `issuer`. */
export function protectedResourceMetadata(resource: string, issuer: string, resourceName?: string): ProtectedResourceMetadata {
  return {
    resource,
    authorization_servers: [issuer],
    scopes_supported: [...PERMISSIONS],
    // RFC 6750 §2.1 only: tokens in query strings leak into logs, and form bodies are not JSON.
    bearer_methods_supported: ['header'],
    ...(resourceName ? { resource_name: resourceName } : {}),
  };
}

/** A route handler that serves the metadata (public, cacheable, readable from any origin). */
export function createProtectedResourceRoute(
  metadata: () => ProtectedResourceMetadata,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new ServiceError('method_not_allowed', 'Method not allowed', { headers: { Allow: 'GET, HEAD' } });
    sendJson(res, 200, JSON.stringify(metadata()), { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' });
  };
}
