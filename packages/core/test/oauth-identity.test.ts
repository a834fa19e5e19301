/**
 * Issue #21 against a real authorization server on loopback (oidc-provider, client credentials,
 * RS256 JWT access tokens) plus hand-minted tokens for the claim shapes of Auth0, Keycloak,
 * Entra ID and Okta, signed with the provider's own key: scopes are the grant, identities are
 * qualified by credential type, the token policy (lifetime, skew, typ), malformed headers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';
import type { RunningService } from '../src/runtime.js';
import { callToolRaw, startCoreTestService } from './helpers/service.js';

const CLIENT = { id: 'ingest-job', secret: 'ingest-job-secret-0123456789abcdef0123456789' };
const KID = 'identity-key-1';

let issuer: string;
let providerServer: Server;
let privateKey: CryptoKey;
/** Extra claims the provider puts into its next access tokens (Auth0's RBAC `permissions`). */
let extraClaims: Record<string, unknown> = {};

async function startProvider(): Promise<void> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
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
        scope: 'read write admin',
      },
    ],
    scopes: ['read', 'write', 'admin'],
    jwks: { keys: [jwk] },
    extraTokenClaims: () => extraClaims,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          scope: 'read write admin',
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

async function providerToken(resource: string, scope: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token request failed: ${body.error}`);
  return body.access_token;
}

interface MintOptions {
  aud: string;
  typ?: string;
  iat?: number;
  exp?: number;
}

/** A token with the provider's key and arbitrary claims (shapes the provider would not issue). */
function mint(
  claims: Record<string, unknown>,
  { aud, typ = 'at+jwt', iat = Math.floor(Date.now() / 1000), exp = iat + 300 }: MintOptions,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ })
    .setIssuer(issuer)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Who the service thinks the caller is (echo_text answers with ctx.identity.clientId). */
async function whoAmI(service: RunningService, token: string): Promise<{ status: number; client?: string; www?: string | null }> {
  const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'who' }, bearer(token));
  const client = (res.json as { result?: { structuredContent?: { client?: string } } } | undefined)?.result?.structuredContent?.client;
  return { status: res.status, ...(client !== undefined ? { client } : {}), www: res.headers.get('www-authenticate') };
}

async function statusOf(service: RunningService, tool: string, token: string): Promise<number> {
  return (await callToolRaw(service.mcpUrl, tool, tool === 'save_note' ? { note: 'n' } : {}, bearer(token))).status;
}

beforeAll(async () => {
  await startProvider();
});
afterAll(async () => {
  providerServer.closeAllConnections();
  await new Promise((resolve) => providerServer.close(resolve));
});

describe('scopes are the grant (default: no permissions claim configured)', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startCoreTestService({ OAUTH_ISSUER: issuer });
  });
  afterAll(async () => {
    extraClaims = {};
    await service.close();
  });

  it('a provider token with scope read and permissions ["admin"] is read only', async () => {
    extraClaims = { permissions: ['admin'] };
    const token = await providerToken(service.mcpUrl, 'read');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { scope: string; permissions: string[] };
    expect([claims.scope, claims.permissions]).toEqual(['read', ['admin']]);
    expect(await statusOf(service, 'purge_all', token)).toBe(403);
    expect(await statusOf(service, 'save_note', token)).toBe(403);
    expect((await whoAmI(service, token)).status).toBe(200);
  });

  it('a provider token with scope admin and permissions [] is admin', async () => {
    extraClaims = { permissions: [] };
    const token = await providerToken(service.mcpUrl, 'admin');
    expect(await statusOf(service, 'save_note', token)).toBe(200);
    expect(await statusOf(service, 'purge_all', token)).toBe(200);
  });

  it('Entra and Okta carry the scope as scp (string, array)', async () => {
    expect(await statusOf(service, 'save_note', await mint({ sub: 'u1', scp: 'write' }, { aud: service.mcpUrl }))).toBe(200);
    expect(await statusOf(service, 'save_note', await mint({ sub: 'u1', scp: ['read'] }, { aud: service.mcpUrl }))).toBe(403);
  });
});

describe('a configured permissions claim is intersected with the scope', () => {
  let auth0: RunningService;
  let keycloak: RunningService;
  let entra: RunningService;
  beforeAll(async () => {
    auth0 = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_PERMISSIONS_CLAIM: 'permissions' });
    keycloak = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_PERMISSIONS_CLAIM: 'realm_access.roles' });
    entra = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_PERMISSIONS_CLAIM: 'roles', OAUTH_PERMISSIONS_MODE: 'claim' });
  });
  afterAll(async () => {
    await Promise.all([auth0.close(), keycloak.close(), entra.close()]);
  });

  it('Auth0 (RBAC, permissions in the token): the user may write, the client asked for read: read', async () => {
    const token = await mint({ sub: 'auth0|42', azp: 'spa', scope: 'openid read', permissions: ['read', 'write'] }, { aud: auth0.mcpUrl });
    expect(await statusOf(auth0, 'save_note', token)).toBe(403);
    expect((await whoAmI(auth0, token)).status).toBe(200);
  });

  it('Auth0: scope write and permission write: write; permissions [] grants nothing', async () => {
    expect(
      await statusOf(auth0, 'save_note', await mint({ sub: 'auth0|42', scope: 'write', permissions: ['write'] }, { aud: auth0.mcpUrl })),
    ).toBe(200);
    expect(
      await statusOf(auth0, 'save_note', await mint({ sub: 'auth0|42', scope: 'admin', permissions: [] }, { aud: auth0.mcpUrl })),
    ).toBe(403);
  });

  it('Keycloak (realm roles under realm_access.roles, mcp:* scopes)', async () => {
    const token = await mint(
      { sub: 'f81d4fae', azp: 'agent-ui', scope: 'profile mcp:write', realm_access: { roles: ['write', 'offline_access'] } },
      { aud: keycloak.mcpUrl },
    );
    expect(await statusOf(keycloak, 'save_note', token)).toBe(200);
    expect(await statusOf(keycloak, 'purge_all', token)).toBe(403);
  });

  it('Entra ID app-only token (roles, no scp) with OAUTH_PERMISSIONS_MODE=claim', async () => {
    const token = await mint({ sub: 'app-oid-1', azp: 'app-1', roles: ['mcp.admin'] }, { aud: entra.mcpUrl });
    expect(await statusOf(entra, 'purge_all', token)).toBe(200);
    expect(await statusOf(entra, 'save_note', await mint({ sub: 'app-oid-2', roles: ['Other.Role'] }, { aud: entra.mcpUrl }))).toBe(403);
  });
});

describe('identities are qualified by credential type and issuer', () => {
  let service: RunningService;
  let byClient: RunningService;
  beforeAll(async () => {
    service = await startCoreTestService({ OAUTH_ISSUER: issuer });
    byClient = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_PRINCIPAL_CLAIM: 'azp' });
  });
  afterAll(async () => {
    await Promise.all([service.close(), byClient.close()]);
  });

  it('a provider token for client ingest-job is not the API-key client ingest-job', async () => {
    const token = await providerToken(service.mcpUrl, 'read');
    expect(await whoAmI(service, token)).toEqual({ status: 200, client: `oauth:${issuer}#ingest-job`, www: null });
  });

  it('a sub of dead-letter:ingest-job cannot become the dead-letter mailbox', async () => {
    expect((await whoAmI(service, await mint({ sub: 'dead-letter:ingest-job', scope: 'read' }, { aud: service.mcpUrl }))).client).toBe(
      `oauth:${issuer}#dead-letter:ingest-job`,
    );
  });

  it('two end users of one client (same azp, as with Keycloak) are two principals by default', async () => {
    const alice = await whoAmI(service, await mint({ sub: 'alice', azp: 'agent-ui', scope: 'read' }, { aud: service.mcpUrl }));
    const bob = await whoAmI(service, await mint({ sub: 'bob', azp: 'agent-ui', scope: 'read' }, { aud: service.mcpUrl }));
    expect([alice.client, bob.client]).toEqual([`oauth:${issuer}#alice`, `oauth:${issuer}#bob`]);
  });

  it('OAUTH_PRINCIPAL_CLAIM=azp makes the client the principal', async () => {
    expect((await whoAmI(byClient, await mint({ sub: 'alice', azp: 'agent-ui', scope: 'read' }, { aud: byClient.mcpUrl }))).client).toBe(
      `oauth:${issuer}#agent-ui`,
    );
  });

  it('a principal with spaces or control characters is refused', async () => {
    const res = await whoAmI(service, await mint({ sub: 'a b', scope: 'read' }, { aud: service.mcpUrl }));
    expect(res.status).toBe(401);
  });
});

