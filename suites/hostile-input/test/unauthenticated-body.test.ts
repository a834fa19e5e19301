/**
 * Issue #14, item 1: bodies that cost memory before anyone is authenticated, bodies that never
 * end, and one client holding the process's body memory or every slot. Real service processes
 * (confidence-calculator, cheap tools), raw sockets for the bodies, RSS read from /proc.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_KEYS } from '@a2a-mcp/testkit';
import {
  memoryOf,
  openRequest,
  startServiceProcess,
  toolCallBody,
  toolCallHeaders,
  type PendingRequest,
  type ServiceProcess,
} from './support/service-process.js';

const SERVICE = 'confidence-calculator';
const TOOL = 'calculate_fallback_confidence';
const KEYS_ENV = {
  MCP_API_KEYS: `${TEST_KEYS.read}:reader:read ${TEST_KEYS.write}:writer:write ${TEST_KEYS.admin}:operator:admin`,
  USAGE_SINKS: 'none',
};
const MiB = 1024 * 1024;
const CHALLENGE = 'Bearer realm="a2a-mcp"';

/** One legitimate tools/call; its status and structured result. */
async function legitimateCall(service: ServiceProcess): Promise<{ status: number; confidence: unknown }> {
  const response = await fetch(`${service.url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...toolCallHeaders(TOOL, TEST_KEYS.read),
    },
    body: JSON.stringify(toolCallBody(TOOL, { scenario: 'partial_evidence' })),
  });
  const json = (await response.json()) as { result?: { structuredContent?: { confidence?: unknown } } };
  return { status: response.status, confidence: json.result?.structuredContent?.confidence };
}

describe('without credentials, no body byte is read (no public tools)', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess(SERVICE, KEYS_ENV);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('answers 401 with the challenge at once, before the declared body arrives, and closes the connection', async () => {
    const request = await openRequest(service.port, {}, '{"jsonrpc":"2.0","id":1,', 4_000_000);
    const answer = await request.answer(10_000);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(CHALLENGE);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32001,
        message: 'Authentication required: send X-API-Key or Authorization: Bearer',
        data: { code: 'unauthenticated' },
      },
    });
  });

  it('300 connections each sending 4 MB without credentials leave the process within 64 MiB of where it was, and a legitimate caller is served throughout', async () => {
    const before = memoryOf(service.pid);
    const body = Buffer.alloc(4_000_000, 0x20); // one buffer, shared by every connection
    const statuses: number[] = [];
    const legitimate: number[] = [];
    let flooding = true;
    const caller = (async () => {
      while (flooding) legitimate.push((await legitimateCall(service)).status);
    })();
    for (let wave = 0; wave < 3; wave++) {
      const requests = await Promise.all(Array.from({ length: 100 }, () => openRequest(service.port, {}, body, body.length)));
      for (const answer of await Promise.all(requests.map((r) => r.answer(30_000)))) statuses.push(answer.status);
      requests.forEach((r) => r.destroy());
    }
    flooding = false;
    await caller;
    legitimate.push((await legitimateCall(service)).status);
    const after = memoryOf(service.pid);
    // The high-water mark: the flood never held the bodies, not even for a moment.
    expect(after.peak - before.rss).toBeLessThan(64 * MiB);
    expect(statuses).toHaveLength(300);
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(legitimate.length).toBeGreaterThan(0);
    expect(new Set(legitimate)).toEqual(new Set([200]));
    expect(service.child.exitCode).toBeNull();
  });
});

describe('with public tools, anonymous bodies are bounded by ANONYMOUS_MAX_BODY_BYTES', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess(SERVICE, { ...KEYS_ENV, PUBLIC_TOOLS: TOOL, ANONYMOUS_MAX_BODY_BYTES: '4096' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('serves a small anonymous call to a public tool', async () => {
    const body = JSON.stringify(toolCallBody(TOOL, { scenario: 'partial_evidence' }));
    const answer = await (await openRequest(service.port, toolCallHeaders(TOOL), body, Buffer.byteLength(body))).answer();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { structuredContent: { scenario: 'partial_evidence', confidence: 0.5 } } });
  });

  it('a declared body over the bound: 401 with the challenge, before reading it', async () => {
    const answer = await (await openRequest(service.port, toolCallHeaders(TOOL), '', 4097)).answer(10_000);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(CHALLENGE);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: -32001, data: { code: 'unauthenticated', anonymousLimitBytes: 4096 } },
    });
  });

  it('a chunked body that grows past the bound: 401 as soon as it does, and the connection closes', async () => {
    const request = await openRequest(
      service.port,
      toolCallHeaders(TOOL),
      `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${TOOL}","arguments":{"scenario":"${'x'.repeat(5000)}`,
    );
    const answer = await request.answer(10_000);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(CHALLENGE);
    expect(answer.closed).toBe(true);
  });

  it('the same body with credentials is read (the bound is for anonymous callers only)', async () => {
    const body = JSON.stringify(toolCallBody(TOOL, { scenario: 'x'.repeat(5000) }));
    const answer = await (await openRequest(service.port, toolCallHeaders(TOOL, TEST_KEYS.read), body, Buffer.byteLength(body))).answer();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ result: { isError: true } });
  });
});

describe('bodies that never complete, and the process and per-client budgets', () => {
  let service: ServiceProcess;
  const open: PendingRequest[] = [];
  beforeAll(async () => {
    service = await startServiceProcess(SERVICE, {
      ...KEYS_ENV,
      BODY_TIMEOUT_MS: '1500',
      MAX_BODY_BYTES: String(512 * 1024),
      MAX_BODY_BYTES_IN_FLIGHT: String(1024 * 1024),
      MAX_CONCURRENT_REQUESTS_PER_CLIENT: '2',
    });
  });
  afterAll(async () => {
    open.forEach((r) => r.destroy());
    await service?.stop();
  });
  const hold = async (key: string, declared: number) => {
    const request = await openRequest(service.port, toolCallHeaders(TOOL, key), '{"jsonrpc":"2.0",', declared);
    open.push(request);
    return request;
  };

  it('a body that stops arriving gets 408 within BODY_TIMEOUT_MS, and the connection closes', async () => {
    const started = Date.now();
    const answer = await (await hold(TEST_KEYS.read, 1000)).answer(10_000);
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: 'The request body did not arrive within 1500 ms',
        data: { timeoutMs: 1500, code: 'request_timeout', retryable: true },
      },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('bodies past the process budget of MAX_BODY_BYTES_IN_FLIGHT: 503 with Retry-After, unread; space freed is usable again', async () => {
    // Two clients hold 500 000 + 500 000 of the 1 048 576 bytes; 100 000 more do not fit.
    const a = await hold(TEST_KEYS.read, 500_000);
    const b = await hold(TEST_KEYS.write, 500_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // both reservations are made
    const refused = await (await hold(TEST_KEYS.admin, 100_000)).answer(5_000);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: -32010, data: { code: 'unavailable', reason: 'body_bytes_in_flight', retryable: true } },
    });
    a.destroy();
    b.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await legitimateCall(service)).status).toBe(200);
  });

  it('a client past MAX_CONCURRENT_REQUESTS_PER_CLIENT: 429 with Retry-After before its body is read; other clients are served', async () => {
    const first = await hold(TEST_KEYS.read, 100);
    const second = await hold(TEST_KEYS.read, 100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = await (await hold(TEST_KEYS.read, 100)).answer(5_000);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.headers.connection).toBe('close');
    expect(JSON.parse(third.body)).toMatchObject({
      error: { code: -32029, data: { code: 'rate_limited', reason: 'concurrent_requests', limit: 2, retryable: true } },
    });
    const other = await fetch(`${service.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...toolCallHeaders(TOOL, TEST_KEYS.write),
      },
      body: JSON.stringify(toolCallBody(TOOL, { scenario: 'partial_evidence' })),
    });
    expect(other.status).toBe(200);
    first.destroy();
    second.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await legitimateCall(service)).status).toBe(200);
  });
});
