/**
 * Core's own test fixtures (core cannot depend on the testkit, which depends on core): a service
 * with one tool per permission level, a config builder with the three test keys, a log capture,
 * and MCP clients of both protocol eras that send extra headers.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { startService, type RunningService, type StartServiceOptions } from '../../src/runtime.js';
import { defineResource, defineResourceTemplate } from '../../src/resource.js';
import { defineService, type ServiceDefinition } from '../../src/service.js';
import { defineTool } from '../../src/tool.js';

export const KEYS = {
  read: 'core-read-key-0123456789abcdef01234',
  write: 'core-write-key-0123456789abcdef0123',
  admin: 'core-admin-key-0123456789abcdef0123',
} as const;

export function securityTestService(): ServiceDefinition {
  return defineService({
    name: 'security-test',
    version: '1.0.0',
    tools: [
      defineTool({
        name: 'echo_text',
        description: 'Echoes the text (read).',
        permission: 'read',
        annotations: { readOnlyHint: true },
        input: z.object({ text: z.string() }),
        output: z.object({ echo: z.string(), client: z.string() }),
        handler: ({ text }, ctx) => ({ echo: text, client: ctx.identity.clientId }),
      }),
      defineTool({
        name: 'save_note',
        description: 'Saves a note (write).',
        permission: 'write',
        annotations: { readOnlyHint: false },
        input: z.object({ note: z.string() }),
        output: z.object({ saved: z.boolean() }),
        handler: () => ({ saved: true }),
      }),
      defineTool({
        name: 'purge_all',
        description: 'Operator tool (admin).',
        permission: 'admin',
        annotations: { destructiveHint: true },
        input: z.object({}),
        output: z.object({ purged: z.boolean() }),
        handler: () => ({ purged: true }),
      }),
    ],
  });
}

/** Test-profile config with the three keys plus `env` (undefined removes a variable). */
/** The security test service's tools and one fixed text resource, `memo://today`. */
export function memoTestService(name: string): ServiceDefinition {
  return defineService({
    name,
    version: '1.0.0',
    tools: securityTestService().tools,
    resources: [
      defineResource({
        uri: 'memo://today',
        name: 'today',
        description: 'A fixed memo',
        mimeType: 'text/plain',
        read: () => 'remember the milk',
      }),
    ],
  });
}

/**
 * A service with subscribable resources: `touch` (write) announces a change of any URI;
 * `plain://status` cannot be subscribed to; `doc://{id}` can by anyone who reads, `secret://{id}`
 * only by writers.
 */
export function subscribableTestService(name: string, extra: Pick<ServiceDefinition, 'subscriptionLimits'> = {}): ServiceDefinition {
  return defineService({
    name,
    version: '1.0.0',
    tools: [
      defineTool({
        name: 'touch',
        description: 'Announces that a resource changed (write).',
        permission: 'write',
        annotations: { readOnlyHint: false },
        input: z.object({ uri: z.string() }),
        output: z.object({ touched: z.string() }),
        handler: async ({ uri }, ctx) => {
          await ctx.resources?.notifyUpdated(uri);
          return { touched: uri };
        },
      }),
    ],
    resources: [defineResource({ uri: 'plain://status', name: 'status', description: 'Not subscribable', read: () => ({ ok: true }) })],
    resourceTemplates: [
      defineResourceTemplate({
        uriTemplate: 'doc://{id}',
        name: 'doc',
        description: 'A document',
        subscribable: true,
        read: ({ id = '' }) => ({ id }),
      }),
      defineResourceTemplate({
        uriTemplate: 'secret://{id}',
        name: 'secret',
        description: 'Writers only',
        permission: 'write',
        subscribable: true,
        read: ({ id = '' }) => ({ id }),
      }),
    ],
    ...extra,
  });
}

export function coreTestConfig(env: Record<string, string | undefined> = {}, options: { production?: boolean } = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MCP_API_KEYS: `${KEYS.read}:reader:read ${KEYS.write}:writer:write ${KEYS.admin}:operator:admin`,
    },
    { overrides: env, ...options },
  );
}

/** A logger whose JSON lines are collected in `lines`. */
export function captureLogger(level: 'debug' | 'info' = 'info'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ service: 'security-test', level, stream });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function startCoreTestService(
  env: Record<string, string | undefined> = {},
  options: Omit<StartServiceOptions, 'config' | 'port'> = {},
): Promise<RunningService> {
  return startService(securityTestService(), { ...options, config: coreTestConfig(env), port: 0 });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** POSTs a JSON-RPC message to /mcp the way a 2026-07-28 client does (one request, JSON answer). */
export async function rawCall(
  mcpUrl: string,
  method: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(method === 'tools/call' ? { 'mcp-name': String(params.name) } : {}),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'core-test', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Calls `tool` with `args` and returns the raw response. */
export function callToolRaw(
  mcpUrl: string,
  tool: string,
  args: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawCall(mcpUrl, 'tools/call', { name: tool, arguments: args }, headers);
}

/** Names in a raw tools/list answer. */
export function toolNames(response: RawResponse): string[] {
  const result = (response.json as { result?: { tools?: { name: string }[] } }).result;
  return (result?.tools ?? []).map((t) => t.name).sort();
}
