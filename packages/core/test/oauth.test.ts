/**
 * OAuth 2.1 access tokens from a real OpenID provider (oidc-provider on loopback, client
 * credentials, resource indicators, RS256 JWT access tokens), verified against its JWKS found by
 * discovery. Each attack asserts the exact status and WWW-Authenticate header.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';
import type { RunningService } from '../src/runtime.js';
import { ERAS } from './helpers/clients.js';
import { callToolRaw, rawCall, startCoreTestService, toolNames } from './helpers/service.js';

const CLIENT = { id: 'agent-1', secret: 'agent-1-secret-0123456789abcdef0123456789' };
const KID = 'provider-key-1';

let issuer: string;
let providerServer: Server;
let privateKey: CryptoKey;
let publicKey: CryptoKey;
let service: RunningService;
let metadataUrl: string;

async function startProvider(): Promise<void> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicKey = pair.publicKey;
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
  providerServer = createServer();
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'read write admin mcp:read',
      },
    ],
    scopes: ['read', 'write', 'admin', 'mcp:read'],
    jwks: { keys: [jwk] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          scope: 'read write admin mcp:read',
          audience: resourceIndicator,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const callback = provider.callback();
  providerServer.on('request', (req, res) => void callback(req, res));
}

/** A client-credentials token from the provider for `resource` with `scope`. */
async function providerToken(scope: string, resource = service.mcpUrl): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token request failed: ${body.error}: ${body.error_description}`);
  return body.access_token;
}

/** A token signed by the test itself (to forge claims the provider would never issue). */
interface ForgeOptions {
  key?: CryptoKey | Uint8Array;
  alg?: string;
  kid?: string;
  iss?: string;
  aud?: string;
  exp?: number;
}

function forge(
  claims: Record<string, unknown>,
  {
    key = privateKey,
    alg = 'RS256',
    kid = KID,
    iss = issuer,
    aud = service.mcpUrl,
    exp = Math.floor(Date.now() / 1000) + 300,
  }: ForgeOptions = {},
) {
  return new SignJWT({ client_id: CLIENT.id, scope: 'read write', ...claims })
    .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject(CLIENT.id)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const rejected = (description: string) =>
  `Bearer realm="a2a-mcp", resource_metadata="${metadataUrl}", error="invalid_token", error_description="${description}"`;

beforeAll(async () => {
  await startProvider();
  service = await startCoreTestService({ OAUTH_ISSUER: issuer });
  metadataUrl = `${service.url}/.well-known/oauth-protected-resource/mcp`;
});
afterAll(async () => {
  await service.close();
  providerServer.closeAllConnections();
  await new Promise((resolve) => providerServer.close(resolve));
});

describe('protected resource metadata (RFC 9728)', () => {
  it.each(['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'])('serves %s', async (path) => {
    const response = await fetch(`${service.url}${path}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      resource: service.mcpUrl,
      authorization_servers: [issuer],
      scopes_supported: ['read', 'write', 'admin'],
      bearer_methods_supported: ['header'],
      resource_name: 'security-test',
    });
  });

  it('401 without a token names the metadata', async () => {
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="a2a-mcp", resource_metadata="${metadataUrl}"`);
  });
});

describe('a valid provider token', () => {
  it.each(ERAS)('calls a tool through the %s client', async (_era, connect) => {
    const client = await connect(service.mcpUrl, bearer(await providerToken('read write')));
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['echo_text', 'save_note']);
    expect((await client.callTool('echo_text', { text: 'via oauth' })).structuredContent).toEqual({
      echo: 'via oauth',
      client: `oauth:${issuer}#${CLIENT.id}`,
    });
    expect((await client.callTool('save_note', { note: 'n' })).structuredContent).toEqual({ saved: true });
    await client.close();
  });

  it('maps mcp:read style scopes', async () => {
    const res = await rawCall(service.mcpUrl, 'tools/list', {}, bearer(await providerToken('mcp:read')));
    expect(res.status).toBe(200);
    expect(toolNames(res)).toEqual(['echo_text']);
  });

  it('403 insufficient_scope with scope and resource_metadata when the token lacks write', async () => {
    const res = await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' }, bearer(await providerToken('read')));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="a2a-mcp", resource_metadata="${metadataUrl}", error="insufficient_scope", scope="write", error_description="Tool save_note needs the write permission"`,
    );
  });
});

