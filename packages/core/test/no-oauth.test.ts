/**
 * A service with API keys and no OAuth, probed the way OAuth-minded MCP clients probe after a 401
 * (the SDK's auth(): protected-resource metadata, authorization-server metadata, then dynamic
 * client registration at /register): every probe carries the message that an API key is needed,
 * and the registration endpoint answers 403, whose status and body the client shows its user.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NO_OAUTH_DESCRIPTION } from '../src/auth/no-oauth.js';
import type { RunningService } from '../src/runtime.js';
import { startCoreTestService } from './helpers/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startCoreTestService();
});
afterAll(async () => {
  await service.close();
});

async function probe(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}${path}`, init);
  return { status: response.status, body: await response.json() };
}

describe('OAuth probes on a service without OAuth', () => {
  it('the 401 itself stays the RFC 6750 challenge without error fields (no credentials sent)', async () => {
    const response = await fetch(service.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp"');
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32001,
        message: 'Authentication required: send X-API-Key or Authorization: Bearer',
        data: { code: 'unauthenticated' },
      },
    });
  });

  it('metadata paths: 404 with the API-key message', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
      '/mcp/.well-known/openid-configuration',
    ]) {
      expect([path, await probe(path)]).toEqual([
        path,
        { status: 404, body: { error: 'not_found', error_description: NO_OAUTH_DESCRIPTION } },
      ]);
    }
  });

  it('dynamic client registration, authorization and token endpoints: 403 with the API-key message', async () => {
    const registration = await probe('/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_name":"mcp-remote","redirect_uris":["http://localhost:3334/oauth/callback"]}',
    });
    expect(registration).toEqual({ status: 403, body: { error: 'unsupported_oauth', error_description: NO_OAUTH_DESCRIPTION } });
    expect(await probe('/authorize?response_type=code')).toEqual({
      status: 403,
      body: { error: 'unsupported_oauth', error_description: NO_OAUTH_DESCRIPTION },
    });
    expect(await probe('/token', { method: 'POST' })).toEqual({
      status: 403,
      body: { error: 'unsupported_oauth', error_description: NO_OAUTH_DESCRIPTION },
    });
    // What mcp-remote's user reads ("Dynamic Client Registration rejected (HTTP 403): <body>") names the fix, and holds
    // neither "404" nor "Not Found", which would send mcp-remote into its transport fallback instead.
    expect(NO_OAUTH_DESCRIPTION).toBe(
      'This MCP server does not use OAuth: it takes an API key. Send it as the header X-API-Key: <key> (or Authorization: Bearer <key>); mcp-remote and the MCP Inspector CLI take it as --header "X-API-Key: <key>" (README, "Connecting clients").',
    );
  });

  it('other unknown paths stay a plain 404', async () => {
    expect(await probe('/nothing-here')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'No route for /nothing-here' } },
    });
  });
});
