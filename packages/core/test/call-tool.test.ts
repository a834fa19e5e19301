/**
 * callTool's handling of time and cancellation: the tool's timeout, the caller's signal (an
 * AbortSignal, or a function asked only when the handler turns out to be asynchronous), the
 * handler's own `ctx.signal`, and synchronous handlers, which need none of it.
 */
import { request } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { expandPermissions, type Identity } from '../src/auth/identity.js';
import { createLogger } from '../src/logger.js';
import { callTool, type CallToolDeps } from '../src/mcp/call-tool.js';
import { ToolRegistry } from '../src/mcp/tool-registry.js';
import { startService } from '../src/runtime.js';
import { defineService } from '../src/service.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { defineTool, type AnyToolDefinition, type ToolContext } from '../src/tool.js';
import { coreTestConfig, KEYS } from './helpers/service.js';

const identity: Identity = { clientId: 'tester', permissions: expandPermissions(['read']), authType: 'api_key' };
const output = z.object({ value: z.number() });
const annotations = { readOnlyHint: true, openWorldHint: false };

function deps(tools: AnyToolDefinition[]): CallToolDeps {
  return {
    service: 'call-tool-test',
    registry: new ToolRegistry(tools),
    logger: createLogger({ service: 'call-tool-test', level: 'silent' }),
    store: new MemoryStore({ sweepIntervalMs: 60_000 }),
    defaultTimeoutMs: 1_000,
  };
}

/** A handler that waits for its signal and reports how it was aborted. */
function waitingTool(seen: { signal?: AbortSignal }) {
  return defineTool({
    name: 'waits',
    description: 'waits until aborted',
    permission: 'read',
    annotations,
    input: z.object({}),
    output,
    timeoutMs: 40,
    handler: (_input, ctx: ToolContext) =>
      new Promise<{ value: number }>((_resolve, reject) => {
        seen.signal = ctx.signal;
        ctx.signal.addEventListener('abort', () => reject(new Error('handler saw the abort')), { once: true });
      }),
  });
}

describe('callTool: timeouts and cancellation', () => {
  it('a synchronous handler answers without asking for the caller signal', async () => {
    let asked = 0;
    const sync = defineTool({
      name: 'sync_add',
      description: 'adds',
      permission: 'read',
      annotations,
      input: z.object({ a: z.number(), b: z.number() }),
      output,
      handler: ({ a, b }) => ({ value: a + b }),
    });
    const result = await callTool(
      deps([sync]),
      'sync_add',
      { a: 2, b: 3 },
      { identity, correlationId: 'c1', signal: () => (asked++, new AbortController().signal) },
    );
    expect(result).toEqual({ content: [{ type: 'text', text: '{"value":5}' }], structuredContent: { value: 5 } });
    expect(asked).toBe(0);
  });

  it('a synchronous handler that throws gives an error result, not a rejection', async () => {
    const throws = defineTool({
      name: 'sync_throw',
      description: 'throws',
      permission: 'read',
      annotations,
      input: z.object({}),
      output,
      handler: () => {
        throw new Error('boom at /secret/path');
      },
    });
    const result = await callTool(deps([throws]), 'sync_throw', {}, { identity, correlationId: 'c2' });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Internal error' }]);
    expect(result._meta).toEqual({ 'a2a-mcp/error': { code: 'internal', retryable: false } });
  });

  it('an asynchronous handler past its timeout: an isError result and its own signal aborted with the same reason', async () => {
    const seen: { signal?: AbortSignal } = {};
    const result = await callTool(deps([waitingTool(seen)]), 'waits', {}, { identity, correlationId: 'c3' });
    expect(result.content).toEqual([{ type: 'text', text: 'Tool call timed out after 40 ms' }]);
    expect(result._meta).toEqual({ 'a2a-mcp/error': { code: 'timeout', retryable: true, data: { timeoutMs: 40 } } });
    expect(seen.signal?.aborted).toBe(true);
    expect((seen.signal?.reason as Error).message).toBe('Tool call timed out after 40 ms');
  });

  it('the caller aborting (a lazily created signal) cancels an asynchronous handler', async () => {
    const seen: { signal?: AbortSignal } = {};
    const caller = new AbortController();
    let asked = 0;
    const pending = callTool(
      deps([{ ...waitingTool(seen), timeoutMs: 60_000 }]),
      'waits',
      {},
      { identity, correlationId: 'c4', signal: () => (asked++, caller.signal) },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort();
    const result = await pending;
    expect(asked).toBe(1);
    expect(result.content).toEqual([{ type: 'text', text: 'The call was cancelled' }]);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('a caller signal already aborted cancels before the handler runs', async () => {
    let ran = false;
    const tool = defineTool({
      name: 'never',
      description: 'never runs',
      permission: 'read',
      annotations,
      input: z.object({}),
      output,
      handler: () => ((ran = true), { value: 1 }),
    });
    const result = await callTool(deps([tool]), 'never', {}, { identity, correlationId: 'c5', signal: AbortSignal.abort() });
    expect(result.content).toEqual([{ type: 'text', text: 'The call was cancelled' }]);
    expect(ran).toBe(false);
  });

  it('an asynchronous handler that finishes in time leaves no abort behind', async () => {
    const seen: { signal?: AbortSignal } = {};
    const quick = defineTool({
      name: 'quick',
      description: 'resolves',
      permission: 'read',
      annotations,
      input: z.object({}),
      output,
      timeoutMs: 30,
      handler: async (_input, ctx) => {
        seen.signal = ctx.signal;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { value: 7 };
      },
    });
    const result = await callTool(deps([quick]), 'quick', {}, { identity, correlationId: 'c6' });
    expect(result.structuredContent).toEqual({ value: 7 });
    // The timer was cleared: well past the timeout, the handler's signal is still not aborted.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(seen.signal?.aborted).toBe(false);
  });
});

describe('the HTTP fast lane: a client that goes away cancels its call', () => {
  it('aborts the handler signal once the connection closes before the answer', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let cancelled!: (reason: unknown) => void;
    const aborted = new Promise<unknown>((resolve) => (cancelled = resolve));
    const tool = defineTool({
      name: 'echo_text',
      description: 'waits for its signal',
      permission: 'read',
      annotations,
      input: z.object({ text: z.string() }),
      output,
      timeoutMs: 30_000,
      handler: (_input, ctx) =>
        new Promise<{ value: number }>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            cancelled(ctx.signal.reason);
            reject(new Error('aborted'));
          });
          started();
        }),
    });
    const service = await startService(defineService({ name: 'fast-lane-abort', version: '1.0.0', tools: [tool] }), {
      config: coreTestConfig(),
      port: 0,
    });
    try {
      const meta = {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      };
      const req = request(service.mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'echo_text',
          'x-api-key': KEYS.read,
        },
      });
      req.on('error', () => undefined);
      req.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'echo_text', arguments: { text: 'x' }, _meta: meta },
        }),
      );
      await running;
      req.destroy();
      expect(((await aborted) as Error).message).toBe('The call was cancelled');
    } finally {
      await service.close();
    }
  });
});
