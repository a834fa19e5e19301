/**
 * Token holders against transport-layer (issue #21): an OAuth token cannot take the identity of an
 * API-key client, of its dead-letter mailbox or of another end user of the same OAuth client, and
 * `from` shows who really sent a message. Then a fuzz of the JOSE header and claims (types, sizes,
 * duplicate keys): every forged token is a 401, never a 5xx, and the service keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { RunningService } from '@a2a-mcp/core';
import { legacyHeaders, mcpPost, modernEnvelope, modernHeaders, startTestService, TEST_KEYS, type RawResponse } from '@a2a-mcp/testkit';
import { createTransportLayerService } from '@a2a-mcp/transport-layer';

const JWT_SECRET = 'hostile-oauth-secret-0123456789abcdef0123';
let issuer: string;
let issuerServer: Server;
let issuerRequests = 0;
let privateKey: CryptoKey;
let service: RunningService;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  issuerServer = createServer((req, res) => {
    issuerRequests++;
    if (req.url === '/.well-known/openid-configuration')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  service = await startTestService(createTransportLayerService(), { env: { OAUTH_ISSUER: issuer, OAUTH_ALGORITHMS: 'ES256', JWT_SECRET } });
});
afterAll(async () => {
  await service.close();
  issuerServer.closeAllConnections();
  await new Promise((resolve) => issuerServer.close(resolve));
});

function token(claims: Record<string, unknown>): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'read write', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(service.mcpUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(privateKey);
}

function call(name: string, args: Record<string, unknown>, credential: { bearer: string } | { key: string }): Promise<RawResponse> {
  const auth: Record<string, string> =
    'bearer' in credential ? { authorization: `Bearer ${credential.bearer}` } : { 'x-api-key': credential.key };
  return mcpPost(
    service.mcpUrl,
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, _meta: modernEnvelope } },
    { ...modernHeaders('tools/call', name), ...auth },
  );
}

interface ToolResult {
  structuredContent?: { messages?: { body: unknown; from: string }[]; mailbox?: string };
  isError?: boolean;
  _meta?: { 'a2a-mcp/error'?: { code: string } };
}
const resultOf = (res: RawResponse) => (res.json as { result: ToolResult }).result;

describe('qualified principals (transport-layer mailboxes)', () => {
  it('an OAuth token with client_id "writer" cannot read the API-key client writer\'s mailbox', async () => {
    expect(
      resultOf(await call('send_message', { to: 'writer', body: JSON.stringify('for the API-key writer only') }, { key: TEST_KEYS.admin }))
        .isError,
    ).toBeUndefined();
    const impostor = await token({ client_id: 'writer' });
    const res = await call('receive_messages', { mailbox: 'writer', max: 10 }, { bearer: impostor });
    expect(res.status).toBe(403);
    // The real writer still gets it.
    const mine =
      resultOf(await call('receive_messages', { mailbox: 'writer', max: 10 }, { key: TEST_KEYS.write })).structuredContent?.messages ?? [];
    expect(mine.map((m) => m.body)).toEqual(['for the API-key writer only']);
  });

  it('a message sent with client_id "ops" arrives from oauth:<issuer>#ops, not from "ops"', async () => {
    await call('send_message', { to: 'writer', body: JSON.stringify('who sent me?') }, { bearer: await token({ client_id: 'ops' }) });
    const received =
      resultOf(await call('receive_messages', { mailbox: 'writer', max: 10 }, { key: TEST_KEYS.write })).structuredContent?.messages ?? [];
    expect(received.find((m) => m.body === 'who sent me?')?.from).toBe(`oauth:${issuer}#ops`);
  });

  it('an HS256 sub of dead-letter:writer is jwt:dead-letter:writer and cannot read that mailbox', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({ scope: 'write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dead-letter:writer')
      .setIssuer('a2a-mcp')
      .setAudience('a2a-mcp')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await call('receive_messages', { mailbox: 'dead-letter:writer', max: 1 }, { bearer: hs });
    expect(res.status).toBe(403);
  });

  it('two end users of one OAuth client (same azp) have mailboxes of their own', async () => {
    const alice = await token({ sub: 'alice', azp: 'agent-ui' });
    const bob = await token({ sub: 'bob', azp: 'agent-ui' });
    await call('send_message', { to: `oauth:${issuer}#alice`, body: JSON.stringify('private to alice') }, { key: TEST_KEYS.write });
    expect((await call('receive_messages', { mailbox: `oauth:${issuer}#alice`, max: 10 }, { bearer: bob })).status).toBe(403);
    const hers =
      resultOf(await call('receive_messages', { mailbox: `oauth:${issuer}#alice`, max: 10 }, { bearer: alice })).structuredContent
        ?.messages ?? [];
    expect(hers.map((m) => m.body)).toEqual(['private to alice']);
  });
});

describe("another client's mailbox without admin: 403 insufficient_scope before the tool runs (issue #21 item 8)", () => {
  const ERAS = {
    '2026-07-28': (name: string, args: Record<string, unknown>) => ({
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, _meta: modernEnvelope } },
      headers: modernHeaders('tools/call', name),
    }),
    '2025-11-25': (name: string, args: Record<string, unknown>) => ({
      body: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } },
      headers: legacyHeaders('2025-11-25'),
    }),
  };
  function callIn(
    era: keyof typeof ERAS,
    args: Record<string, unknown>,
    credential: { bearer: string } | { key: string },
  ): Promise<RawResponse> {
    const auth: Record<string, string> =
      'bearer' in credential ? { authorization: `Bearer ${credential.bearer}` } : { 'x-api-key': credential.key };
    const { body, headers } = ERAS[era]('receive_messages', args);
    return mcpPost(service.mcpUrl, body, { ...headers, ...auth });
  }
  const challenge = () =>
    `Bearer realm="a2a-mcp", resource_metadata="${service.url}/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", scope="admin", error_description="Tool receive_messages needs the admin permission"`;

  describe.each(Object.keys(ERAS) as (keyof typeof ERAS)[])('%s', (era) => {
    it('an API-key client with write, and an OAuth token with read write, get 403 with the admin challenge; nothing is leased', async () => {
      await call('send_message', { to: 'operator', body: JSON.stringify(`for operator only (${era})`) }, { key: TEST_KEYS.write });
      const carol = await token({ sub: 'carol' });
      for (const credential of [{ key: TEST_KEYS.write }, { bearer: carol }]) {
        for (const mailbox of ['operator', 'dead-letter:operator']) {
          const res = await callIn(era, { mailbox, max: 10 }, credential);
          expect({ status: res.status, challenge: res.headers.get('www-authenticate') }).toEqual({ status: 403, challenge: challenge() });
          expect((res.json as { error: { code: number; message: string } }).error.message).toBe(
            'Tool receive_messages needs the "admin" permission',
          );
        }
      }
      // Nothing was leased by the refused calls: the owner (admin) gets the message on first delivery.
      const own =
        resultOf(await callIn(era, { mailbox: 'operator', max: 10, visibility_timeout_s: 60 }, { key: TEST_KEYS.admin })).structuredContent
          ?.messages ?? [];
      expect(
        own
          .filter((m) => m.body === `for operator only (${era})`)
          .map((m) => ({ from: m.from, delivery_count: (m as { delivery_count?: number }).delivery_count })),
      ).toEqual([{ from: 'writer', delivery_count: 1 }]);
    });

    it('the owner still reads its own mailbox and its dead-letter mailbox (200), with an API key and with a token', async () => {
      await call('send_message', { to: 'writer', body: JSON.stringify(`mine (${era})`) }, { key: TEST_KEYS.admin });
      const mine = await callIn(era, { mailbox: 'writer', max: 10 }, { key: TEST_KEYS.write });
      expect(mine.status).toBe(200);
      expect((resultOf(mine).structuredContent?.messages ?? []).map((m) => m.body)).toContain(`mine (${era})`);
      expect((await callIn(era, { mailbox: 'dead-letter:writer', max: 1 }, { key: TEST_KEYS.write })).status).toBe(200);
      const dave = await token({ sub: 'dave' });
      await call('send_message', { to: `oauth:${issuer}#dave`, body: JSON.stringify(`dave's (${era})`) }, { key: TEST_KEYS.write });
      const his = await callIn(era, { mailbox: `oauth:${issuer}#dave`, max: 10 }, { bearer: dave });
      expect(his.status).toBe(200);
      expect((resultOf(his).structuredContent?.messages ?? []).map((m) => m.body)).toEqual([`dave's (${era})`]);
      expect((await callIn(era, { mailbox: `dead-letter:oauth:${issuer}#dave`, max: 1 }, { bearer: dave })).status).toBe(200);
    });
  });
});

describe('fuzzed JOSE headers and claims', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  /** Header or payload text: arbitrary JSON values, objects with wrong field types, duplicate keys, huge values. */
  const segment = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc
      .record({
        alg: fc.oneof(fc.constantFrom('ES256', 'HS256', 'RS256', 'none', 'HS512', 'EdDSA'), fc.jsonValue({ maxDepth: 1 })),
        kid: fc.option(fc.jsonValue({ maxDepth: 1 })),
        typ: fc.option(fc.jsonValue({ maxDepth: 1 })),
        crit: fc.option(fc.array(fc.string())),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .tuple(fc.constantFrom('alg', 'kid', 'sub', 'iss', 'exp', 'scope'), fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([k, a, b]) => `{"${k}":${JSON.stringify(a)},"alg":"ES256","${k}":${JSON.stringify(b)}}`),
    fc.integer({ min: 1, max: 2000 }).map((n) => JSON.stringify({ alg: 'ES256', kid: 'k'.repeat(n), sub: 's'.repeat(n) })),
    fc.string(),
  );

  it('every forged token is 401 invalid_token; no 5xx; the issuer is asked at most once', async () => {
    const before = issuerRequests;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.string({ maxLength: 64 }), async (header, payload, signature) => {
        const res = await call(
          'send_message',
          { to: 'reader', body: JSON.stringify('x') },
          { bearer: `${b64(header)}.${b64(payload)}.${b64(signature)}` },
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      }),
      { numRuns: 300, seed: 20261207 },
    );
    expect([...statuses.keys()]).toEqual([401]);
    // Keys were fetched earlier in this file and are fresh: forged tokens reach the issuer only as
    // an unknown kid's rotation refetch, at most once per 30 s cooldown.
    expect(issuerRequests - before).toBeLessThanOrEqual(1);
    // Still serving.
    expect(
      resultOf(await call('send_message', { to: 'reader', body: JSON.stringify('after the fuzz') }, { key: TEST_KEYS.write })).isError,
    ).toBeUndefined();
  });
});
