/**
 * What an OAuth-minded MCP client meets on a service that takes API keys and has no OAuth
 * configured. On a 401, SDK-based clients with an OAuth provider (mcp-remote, the MCP Inspector
 * with a TTY) do not show the 401's body: they look for protected-resource metadata, then
 * authorization-server metadata at the origin, and, finding neither, POST to `/register`
 * (dynamic client registration at the default path). Their user then sees only the registration
 * failure ("Dynamic Client Registration rejected (HTTP <status>): <body>"), so that is where the
 * real message goes: every path of that dead end answers with an OAuth-style error whose
 * description says how to send the key.
 *
 * `/register`, `/authorize` and `/token` answer 403, not 404: mcp-remote treats an error whose
 * message contains "404" as a transport problem and retries over SSE, which would bury the
 * message. The metadata paths answer 404 (the clients then carry on quietly to `/register`).
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../send-json.js';

/** The description every answer carries. */
export const NO_OAUTH_DESCRIPTION =
  'This MCP server does not use OAuth: it takes an API key. Send it as the header X-API-Key: <key> (or Authorization: Bearer <key>); ' +
  'mcp-remote and the MCP Inspector CLI take it as --header "X-API-Key: <key>" (README, "Connecting clients").';

const METADATA_PREFIXES = [
  '/.well-known/oauth-authorization-server',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-protected-resource',
];
const FLOW_PATHS = new Set(['/register', '/authorize', '/token']);

/** Whether `path` is one an OAuth client probes (metadata, registration, authorization, token). */
export function isOAuthProbePath(path: string): boolean {
  if (FLOW_PATHS.has(path)) return true;
  return (
    METADATA_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ||
    path.endsWith('/.well-known/openid-configuration')
  );
}

/** Answers an OAuth probe on a service without OAuth: 403 for the flow endpoints, 404 for metadata, the description in both. */
export function sendNoOAuth(res: ServerResponse, path: string): void {
  const flow = FLOW_PATHS.has(path);
  sendJson(
    res,
    flow ? 403 : 404,
    JSON.stringify({ error: flow ? 'unsupported_oauth' : 'not_found', error_description: NO_OAUTH_DESCRIPTION }),
  );
}
