/**
 * mcp-remote and the Inspector CLI, run the way the README's "Connecting clients" documents them:
 * with the API key as a `--header` they reach the tools and return the result (structured, and as
 * JSON text). Without a key both start OAuth on the 401; what their user then sees is asserted
 * exactly: mcp-remote ends at dynamic client registration, where the service answers with the
 * API-key message; the Inspector CLI stops before asking the server anything more.
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
/** The body the service answers an OAuth client's registration with, when OAuth is not configured. */
let registration: string;

beforeAll(async () => {
  service = await startTestService(await SERVICES['confidence-calculator']());
  const response = await fetch(service.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
  expect(response.status).toBe(401);
  const register = await fetch(new URL('/register', service.mcpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(register.status).toBe(403);
  registration = await register.text();
  // The description tells how to send the key.
  expect(JSON.parse(registration)).toEqual({ error: 'unsupported_oauth', error_description: expect.stringContaining('X-API-Key') });
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

  it("without a key, ends at client registration and prints the service's API-key message", async () => {
    const run = await runMcpRemoteUnauthenticated(service.mcpUrl);
    expect(run.stderr).toContain(
      `Fatal error: RegistrationRejectedError: Dynamic Client Registration rejected (HTTP 403): ${registration}`,
    );
    expect(run.stdout).toBe('');
  });
});

describe('the Inspector CLI with --header', () => {
  it('tools/list: every tool', async () => {
    const run = await runInspector(service.mcpUrl, AUTH, ['--method', 'tools/list']);
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name).sort()).toEqual(TOOLS);
  });

  it('tools/call: the result as structured content and as JSON text', async () => {
    const run = await runInspector(service.mcpUrl, AUTH, [
      '--method',
      'tools/call',
      '--tool-name',
      'calculate_fallback_confidence',
      '--tool-arg',
      'scenario=partial_evidence',
    ]);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as { structuredContent: unknown; content: { text: string }[] };
    expect(result.structuredContent).toEqual(FALLBACK);
    expect(JSON.parse(result.content[0]!.text)).toEqual(FALLBACK);
  });

  it('without a key, exits 3 asking for an interactive OAuth login (no server answer can change that)', async () => {
    const run = await runInspector(service.mcpUrl, {}, ['--method', 'tools/list']);
    expect({ exitCode: run.exitCode, stdout: run.stdout, stderr: JSON.parse(run.stderr) as unknown }).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: {
        error: {
          code: 'auth_required',
          message:
            'Interactive OAuth requires a TTY on stdin or stderr (or MCP_AUTO_OPEN_ENABLED=true). For CI/non-interactive runs use --stored-auth-only.',
        },
      },
    });
  });
});
