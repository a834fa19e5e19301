/** Circuit breakers: opening, fail-fast errors, the endpoints, the gauge and the admin-only reset. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { BreakerRegistry, defineService, defineTool, ServiceError, startService, type RunningService } from '../src/index.js';
import { callToolRaw, coreTestConfig, KEYS } from './helpers/service.js';

const failing = () => Promise.reject(new Error('upstream down'));

describe('BreakerRegistry', () => {
  it('opens after the failure threshold and then fails fast with a retryable unavailable error', async () => {
    const breakers = new BreakerRegistry({ defaults: { volumeThreshold: 2, failureThresholdPercent: 50, resetTimeoutMs: 60_000 } });
    await expect(breakers.fire('api', failing)).rejects.toThrow('upstream down');
    expect(breakers.get('api').state()).toBe('closed');
    await expect(breakers.fire('api', failing)).rejects.toThrow('upstream down');
    expect(breakers.get('api').state()).toBe('open');
    let called = false;
    const error = await breakers.fire('api', () => ((called = true), Promise.resolve(1))).catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('unavailable');
    expect((error as ServiceError).retryable).toBe(true);
    expect(breakers.reset('api')).toEqual(['api']);
    await expect(breakers.fire('api', () => Promise.resolve(42))).resolves.toBe(42);
    breakers.shutdown();
  });

  it('does not count errors the caller caused', async () => {
    const breakers = new BreakerRegistry({ defaults: { volumeThreshold: 1 } });
    for (let i = 0; i < 3; i++)
      await expect(breakers.fire('api', () => Promise.reject(new ServiceError('invalid_arguments', 'bad')))).rejects.toThrow('bad');
    expect(breakers.get('api').state()).toBe('closed');
    breakers.shutdown();
  });

  it('fails a slow call with timeout', async () => {
    const breakers = new BreakerRegistry({ defaults: { timeoutMs: 20 } });
    await expect(breakers.fire('slow', () => new Promise((resolve) => setTimeout(resolve, 200)))).rejects.toMatchObject({
      code: 'timeout',
    });
    breakers.shutdown();
  });
});

describe('circuit breakers over HTTP', () => {
  let service: RunningService;
  afterAll(async () => {
    await service?.close();
  });

  const definition = defineService({
    name: 'breaker-test',
    version: '1.0.0',
    tools: [
      defineTool({
        name: 'call_upstream',
        description: 'Calls an upstream that is down, through ctx.breakers.',
        permission: 'read',
        annotations: { readOnlyHint: true },
        input: z.object({}),
        output: z.object({ ok: z.boolean() }),
        handler: async (_input, ctx) => {
          await ctx.breakers!.fire('upstream', failing);
          return { ok: true };
        },
      }),
    ],
  });

  it('shows an open breaker on /circuit-breakers and in the gauge; reset needs admin and closes it', async () => {
    service = await startService(definition, {
      config: coreTestConfig({
        CIRCUIT_BREAKER_VOLUME_THRESHOLD: '2',
        CIRCUIT_BREAKER_FAILURE_THRESHOLD: '50%',
        CIRCUIT_BREAKER_RESET_TIMEOUT: '60000',
      }),
      port: 0,
    });
    const headers = { 'x-api-key': KEYS.read };
    for (let i = 0; i < 2; i++)
      expect((await callToolRaw(service.mcpUrl, 'call_upstream', {}, headers)).json).toMatchObject({ result: { isError: true } });
    const refused = await callToolRaw(service.mcpUrl, 'call_upstream', {}, headers);
    expect(refused.json).toMatchObject({ result: { isError: true, _meta: { 'a2a-mcp/error': { code: 'unavailable', retryable: true } } } });

    const listed = (await fetch(`${service.url}/circuit-breakers`).then((r) => r.json())) as {
      breakers: Record<string, { state: string; stats: { failures: number; rejects: number } }>;
    };
    expect(listed.breakers.upstream).toMatchObject({ state: 'open', stats: { failures: 2, rejects: 1 } });
    expect(await fetch(`${service.url}/metrics`).then((r) => r.text())).toMatch(
      /mcp_circuit_breaker_state\{breaker="upstream",service="breaker-test"\} 2/,
    );
    const status = (await fetch(`${service.url}/status`).then((r) => r.json())) as { breakers: Record<string, string> };
    expect(status.breakers).toEqual({ upstream: 'open' });

    const reset = (key?: string) =>
      fetch(`${service.url}/circuit-breakers/reset`, { method: 'POST', headers: key ? { 'x-api-key': key } : {} });
    expect((await reset()).status).toBe(401);
    expect((await reset(KEYS.read)).status).toBe(403);
    const done = await reset(KEYS.admin);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ reset: ['upstream'], breakers: { upstream: { state: 'closed' } } });
    expect(await fetch(`${service.url}/metrics`).then((r) => r.text())).toMatch(
      /mcp_circuit_breaker_state\{breaker="upstream",service="breaker-test"\} 0/,
    );
  });
});
