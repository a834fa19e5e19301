/**
 * The limiter alone, in memory, on a fake clock: units per tool call, all-or-nothing admission of a
 * batch, per-tool budgets, the header-only `admit`, and the draft-7 headers.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { anonymousIdentity, expandPermissions, type Identity } from '../auth/identity.js';
import { isServiceError, type ServiceError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createRateLimiter, rateLimitUnits } from './rate-limit.js';

const identity: Identity = { clientId: 'agent-1', permissions: expandPermissions(['read']), authType: 'api_key' };
const call = (name: string, id = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });
const batch = (name: string, n: number) => Array.from({ length: n }, (_, i) => call(name, i + 1));

function exchange(headers: Record<string, string> = {}): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

function limiter(options: { limit: number; toolLimits?: Record<string, number> }) {
  const clock = { now: 1_000_000 };
  const rateLimiter = createRateLimiter({
    service: 'unit',
    windowMs: 60_000,
    ...options,
    logger: createLogger({ service: 'unit', level: 'silent' }),
    now: () => clock.now,
  });
  /** Spends `message`; the RateLimit header, or the refusal. */
  const spend = async (
    message: unknown,
    who: Identity = identity,
  ): Promise<{ header: string | undefined; refused: ServiceError | undefined }> => {
    const { req, res } = exchange();
    try {
      await rateLimiter.check({ req, res, identity: who, message });
      return { header: res.getHeader('ratelimit') as string | undefined, refused: undefined };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      return { header: undefined, refused: error };
    }
  };
  const admit = (headers: Record<string, string> = {}, who: Identity = identity): ServiceError | undefined => {
    try {
      rateLimiter.admit({ req: exchange(headers).req, identity: who });
      return undefined;
    } catch (error) {
      if (!isServiceError(error)) throw error;
      return error;
    }
  };
  return { clock, spend, admit };
}

describe('rateLimitUnits', () => {
  it('counts one unit per tools/call, at least one per request', () => {
    expect(rateLimitUnits(call('a')).total).toBe(1);
    expect(rateLimitUnits({ jsonrpc: '2.0', id: 1, method: 'tools/list' }).total).toBe(1);
    expect(rateLimitUnits(undefined).total).toBe(1);
    const mixed = rateLimitUnits([
      ...batch('a', 3),
      call('b'),
      { jsonrpc: '2.0', id: 9, method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    ]);
    expect(mixed.total).toBe(4);
    expect([...mixed.byTool]).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });
});

describe('createRateLimiter (memory)', () => {
  it('a batch of N tool calls spends N units; one that does not fit is refused whole and spends nothing', async () => {
    const { spend } = limiter({ limit: 150 });
    expect((await spend(batch('echo', 100))).header).toBe('limit=150, remaining=50, reset=60');
    const refused = (await spend(batch('echo', 100))).refused!;
    expect(refused.code).toBe('rate_limited');
    expect(refused.message).toBe(
      'Rate limit exceeded: the request holds 100 tool calls and 50 remain in this window; retry later or split it',
    );
    expect(refused.data).toEqual({ retryAfterSeconds: 60, limit: 150, units: 100 });
    expect(refused.headers).toEqual({
      RateLimit: 'limit=150, remaining=50, reset=60',
      'RateLimit-Policy': '150;w=60',
      'Retry-After': '60',
    });
    expect((await spend(batch('echo', 50))).header).toBe('limit=150, remaining=0, reset=60');
    expect((await spend(call('echo'))).refused?.headers?.RateLimit).toBe('limit=150, remaining=0, reset=60');
  });

  it('a batch larger than the whole budget says so', async () => {
    const { spend } = limiter({ limit: 10 });
    const refused = (await spend(batch('echo', 11))).refused!;
    expect(refused.message).toBe('Rate limit: the request holds 11 tool calls, more than the 10 allowed per 60 s; split it');
    expect((await spend(call('echo'))).header).toBe('limit=10, remaining=9, reset=60');
  });

  it('per-tool budgets count the calls of that tool in the batch, and their header is the one shown', async () => {
    const { spend } = limiter({ limit: 1000, toolLimits: { costly: 5 } });
    expect((await spend([...batch('costly', 3), call('cheap')])).header).toBe('limit=5, remaining=2, reset=60');
    const refused = (await spend(batch('costly', 3))).refused!;
    expect(refused.data).toEqual({ retryAfterSeconds: 60, limit: 5, units: 3, tool: 'costly' });
    // Nothing was spent by the refusal, of either budget.
    expect((await spend(batch('costly', 2))).header).toBe('limit=5, remaining=0, reset=60');
    expect((await spend(call('cheap'))).header).toBe('limit=1000, remaining=993, reset=60');
  });

  it('admit refuses from the headers alone once a budget is spent, until its window ends', async () => {
    const { spend, admit, clock } = limiter({ limit: 2, toolLimits: { costly: 1 } });
    expect(admit()).toBeUndefined();
    await spend(call('costly'));
    expect(admit({ 'mcp-method': 'tools/call', 'mcp-name': 'costly' })?.data).toEqual({
      retryAfterSeconds: 60,
      limit: 1,
      units: 1,
      tool: 'costly',
    });
    expect(admit({ 'mcp-method': 'tools/call', 'mcp-name': 'other' })).toBeUndefined();
    await spend(call('other'));
    clock.now += 15_000;
    const refused = admit()!;
    expect(refused.headers).toEqual({ RateLimit: 'limit=2, remaining=0, reset=45', 'RateLimit-Policy': '2;w=60', 'Retry-After': '45' });
    // Another client, and the same client in the next window, are admitted.
    expect(admit({}, anonymousIdentity('127.0.0.1'))).toBeUndefined();
    clock.now += 45_000;
    expect(admit()).toBeUndefined();
    expect((await spend(call('other'))).header).toBe('limit=2, remaining=1, reset=60');
  });
});
