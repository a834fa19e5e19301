/**
 * Two answers the official conformance suite (suites/conformance) found wrong, pinned here at the
 * wire: 2026-07-28 removed `ping`, so a modern ping is HTTP 404 with -32601 while a 2025-era ping
 * still answers `{}`; and a resources/read of an unknown URI is -32602 with the requested URI,
 * unchanged, as `data.uri` (SEP-2164), in both eras.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startService, type RunningService } from '../src/runtime.js';
import { coreTestConfig, KEYS, memoTestService, rawCall } from './helpers/service.js';

let service: RunningService;
beforeAll(async () => {
  const definition = memoTestService('protocol-conformance-test');
  service = await startService(definition, { config: coreTestConfig(), port: 0 });
});
afterAll(async () => {
  await service.close();
});

const auth = { 'x-api-key': KEYS.read };
const MISSING = 'memo://no-such-memo?x=1';

describe('ping', () => {
  it('is not a 2026-07-28 method: HTTP 404 and -32601', async () => {
    const response = await rawCall(service.mcpUrl, 'ping', {}, auth);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } });
  });

  it('still answers {} to a 2025-era client', async () => {
    const response = await fetch(service.mcpUrl, {
      method: 'POST',
      headers: {
        ...auth,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
  });
});

describe('resources/read of an unknown URI', () => {
  it('2026-07-28: -32602 with the URI as data.uri', async () => {
    const response = await rawCall(service.mcpUrl, 'resources/read', { uri: MISSING }, { ...auth, 'mcp-name': MISSING });
    const body = response.json as { id: number; error: { code: number; message: string; data: unknown } };
    expect(body.id).toBe(1);
    expect(body.error).toEqual({ code: -32602, message: `Resource not found: ${MISSING}`, data: { uri: MISSING } });
  });

  it('2025-era: -32602 with the URI as data.uri', async () => {
    const client = new LegacyClient({ name: 'core-test-legacy', version: '1.0.0' });
    await client.connect(new LegacyTransport(new URL(service.mcpUrl), { requestInit: { headers: auth } }));
    await expect(client.readResource({ uri: MISSING })).rejects.toMatchObject({ code: -32602, data: { uri: MISSING } });
    // The resource that exists still reads.
    const { contents } = await client.readResource({ uri: 'memo://today' });
    expect(contents).toEqual([{ uri: 'memo://today', mimeType: 'text/plain', text: 'remember the milk' }]);
    await client.close();
  });
});
