/**
 * An issuer outage degrades instead of locking everyone out: a loopback issuer (discovery + JWKS)
 * that the test takes down and brings back, and a controllable clock to step past the 10-minute
 * cache age without waiting. Every request the issuer receives is counted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createChallenge } from '../src/auth/challenge.js';
import { IssuerKeys, type IssuerKeysOptions } from '../src/auth/issuer-keys.js';
import { createJwtVerifier } from '../src/auth/jwt.js';
import { isServiceError } from '../src/errors.js';
import { BreakerRegistry } from '../src/breakers.js';
import { createMetrics } from '../src/metrics.js';

const AUDIENCE = 'https://mcp.example.com/mcp';
let issuer: string;
let server: Server;
let privateKey: CryptoKey;
let rotatedKey: CryptoKey;
let rotatedPublic: CryptoKey;
let jwks: JWK[];
/** `up`: answers; `down`: 503 for everything; a jwks_uri override for the discovery document. */
let mode: 'up' | 'down' = 'up';
let jwksUri: string | undefined;
let requests: string[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  const rotated = await generateKeyPair('ES256', { extractable: true });
  rotatedKey = rotated.privateKey;
  rotatedPublic = rotated.publicKey;
  jwks = [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mode === 'down') {
      res.writeHead(503).end();
      return;
    }
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: jwksUri ?? `${issuer}/jwks` }));
      return;
    }
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: jwks }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  mode = 'up';
  jwksUri = undefined;
  requests = [];
});

