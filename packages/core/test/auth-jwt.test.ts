/**
 * HS256 tokens minted by the operator with JWT_SECRET: accepted with the right issuer, audience and
 * lifetime, refused otherwise with an exact 401 and WWW-Authenticate.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { mintJwt } from '../src/auth/jwt.js';
import { runMintJwt } from '../src/auth/mint-cli.js';
import { ConfigError } from '../src/config.js';
import type { RunningService } from '../src/runtime.js';
import { ERAS } from './helpers/clients.js';
import { callToolRaw, rawCall, startCoreTestService, toolNames } from './helpers/service.js';

const SECRET = 'hs256-test-secret-0123456789abcdef-0123456789';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const rejected = (description: string) => `Bearer realm="a2a-mcp", error="invalid_token", error_description="${description}"`;

function sign(
  claims: Record<string, unknown>,
  {
    secret = SECRET,
    iss = 'a2a-mcp',
    aud = 'a2a-mcp',
    exp = '1h',
  }: { secret?: string; iss?: string; aud?: string; exp?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ci-job')
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

let service: RunningService;
beforeAll(async () => {
  service = await startCoreTestService({ JWT_SECRET: SECRET });
});
afterAll(async () => {
  await service.close();
});

describe('HS256 JWT', () => {
  it('accepts a token from mintJwt and takes the client id from sub', async () => {
    const token = await mintJwt({ secret: SECRET, clientId: 'ci-job', permissions: ['write'] });
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'hi' }, bearer(token));
    expect(res.status).toBe(200);
    expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({ echo: 'hi', client: 'jwt:ci-job' });
    const write = await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' }, bearer(token));
    expect(write.status).toBe(200);
  });

  it.each(ERAS)('works through the %s client', async (_era, connect) => {
    const client = await connect(service.mcpUrl, bearer(await mintJwt({ secret: SECRET, clientId: 'agent-7', permissions: ['read'] })));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo_text']);
    expect((await client.callTool('echo_text', { text: 'x' })).structuredContent).toEqual({ echo: 'x', client: 'jwt:agent-7' });
    await client.close();
  });

  it('maps a space-separated scope claim to permissions', async () => {
    const token = await sign({ scope: 'openid mcp:write' });
    expect(toolNames(await rawCall(service.mcpUrl, 'tools/list', {}, bearer(token)))).toEqual(['echo_text', 'save_note']);
  });

  it('refuses a token signed with another secret', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await sign({ permissions: ['read'] }, { secret: 'another-secret-0123456789abcdef-0123456789' })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token signature is invalid'));
  });

  it('refuses an expired token (beyond the 30 s leeway)', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await sign({ permissions: ['read'] }, { exp: Math.floor(Date.now() / 1000) - 120 })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token has expired'));
  });

  it('refuses the wrong issuer and the wrong audience', async () => {
    const iss = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await sign({ permissions: ['read'] }, { iss: 'someone-else' })),
    );
    expect(iss.status).toBe(401);
    expect(iss.headers.get('www-authenticate')).toBe(rejected('The token was issued by an untrusted issuer'));
    const aud = await callToolRaw(
      service.mcpUrl,
      'echo_text',
      { text: 'x' },
      bearer(await sign({ permissions: ['read'] }, { aud: 'other-api' })),
    );
    expect(aud.status).toBe(401);
    expect(aud.headers.get('www-authenticate')).toBe(rejected('The token is not meant for this resource'));
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ permissions: ['read'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('a2a-mcp')
      .setAudience('a2a-mcp')
      .sign(new TextEncoder().encode(SECRET));
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected("The token's exp claim is missing"));
  });

  it('refuses alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', iss: 'a2a-mcp', aud: 'a2a-mcp', exp: Math.floor(Date.now() / 1000) + 600, permissions: ['admin'] }),
    ).toString('base64url');
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, bearer(`${header}.${payload}.`));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(rejected('The token is signed with an algorithm that is not allowed'));
  });

  it('403 insufficient_scope for a read token on a write tool', async () => {
    const res = await callToolRaw(
      service.mcpUrl,
      'save_note',
      { note: 'n' },
      bearer(await mintJwt({ secret: SECRET, clientId: 'r', permissions: ['read'] })),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", error="insufficient_scope", scope="write", error_description="Tool save_note needs the write permission"',
    );
  });

  it('counts failures in mcp_auth_failures_total by reason', async () => {
    const text = await service.metrics!.registry.getSingleMetricAsString('mcp_auth_failures_total');
    expect(text).toContain('mcp_auth_failures_total{reason="expired",service="security-test"} 1');
    expect(text).toContain('mcp_auth_failures_total{reason="invalid_token",service="security-test"} 5');
    expect(text).toContain('mcp_auth_failures_total{reason="insufficient_permission",service="security-test"} 1');
  });
});

describe('a2a-mint-jwt', () => {
  it('mints a token the service accepts, with the configured lifetime', async () => {
    const token = await runMintJwt(['--client', 'cli-job', '--permissions', 'write', '--hours', '2'], { JWT_SECRET_KEY: SECRET });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      exp: number;
      iat: number;
      sub: string;
      iss: string;
      aud: string;
      scope: string;
      permissions: string[];
    };
    expect({ ...claims, lifetime: claims.exp - claims.iat, exp: undefined, iat: undefined }).toEqual({
      sub: 'cli-job',
      iss: 'a2a-mcp',
      aud: 'a2a-mcp',
      scope: 'write',
      permissions: ['write'],
      lifetime: 7200,
    });
    expect((await callToolRaw(service.mcpUrl, 'save_note', { note: 'n' }, bearer(token))).status).toBe(200);
  });

  it('names what is missing', async () => {
    await expect(runMintJwt(['--permissions', 'root'], {})).rejects.toThrow(
      new ConfigError(['--client: required', '--permissions: one or more of read, write, admin', 'JWT_SECRET: required to mint a token']),
    );
  });
});