describe('attacks', () => {
  it('alg none', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: service.mcpUrl, sub: 'x', client_id: 'x', scope: 'admin', exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is signed with an algorithm that is not allowed'));
  });

  it('HS256 signed with the provider public key', async () => {
    const pem = await exportSPKI(publicKey);
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await forge({}, { key: new TextEncoder().encode(pem), alg: 'HS256' })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is signed with an algorithm that is not allowed'));
  });

  it('expired beyond the 30 s leeway', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await forge({}, { exp: Math.floor(Date.now() / 1000) - 120 })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token has expired'));
  });

  it('not yet valid beyond the 30 s leeway', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await forge({ nbf: Math.floor(Date.now() / 1000) + 600 })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is not yet valid'));
  });

  it('wrong issuer', async () => {
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, bearer(await forge({}, { iss: 'https://evil.example' })));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token was issued by an untrusted issuer'));
  });

  it('wrong audience (a real provider token for another resource)', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await providerToken('read', 'https://other-api.example/mcp')),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is not meant for this resource'));
  });

  it('unknown kid', async () => {
    const other = await generateKeyPair('RS256');
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await forge({}, { key: other.privateKey, kid: 'unknown-kid' })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is signed with an unknown key'));
  });

  it('tampered payload', async () => {
    const [header, payload, signature] = (await providerToken('read')).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, scope: 'read write admin' })).toString('base64url');
    const res = await callToolRaw(service.mcpUrl, 'purge_all', {}, bearer(`${header}.${tampered}.${signature}`));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token signature is invalid'));
  });

  it('counts every rejection in mcp_auth_failures_total', async () => {
    const text = await service.metrics!.registry.getSingleMetricAsString('mcp_auth_failures_total');
    expect(text).toContain('mcp_auth_failures_total{reason="missing_credentials",service="security-test"} 1');
    expect(text).toContain('mcp_auth_failures_total{reason="expired",service="security-test"} 1');
    expect(text).toContain('mcp_auth_failures_total{reason="invalid_token",service="security-test"} 7');
    expect(text).toContain('mcp_auth_failures_total{reason="insufficient_permission",service="security-test"} 1');
  });
});

const PROXIED_METRICS_TOKEN = 'proxied-metrics-token-0123456789abcdef';
const PUBLIC_METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

describe('behind a TLS-terminating proxy (PUBLIC_URL)', () => {
  let proxied: RunningService;
  beforeAll(async () => {
    proxied = await startCoreTestService({
      OAUTH_ISSUER: issuer,
      OAUTH_JWKS_URL: `${issuer}/jwks`,
      PUBLIC_URL: 'https://mcp.example.com',
      METRICS_TOKEN: PROXIED_METRICS_TOKEN,
    });
  });
  afterAll(async () => {
    await proxied.close();
  });

  it('uses PUBLIC_URL + /mcp as the resource and the expected audience', async () => {
    const metadata = (await (await fetch(`${proxied.url}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string };
    expect(metadata.resource).toBe('https://mcp.example.com/mcp');
    const ok = await callToolRaw(
      proxied.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await providerToken('read', 'https://mcp.example.com/mcp')),
    );
    expect(ok.status).toBe(200);
    const wrong = await callToolRaw(proxied.mcpUrl, 'echo_text', { text: 'x' }, bearer(await providerToken('read', proxied.mcpUrl)));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", error="invalid_token", error_description="The token is not meant for this resource"',
    );
  });

  describe('operator routes carry the same OAuth challenges as /mcp', () => {
    const publicToken = (scope: string) => providerToken(scope, 'https://mcp.example.com/mcp');
    const routes = [
      [
        'POST /circuit-breakers/reset',
        (headers: Record<string, string>) => fetch(`${proxied.url}/circuit-breakers/reset`, { method: 'POST', headers }),
      ],
      ['GET /metrics (METRICS_TOKEN set)', (headers: Record<string, string>) => fetch(`${proxied.url}/metrics`, { headers })],
    ] as const;

    it.each(routes)('%s: 401 without credentials names the resource metadata', async (_route, send) => {
      const res = await send({});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="a2a-mcp", resource_metadata="${PUBLIC_METADATA}"`);
      expect(await res.json()).toEqual({
        error: { code: 'unauthenticated', message: 'Authentication required: send X-API-Key or Authorization: Bearer' },
      });
    });

    it.each(routes)('%s: 401 invalid_token for an expired token', async (_route, send) => {
      const res = await send(
        bearer(await forge({ scope: 'admin' }, { aud: 'https://mcp.example.com/mcp', exp: Math.floor(Date.now() / 1000) - 120 })),
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer realm="a2a-mcp", resource_metadata="${PUBLIC_METADATA}", error="invalid_token", error_description="The token has expired"`,
      );
    });

    it.each(routes)('%s: 403 insufficient_scope for a valid token without admin', async (_route, send) => {
      const res = await send(bearer(await publicToken('read write')));
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer realm="a2a-mcp", resource_metadata="${PUBLIC_METADATA}", error="insufficient_scope", scope="admin", error_description="This needs the admin permission"`,
      );
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'This needs the "admin" permission' } });
    });

    it.each(routes)('%s: 200 for an admin token', async (_route, send) => {
      const res = await send(bearer(await publicToken('admin')));
      expect(res.status).toBe(200);
      expect(res.headers.get('www-authenticate')).toBeNull();
    });

    it('GET /metrics: 200 with the metrics token; a wrong token is 401 invalid_token', async () => {
      expect((await fetch(`${proxied.url}/metrics`, { headers: bearer(PROXIED_METRICS_TOKEN) })).status).toBe(200);
      const wrong = await fetch(`${proxied.url}/metrics`, { headers: bearer(`${PROXIED_METRICS_TOKEN}x`) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe(
        `Bearer realm="a2a-mcp", resource_metadata="${PUBLIC_METADATA}", error="invalid_token", error_description="Invalid API key"`,
      );
    });

    it('GET /circuit-breakers stays public (names and states only)', async () => {
      const res = await fetch(`${proxied.url}/circuit-breakers`);
      expect(res.status).toBe(200);
      expect(res.headers.get('www-authenticate')).toBeNull();
    });
  });
});
