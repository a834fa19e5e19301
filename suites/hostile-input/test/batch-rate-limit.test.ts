/**
 * Issue #14, item 6: a JSON-RPC batch of N tool calls spends N units of the rate limit, in memory
 * and in Redis (shared by two processes); a batch the budget cannot cover is refused whole and
 * spends nothing; a spent budget is refused from the headers, before the body is read.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { requireExternalService, TEST_KEYS, uniqueKeyPrefix } from '@a2a-mcp/testkit';
import { openRequest, startServiceProcess, type ServiceProcess } from './support/service-process.js';

const SERVICE = 'confidence-calculator';
const TOOL = 'calculate_fallback_confidence';
const redisUrl = requireExternalService('REDIS_URL');
const started: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function start(env: Record<string, string> = {}): Promise<ServiceProcess> {
  const service = await startServiceProcess(SERVICE, {
    MCP_API_KEYS: `${TEST_KEYS.read}:reader:read ${TEST_KEYS.write}:writer:write`,
    USAGE_SINKS: 'none',
    RATE_LIMIT_MAX_REQUESTS: '150',
    RATE_LIMIT_WINDOW_MS: '600000',
    ...env,
  });
  started.push(service);
  return service;
}

const call = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: TOOL, arguments: { scenario: 'partial_evidence' } },
});
const batchOf = (n: number, firstId = 1) => Array.from({ length: n }, (_, i) => call(firstId + i));

interface BatchAnswer {
  status: number;
  ratelimit: string | null;
  retryAfter: string | null;
  /** ids of the JSON-RPC answers (SSE messages) that carry a result. */
  answeredIds: number[];
  error: { code: number; message: string; data?: Record<string, unknown> } | undefined;
}

/** POSTs a 2025-era batch (the revision that has batches) with the reader's key. */
async function postBatch(service: ServiceProcess, body: unknown, key: string = TEST_KEYS.read): Promise<BatchAnswer> {
  const response = await fetch(`${service.url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-03-26',
      'x-api-key': key,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const messages = response.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)) as { id: number; result?: unknown; error?: BatchAnswer['error'] })
    : [JSON.parse(text) as { id: number; result?: unknown; error?: BatchAnswer['error'] }];
  return {
    status: response.status,
    ratelimit: response.headers.get('ratelimit'),
    retryAfter: response.headers.get('retry-after'),
    answeredIds: messages.filter((m) => m.result !== undefined).map((m) => m.id),
    error: messages.find((m) => m.error !== undefined)?.error,
  };
}

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** The budget is spent: a request whose body is withheld is refused from its headers alone. */
async function expectRefusedBeforeBody(service: ServiceProcess, headers: Record<string, string>, tool?: string) {
  const request = await openRequest(service.port, { 'x-api-key': TEST_KEYS.read, ...headers }, '', 2000);
  const answer = await request.answer(10_000);
  expect(answer.status).toBe(429);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.headers.connection).toBe('close');
  expect(JSON.parse(answer.body)).toMatchObject({
    id: null,
    error: { code: -32029, data: { code: 'rate_limited', ...(tool ? { tool } : {}) } },
  });
  return answer;
}

describe('rate limits count tool calls (memory store)', () => {
  it('a batch of 100 calls spends 100 units; one that does not fit is refused whole and spends nothing', async () => {
    const service = await start();
    const first = await postBatch(service, batchOf(100));
    expect(first.status).toBe(200);
    expect(first.answeredIds).toEqual(ids(1, 100));
    expect(first.ratelimit).toMatch(/^limit=150, remaining=50, reset=\d+$/);

    const refused = await postBatch(service, batchOf(100, 101));
    expect(refused.status).toBe(429);
    expect(refused.ratelimit).toMatch(/^limit=150, remaining=50, reset=\d+$/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.error).toMatchObject({
      code: -32029,
      message: 'Rate limit exceeded: the request holds 100 tool calls and 50 remain in this window; retry later or split it',
      data: { code: 'rate_limited', limit: 150, units: 100 },
    });

    const rest = await postBatch(service, batchOf(50, 201));
    expect(rest.status).toBe(200);
    expect(rest.answeredIds).toEqual(ids(201, 50));
    expect(rest.ratelimit).toMatch(/^limit=150, remaining=0, reset=\d+$/);

    const refusedSingle = await postBatch(service, call(300));
    expect(refusedSingle.status).toBe(429);
    await expectRefusedBeforeBody(service, { 'mcp-protocol-version': '2025-03-26' });
    // Another client's budget is its own.
    expect((await postBatch(service, call(1), TEST_KEYS.write)).ratelimit).toMatch(/^limit=150, remaining=149, reset=\d+$/);
  });

  it('a per-tool budget counts the calls of the batch, and a spent one is refused from Mcp-Name before the body', async () => {
    const service = await start({ RATE_LIMIT_TOOL_LIMITS: `${TOOL}=3` });
    const spent = await postBatch(service, batchOf(3));
    expect(spent.status).toBe(200);
    expect(spent.ratelimit).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    const answer = await expectRefusedBeforeBody(
      service,
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': TOOL },
      TOOL,
    );
    expect(answer.headers.ratelimit).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    expect(answer.headers['ratelimit-policy']).toBe('3;w=600');
  });
});

(redisUrl ? describe : describe.skip)('rate limits count tool calls (Redis, two processes)', () => {
  it('batches spend units of one budget shared by both processes', async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: uniqueKeyPrefix('hostile-batch') };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const first = await postBatch(a, batchOf(100));
    expect(first.status).toBe(200);
    expect(first.answeredIds).toEqual(ids(1, 100));
    expect(first.ratelimit).toMatch(/^limit=150, remaining=50, reset=\d+$/);

    const refused = await postBatch(b, batchOf(100, 101));
    expect(refused.status).toBe(429);
    expect(refused.ratelimit).toMatch(/^limit=150, remaining=50, reset=\d+$/);
    expect(refused.error).toMatchObject({ code: -32029, data: { code: 'rate_limited', limit: 150, units: 100 } });

    const rest = await postBatch(b, batchOf(50, 201));
    expect(rest.status).toBe(200);
    expect(rest.ratelimit).toMatch(/^limit=150, remaining=0, reset=\d+$/);
    // a never saw the budget spent: it asks Redis, which refuses; b knows it from its own spend.
    const fromA = await postBatch(a, call(300));
    expect(fromA.status).toBe(429);
    expect(fromA.ratelimit).toMatch(/^limit=150, remaining=0, reset=\d+$/);
    await expectRefusedBeforeBody(b, { 'mcp-protocol-version': '2025-03-26' });
  });
});