describe('token policy', () => {
  let service: RunningService;
  let typed: RunningService;
  beforeAll(async () => {
    service = await startCoreTestService({ OAUTH_ISSUER: issuer, TOKEN_MAX_LIFETIME_SECONDS: '3600', TOKEN_CLOCK_SKEW_SECONDS: '30' });
    typed = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_REQUIRE_TYP: 'true' });
  });
  afterAll(async () => {
    await Promise.all([service.close(), typed.close()]);
  });
  const now = () => Math.floor(Date.now() / 1000);
  const challenge = (svc: RunningService, description: string) =>
    `Bearer realm="a2a-mcp", resource_metadata="${svc.url}/.well-known/oauth-protected-resource/mcp", error="invalid_token", error_description="${description}"`;

  it('exp in year 9999 is refused', async () => {
    const res = await whoAmI(service, await mint({ sub: 'u', scope: 'read' }, { aud: service.mcpUrl, exp: 253_402_300_799 }));
    expect(res).toEqual({ status: 401, www: challenge(service, 'The token lives longer than the 3600 s this service accepts') });
  });

  it('iat ten years ahead is refused; iat within the skew is accepted', async () => {
    const ahead = now() + 10 * 365 * 86_400;
    expect(await whoAmI(service, await mint({ sub: 'u', scope: 'read' }, { aud: service.mcpUrl, iat: ahead, exp: ahead + 60 }))).toEqual({
      status: 401,
      www: challenge(service, 'The token was issued in the future'),
    });
    expect((await whoAmI(service, await mint({ sub: 'u', scope: 'read' }, { aud: service.mcpUrl, iat: now() + 20 }))).status).toBe(200);
  });

  it('exactly the maximum lifetime is accepted, one second more is not', async () => {
    const iat = now();
    expect((await whoAmI(service, await mint({ sub: 'u', scope: 'read' }, { aud: service.mcpUrl, iat, exp: iat + 3600 }))).status).toBe(
      200,
    );
    expect((await whoAmI(service, await mint({ sub: 'u', scope: 'read' }, { aud: service.mcpUrl, iat, exp: iat + 3601 }))).status).toBe(
      401,
    );
  });

  it('OAUTH_REQUIRE_TYP: typ JWT is refused, at+jwt and application/at+jwt pass', async () => {
    expect(await whoAmI(typed, await mint({ sub: 'u', scope: 'read' }, { aud: typed.mcpUrl, typ: 'JWT' }))).toEqual({
      status: 401,
      www: challenge(typed, 'The token is not an access token (typ must be at+jwt)'),
    });
    expect((await whoAmI(typed, await mint({ sub: 'u', scope: 'read' }, { aud: typed.mcpUrl, typ: 'at+jwt' }))).status).toBe(200);
    expect((await whoAmI(typed, await mint({ sub: 'u', scope: 'read' }, { aud: typed.mcpUrl, typ: 'application/at+jwt' }))).status).toBe(
      200,
    );
  });
});

