/**
 * readBody on its own: the size bound, the deadline, and reservations in the process's budget of
 * body bytes in flight (declared Content-Length up front, chunked bodies chunk by chunk); and the
 * settings that feed them.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { loadConfig, type ConfigError } from '../config.js';
import { ServiceError } from '../errors.js';
import { BodyBudget, readBody } from './body.js';

/** A request stream with `headers`; the test writes its body. */
function fakeRequest(headers: Record<string, string> = {}): PassThrough & { headers: Record<string, string> } {
  return Object.assign(new PassThrough(), { headers });
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('BodyBudget', () => {
  it('reserves only what fits and releases it', () => {
    const budget = new BodyBudget(1000);
    expect(budget.tryReserve(600)).toBe(true);
    expect(budget.tryReserve(401)).toBe(false);
    expect(budget.tryReserve(400)).toBe(true);
    expect(budget.inUse()).toBe(1000);
    budget.release(600);
    expect(budget.inUse()).toBe(400);
    expect(budget.tryReserve(600)).toBe(true);
  });
});

describe('readBody', () => {
  it('a declared length over the limit is refused before anything is read or reserved', async () => {
    const reserved: number[] = [];
    const error = await refusal(
      readBody(fakeRequest({ 'content-length': '2001' }) as unknown as IncomingMessage, {
        limit: 2000,
        reserve: (n) => (reserved.push(n), true),
      }),
    );
    expect(error.code).toBe('payload_too_large');
    expect(error.data).toEqual({ limitBytes: 2000 });
    expect(reserved).toEqual([]);
  });

  it('reserves the declared length once; a full budget is 503 with Retry-After', async () => {
    const budget = new BodyBudget(150);
    const reserve = (n: number) => budget.tryReserve(n);
    const req = fakeRequest({ 'content-length': '100' });
    const body = readBody(req as unknown as IncomingMessage, { limit: 1000, reserve });
    expect(budget.inUse()).toBe(100);
    const refused = await refusal(
      readBody(fakeRequest({ 'content-length': '51' }) as unknown as IncomingMessage, { limit: 1000, reserve }),
    );
    expect(refused.code).toBe('unavailable');
    expect(refused.headers).toEqual({ 'Retry-After': '1' });
    expect(refused.data).toEqual({ reason: 'body_bytes_in_flight', retryAfterSeconds: 1 });
    req.end(Buffer.alloc(100, 0x61));
    expect((await body).length).toBe(100);
    expect(budget.inUse()).toBe(100); // released by the caller when the response closes
  });

  it('a chunked body reserves chunk by chunk and is refused when the budget runs out', async () => {
    const budget = new BodyBudget(250);
    const req = fakeRequest();
    const body = readBody(req as unknown as IncomingMessage, { limit: 1000, reserve: (n) => budget.tryReserve(n) });
    req.write(Buffer.alloc(200));
    req.write(Buffer.alloc(100));
    const error = await refusal(body);
    expect(error.code).toBe('unavailable');
    expect(budget.inUse()).toBe(200);
  });

  it('a body that stops arriving is refused with request_timeout (408) after timeoutMs', async () => {
    const req = fakeRequest({ 'content-length': '10' });
    const body = readBody(req as unknown as IncomingMessage, { limit: 1000, timeoutMs: 20 });
    req.write('12345');
    const error = await refusal(body);
    expect(error.code).toBe('request_timeout');
    expect(error.httpStatus).toBe(408);
    expect(error.message).toBe('The request body did not arrive within 20 ms');
  });

  it('a custom tooLarge error replaces the 413 (the anonymous bound answers 401)', async () => {
    const req = fakeRequest();
    const body = readBody(req as unknown as IncomingMessage, {
      limit: 10,
      tooLarge: (limit) => new ServiceError('unauthenticated', `at most ${limit}`),
    });
    req.write('01234567890');
    const error = await refusal(body);
    expect([error.code, error.message]).toEqual(['unauthenticated', 'at most 10']);
  });
});

describe('settings of the body limits', () => {
  const base = { NODE_ENV: 'test', MCP_API_KEYS: 'body-test-key-0123456789abcdef0123:c:read' };
  it('defaults: 64 KiB anonymous, 15 s, 64 MiB in flight, 64 requests per client', () => {
    const config = loadConfig(base);
    expect([
      config.ANONYMOUS_MAX_BODY_BYTES,
      config.BODY_TIMEOUT_MS,
      config.MAX_BODY_BYTES_IN_FLIGHT,
      config.MAX_CONCURRENT_REQUESTS_PER_CLIENT,
    ]).toEqual([65_536, 15_000, 67_108_864, 64]);
  });

  it('the in-flight budget defaults to MAX_BODY_BYTES when that is larger, and may not be set below it', () => {
    expect(loadConfig({ ...base, MAX_BODY_BYTES: '100000000' }).MAX_BODY_BYTES_IN_FLIGHT).toBe(100_000_000);
    let problems: string[] = [];
    try {
      loadConfig({ ...base, MAX_BODY_BYTES: '2000000', MAX_BODY_BYTES_IN_FLIGHT: '1000000' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(['MAX_BODY_BYTES_IN_FLIGHT: must be at least MAX_BODY_BYTES (2000000)']);
  });
});