/** A clock the test moves by hand. */
function fakeClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function setup(options: Partial<IssuerKeysOptions> = {}) {
  const clock = fakeClock();
  const keys = new IssuerKeys({ issuer, now: clock.now, ...options });
  const verifier = createJwtVerifier({
    challenge: createChallenge(),
    policy: { now: clock.now },
    oauth: { issuer, audience: () => AUDIENCE, keys, algorithms: ['ES256'] },
  });
  const token = (key = privateKey, kid = 'k1') => {
    const iat = Math.floor(clock.now() / 1000);
    return new SignJWT({ sub: 'agent', scope: 'read' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
  };
  /** The verification's outcome: the principal, or the error code. */
  const verify = async (t: string) => {
    try {
      return (await verifier.verify(t)).clientId;
    } catch (error) {
      return isServiceError(error) ? error.code : 'thrown';
    }
  };
  return { clock, keys, token, verify };
}

const MINUTE = 60_000;

describe('IssuerKeys', () => {
  it('fetches discovery and keys once, then verifies from the cache', async () => {
    const { token, verify } = setup();
    const t = await token();
    expect(await Promise.all([verify(t), verify(t), verify(t)])).toEqual([
      `oauth:${issuer}#agent`,
      `oauth:${issuer}#agent`,
      `oauth:${issuer}#agent`,
    ]);
    expect(requests).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  it('keeps verifying with the last good keys past the cache age while the issuer is down', async () => {
    const { clock, keys, token, verify } = setup();
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    mode = 'down';
    clock.advance(11 * MINUTE); // past the 10-minute cache age
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the background refresh fails
    expect(keys.state()).toMatchObject({ status: 'stale', failures: 1 });
    clock.advance(6 * 60 * MINUTE);
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
  });

  it('past the stale window without the issuer: unavailable (503), not a 401', async () => {
    const { clock, keys, token, verify } = setup({ staleMaxMs: 60 * MINUTE });
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    mode = 'down';
    clock.advance(71 * MINUTE);
    expect(await verify(await token())).toBe('unavailable');
    expect(keys.state().status).toBe('unavailable');
  });

  it('recovers by itself once the issuer is back and the backoff has passed', async () => {
    const { clock, keys, token, verify } = setup({ staleMaxMs: 0 });
    mode = 'down';
    expect(await verify(await token())).toBe('unavailable');
    mode = 'up';
    expect(await verify(await token())).toBe('unavailable'); // within the 1 s backoff: no attempt
    clock.advance(1_000);
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    expect(keys.state()).toMatchObject({ status: 'fresh', failures: 0 });
  });

  it('a failing issuer is tried once per backoff step, not once per token (50 tokens, 1 attempt)', async () => {
    const { clock, token, verify } = setup();
    mode = 'down';
    const t = await token();
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => verify(t)));
    expect(new Set(outcomes)).toEqual(new Set(['unavailable']));
    expect(requests).toEqual(['/.well-known/openid-configuration']);
    // Backoff doubles: 1 s, 2 s, 4 s ...
    clock.advance(1_000);
    await verify(t);
    clock.advance(1_000);
    await verify(t); // 1 s into a 2 s wait: no attempt
    clock.advance(1_000);
    await verify(t);
    expect(requests).toHaveLength(3);
  });

  it('single flight: 20 tokens arriving together while the keys are cold make one fetch', async () => {
    const { token, verify } = setup();
    const t = await token();
    await Promise.all(Array.from({ length: 20 }, () => verify(t)));
    expect(requests).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  it('a token signed with a rotated-in key refetches once per cooldown', async () => {
    const { clock, token, verify } = setup();
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    const foreign = await token(rotatedKey, 'k2');
    expect(await verify(foreign)).toBe('unauthenticated');
    expect(await verify(foreign)).toBe('unauthenticated');
    expect(requests).toEqual(['/.well-known/openid-configuration', '/jwks', '/jwks']);
    // The issuer publishes k2: after the cooldown the next token finds it.
    const saved = jwks;
    jwks = [...saved, { ...(await exportJWK(rotatedPublic)), kid: 'k2', alg: 'ES256', use: 'sig' }];
    clock.advance(30_000);
    expect(await verify(foreign)).toBe(`oauth:${issuer}#agent`);
    jwks = saved;
  });

  it('an unsigned token never reaches the issuer', async () => {
    const { verify } = setup();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(await verify(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`)).toBe('unauthenticated');
    expect(await verify(`${b64({ alg: 'HS256' })}.${b64({ sub: 'x' })}.c2ln`)).toBe('unauthenticated');
    expect(requests).toEqual([]);
  });

  it('production refuses a plain-http jwks_uri found in the metadata (loopback excepted)', async () => {
    jwksUri = 'http://keys.example.net/jwks';
    const { keys, token, verify } = setup({ requireHttps: true });
    expect(await verify(await token())).toBe('unavailable');
    expect(keys.state()).toMatchObject({
      status: 'unavailable',
      lastError: 'the JWKS URL http://keys.example.net is not https:// (refused in production)',
    });
    expect(requests).toEqual(['/.well-known/openid-configuration']);
  });
});

describe('/ready and /status show the issuer', () => {
  it('issuer down: API keys still make the service ready; the check says unavailable', async () => {
    const { startCoreTestService } = await import('./helpers/service.js');
    mode = 'down';
    const service = await startCoreTestService({ OAUTH_ISSUER: issuer });
    try {
      const ready = await fetch(`${service.url}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.oauth_issuer).toBe('unavailable');
      const status = (await (await fetch(`${service.url}/status`)).json()) as {
        oauthIssuer: { status: string; failures: number; lastError?: string };
      };
      expect(status.oauthIssuer.status).toBe('unavailable');
      expect(status.oauthIssuer.lastError).toBeUndefined();
      mode = 'up';
    } finally {
      await service.close();
    }
  });

  it('OAuth as the only credential: unready while no keys can be had', async () => {
    const { startCoreTestService } = await import('./helpers/service.js');
    mode = 'down';
    const service = await startCoreTestService({ OAUTH_ISSUER: issuer, MCP_API_KEYS: undefined });
    try {
      const ready = await fetch(`${service.url}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.oauth_issuer).toBe('unavailable');
    } finally {
      await service.close();
    }
  });
});

describe('the issuer as a circuit breaker (oauth_issuer)', () => {
  const zero = { fires: 0, successes: 0, failures: 0, rejects: 0, timeouts: 0 };

  it('open while failing without fresh keys, half-open once the backoff has run out, closed when keys arrive; the gauge follows', async () => {
    const { clock, keys, token, verify } = setup({ staleMaxMs: 0 });
    const metrics = createMetrics({ service: 'test', defaults: false });
    const breakers = new BreakerRegistry({ metrics });
    keys.onChange(
      breakers.register('oauth_issuer', {
        state: () => keys.breakerState(),
        stats: () => keys.breakerStats(),
        reset: () => void keys.retryNow(),
      }),
    );
    const gauge = async () => (await metrics.circuitBreakerState.get()).values.find((v) => v.labels.breaker === 'oauth_issuer')?.value;
    expect(breakers.snapshot()).toEqual({ oauth_issuer: { state: 'closed', stats: zero } });
    expect(await gauge()).toBe(0);
    const t = await token();

    mode = 'down';
    expect(await verify(t)).toBe('unavailable');
    expect(breakers.snapshot().oauth_issuer).toEqual({ state: 'open', stats: { ...zero, fires: 1, failures: 1 } });
    expect(await gauge()).toBe(2);
    expect(await verify(t)).toBe('unavailable'); // within the 1 s backoff: refused without contacting the issuer
    expect(breakers.snapshot().oauth_issuer).toEqual({ state: 'open', stats: { ...zero, fires: 1, failures: 1, rejects: 1 } });
    expect(requests).toEqual(['/.well-known/openid-configuration']);

    clock.advance(1_000); // the backoff has run out: the next request is the trial
    expect(breakers.snapshot().oauth_issuer?.state).toBe('half_open');
    expect(await gauge()).toBe(1);
    mode = 'up';
    expect(await verify(t)).toBe(`oauth:${issuer}#agent`);
    expect(breakers.snapshot().oauth_issuer).toEqual({
      state: 'closed',
      stats: { ...zero, fires: 2, successes: 1, failures: 1, rejects: 1 },
    });
    expect(await gauge()).toBe(0);
  });

  it('stale keys in use past the cache age with the issuer down: open (requests do not contact it); reset retries at once and closes it', async () => {
    const { clock, keys, token, verify } = setup();
    const breakers = new BreakerRegistry();
    keys.onChange(
      breakers.register('oauth_issuer', {
        state: () => keys.breakerState(),
        stats: () => keys.breakerStats(),
        reset: () => void keys.retryNow(),
      }),
    );
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`);
    mode = 'down';
    clock.advance(11 * MINUTE);
    expect(await verify(await token())).toBe(`oauth:${issuer}#agent`); // the last good keys
    await keys.warm(); // the background refresh that request started (single flight): it fails
    expect(keys.state().status).toBe('stale');
    expect(breakers.snapshot().oauth_issuer?.state).toBe('open');
    // Fresh keys make it closed whatever the failures: a failed rotation refetch is not an outage.
    mode = 'up';
    expect(breakers.reset('oauth_issuer')).toEqual(['oauth_issuer']);
    expect(breakers.snapshot().oauth_issuer?.state).toBe('half_open'); // the retry is in flight
    await keys.warm();
    expect(breakers.snapshot().oauth_issuer).toEqual({
      state: 'closed',
      stats: { fires: 3, successes: 2, failures: 1, rejects: 0, timeouts: 0 },
    });
    expect(keys.state()).toMatchObject({ status: 'fresh', failures: 0 });
  });

  it('a service lists it with its breakers: GET /circuit-breakers, /status; POST /circuit-breakers/reset?name=oauth_issuer retries', async () => {
    const { startCoreTestService, KEYS } = await import('./helpers/service.js');
    mode = 'down';
    const service = await startCoreTestService({ OAUTH_ISSUER: issuer });
    try {
      await fetch(`${service.url}/ready`); // the first attempt (fails)
      const listed = (await (await fetch(`${service.url}/circuit-breakers`)).json()) as {
        breakers: Record<string, { state: string; stats: Record<string, number> }>;
      };
      expect(listed.breakers.oauth_issuer).toEqual({
        state: 'open',
        stats: { fires: 1, successes: 0, failures: 1, rejects: 0, timeouts: 0 },
      });
      const status = (await (await fetch(`${service.url}/status`)).json()) as { breakers: Record<string, string> };
      expect(status.breakers.oauth_issuer).toBe('open');
      mode = 'up';
      const reset = await fetch(`${service.url}/circuit-breakers/reset?name=oauth_issuer`, {
        method: 'POST',
        headers: { 'x-api-key': KEYS.admin },
      });
      expect(reset.status).toBe(200);
      expect(((await reset.json()) as { reset: string[] }).reset).toEqual(['oauth_issuer']);
      let state = '';
      for (let i = 0; i < 100 && state !== 'closed'; i++) {
        state = ((await (await fetch(`${service.url}/circuit-breakers`)).json()) as { breakers: Record<string, { state: string }> })
          .breakers.oauth_issuer!.state;
        if (state !== 'closed') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(state).toBe('closed');
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(/^mcp_circuit_breaker_state\{[^}]*breaker="oauth_issuer"[^}]*\} 0$/m);
    } finally {
      mode = 'up';
      await service.close();
    }
  });
});
