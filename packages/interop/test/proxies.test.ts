/**
 * mcp-remote and the Inspector CLI, run the way the README documents them: with the API key as a
 * `--header` they reach the tools and return the result (structured, and as JSON text); without a
 * key, what their user sees must carry the server's own message, not an OAuth dead end.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { startTestService, TEST_KEYS, TOOL_CATALOGUE } from '@a2a-mcp/testkit';
import { connectThroughMcpRemote, runInspector, runMcpRemoteUnauthenticated } from '../src/proxies.ts';
import { SERVICES } from '../src/services.ts';

const AUTH = { 'X-API-Key': TEST_KEYS.read };
const TOOLS = [...TOOL_CATALOGUE['confidence-calculator']].sort();
const FALLBACK = { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true };

let service: RunningService;
/** The message of the server's own 401, as a curl user reads it. */
let refusal: string;

beforeAll(async () => {
  service = await startTestService(await SERVICES['confidence-calculator']());
  const response = await fetch(service.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
  expect(response.status).toBe(401);
  refusal = ((await response.json()) as { error: { message: string } }).error.message;
});
afterAll(async () => {
  await service?.close();
});

describe('mcp-remote (stdio proxy) with --header', () => {
  it('lists the tools and returns the result as structured content and as JSON text', async () => {
    const client = await connectThroughMcpRemote(service.mcpUrl, AUTH);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
      const result = await client.callTool('calculate_fallback_confidence', { scenario: 'partial_evidence' });
      expect(result.structuredContent).toEqual(FALLBACK);
      expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(FALLBACK);
    } finally {
      await client.close();
    }
  });

  it("without a key, prints the server's message", async () => {
    const run = await runMcpRemoteUnauthenticated(service.mcpUrl);
    expect(`${run.stdout}\n${run.stderr}`).toContain(refusal);
  });
});

describe('the Inspector CLI with --header', () => {
  it('tools/list: every tool', async () => {
    const run = await runInspector(service.mcpUrl, AUTH, ['--method', 'tools/list']);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name).sort()).toEqual(TOOLS);
  });

  it('tools/call: the result as structured content and as JSON text', async () => {
    const run = await runInspector(service.mcpUrl, AUTH, ['--method', 'tools/call', '--tool-name', 'calculate_fallback_confidence', '--tool-arg', 'scenario=partial_evidence']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as { structuredContent: unknown; content: { text: string }[] };
    expect(result.structuredContent).toEqual(FALLBACK);
    expect(JSON.parse(result.content[0]!.text)).toEqual(FALLBACK);
  });

  it("without a key, exits non-zero and prints the server's message", async () => {
    const run = await runInspector(service.mcpUrl, {}, ['--method', 'tools/list']);
    expect(run.exitCode).not.toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toContain(refusal);
  });
});