describe('malformed tokens are 401 invalid_token, counted as auth failures, never 5xx', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startCoreTestService({ OAUTH_ISSUER: issuer, JWT_SECRET: 'identity-test-secret-0123456789abcdef0123' });
  });
  afterAll(async () => {
    await service.close();
  });
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const headers: [string, unknown][] = [
    ['alg is a number', { alg: 1 }],
    ['alg is an object', { alg: { RS256: true } }],
    ['kid is a number', { alg: 'RS256', kid: 7 }],
    ['typ is an array', { alg: 'RS256', typ: ['at+jwt'] }],
    ['header is an array', ['RS256']],
    ['header is null', null],
    ['header is not JSON', '{"alg":'],
    ['HS512 with JWT_SECRET set', { alg: 'HS512' }],
  ];

  it.each(headers)('%s', async (_name, header) => {
    const token = `${b64(header)}.${b64({ iss: issuer, aud: service.mcpUrl, sub: 'x', scope: 'admin', exp: Math.floor(Date.now() / 1000) + 60 })}.c2ln`;
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('counted as invalid_token, with no 5xx', async () => {
    const metrics = await service.metrics!.registry.getSingleMetricAsString('mcp_auth_failures_total');
    expect(metrics).toContain(`mcp_auth_failures_total{reason="invalid_token",service="security-test"} ${headers.length}`);
    const http = await service.metrics!.registry.getSingleMetricAsString('mcp_http_requests_total');
    expect(http).not.toMatch(/status_class="5xx"/);
  });
});

describe('audience and metadata agree', () => {
  let withAudience: RunningService;
  let withPath: RunningService;
  beforeAll(async () => {
    withAudience = await startCoreTestService({ OAUTH_ISSUER: issuer, OAUTH_AUDIENCE: 'https://api.example.com/mcp' });
    withPath = await startCoreTestService({ OAUTH_ISSUER: issuer, PUBLIC_URL: 'https://mcp.example.com/vector-ranking' });
  });
  afterAll(async () => {
    await Promise.all([withAudience.close(), withPath.close()]);
  });

  it('with OAUTH_AUDIENCE the metadata advertises it, and a token for it is accepted', async () => {
    const metadata = (await (await fetch(`${withAudience.url}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string };
    expect(metadata.resource).toBe('https://api.example.com/mcp');
    expect((await whoAmI(withAudience, await providerToken(metadata.resource, 'read'))).status).toBe(200);
  });

  it('with a PUBLIC_URL that has a path, the advertised metadata URL is served', async () => {
    const res = await callToolRaw(withPath.mcpUrl, 'echo_text', { text: 'x' });
    const advertised = /resource_metadata="([^"]+)"/.exec(res.headers.get('www-authenticate') ?? '')?.[1];
    expect(advertised).toBe('https://mcp.example.com/.well-known/oauth-protected-resource/vector-ranking/mcp');
    const served = await fetch(`${withPath.url}${new URL(advertised!).pathname}`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { resource: string }).resource).toBe('https://mcp.example.com/vector-ranking/mcp');
  });
});
