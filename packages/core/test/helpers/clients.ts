/** MCP clients of both protocol eras with extra request headers (the testkit's, which core cannot import). */
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface EraClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(name: string, args: Record<string, unknown>): Promise<{ structuredContent?: Record<string, unknown>; isError?: boolean }>;
  close(): Promise<void>;
}

export async function connectLegacy(mcpUrl: string, headers: Record<string, string>): Promise<EraClient> {
  const client = new LegacyClient({ name: 'core-test-legacy', version: '1.0.0' });
  await client.connect(new LegacyTransport(new URL(mcpUrl), { requestInit: { headers } }));
  return {
    listTools: () => client.listTools(),
    callTool: (name, args) => client.callTool({ name, arguments: args }) as never,
    close: () => client.close(),
  };
}

export async function connectModern(mcpUrl: string, headers: Record<string, string>): Promise<EraClient> {
  const client = new ModernClient({ name: 'core-test-modern', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new ModernTransport(new URL(mcpUrl), { requestInit: { headers } }));
  return {
    listTools: () => client.listTools(),
    callTool: (name, args) => client.callTool({ name, arguments: args }) as never,
    close: () => client.close(),
  };
}

export const ERAS = [
  ['legacy (2025)', connectLegacy],
  ['modern (2026-07-28)', connectModern],
] as const;
