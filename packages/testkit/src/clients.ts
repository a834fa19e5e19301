import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The calls tests make, identical for both eras. */
export interface ConnectedClient {
  era: 'legacy' | 'modern';
  protocolVersion: string | undefined;
  listTools(): Promise<{ tools: { name: string; inputSchema: unknown; outputSchema?: unknown; annotations?: unknown }[] }>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options?: { onprogress?: (p: { progress: number; total?: number; message?: string }) => void },
  ): Promise<{
    content: unknown[];
    structuredContent?: Record<string, unknown>;
    isError?: boolean;
  }>;
  listResources(): Promise<{ resources: { uri: string; name: string }[] }>;
  readResource(uri: string): Promise<{ contents: { uri: string; text?: string; mimeType?: string }[] }>;
  /**
   * Subscribes to updates of `uris`; `onUpdated` gets the URI of each
   * `notifications/resources/updated` for one of them. A 2026-07-28 client opens a
   * `subscriptions/listen` stream (rejects when the server refuses it); a 2025-era client sends
   * `resources/subscribe` for each URI (rejects with the server's error, e.g. -32601).
   */
  subscribeResources(uris: string[], onUpdated: (uri: string) => void): Promise<ResourceSubscription>;
  close(): Promise<void>;
}

export interface ResourceSubscription {
  /** Ends the subscription (modern: closes the listen stream; legacy: resources/unsubscribe). */
  close(): Promise<void>;
  /** Resolves when the subscription ended: `local` (close), `remote` or `graceful` (the server ended it). */
  closed: Promise<string>;
}

/** Dispatches resources/updated notifications to the subscriptions of one client. */
function updateRouter(): { add: (uris: string[], onUpdated: (uri: string) => void) => () => void; dispatch: (uri: string) => void } {
  const routes = new Set<{ uris: Set<string>; onUpdated: (uri: string) => void }>();
  return {
    add: (uris, onUpdated) => {
      const route = { uris: new Set(uris), onUpdated };
      routes.add(route);
      return () => routes.delete(route);
    },
    dispatch: (uri) => {
      for (const route of routes) if (route.uris.has(uri)) route.onUpdated(uri);
    },
  };
}

/** Connects a 2025-era client (SDK v1, Streamable HTTP, initialize handshake). */
export async function connectLegacyClient(mcpUrl: string, headers: Record<string, string> = {}): Promise<ConnectedClient> {
  const client = new LegacyClient({ name: 'a2a-mcp-testkit-legacy', version: '1.0.0' });
  const transport = new LegacyTransport(new URL(mcpUrl), { requestInit: { headers } });
  await client.connect(transport);
  const updates = updateRouter();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => updates.dispatch(notification.params.uri));
  return {
    era: 'legacy',
    protocolVersion: transport.protocolVersion,
    listTools: () => client.listTools(),
    callTool: (name, args, options) =>
      client.callTool({ name, arguments: args }, undefined, options?.onprogress ? { onprogress: options.onprogress } : undefined) as never,
    listResources: () => client.listResources(),
    readResource: (uri) => client.readResource({ uri }),
    subscribeResources: async (uris, onUpdated) => {
      const remove = updates.add(uris, onUpdated);
      try {
        for (const uri of uris) await client.subscribeResource({ uri });
      } catch (error) {
        remove();
        throw error;
      }
      let closeLocal: (cause: string) => void = () => undefined;
      const closed = new Promise<string>((resolve) => (closeLocal = resolve));
      return {
        close: async () => {
          remove();
          for (const uri of uris) await client.unsubscribeResource({ uri });
          closeLocal('local');
        },
        closed,
      };
    },
    close: () => client.close(),
  };
}

/** Connects a 2026-07-28 client (SDK v2, pinned to the modern revision: server/discover, no handshake). */
export async function connectModernClient(mcpUrl: string, headers: Record<string, string> = {}): Promise<ConnectedClient> {
  const client = new ModernClient(
    { name: 'a2a-mcp-testkit-modern', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const transport = new ModernTransport(new URL(mcpUrl), { requestInit: { headers } });
  await client.connect(transport);
  const updates = updateRouter();
  client.setNotificationHandler('notifications/resources/updated', (notification) => updates.dispatch(notification.params.uri));
  return {
    era: 'modern',
    protocolVersion: client.getNegotiatedProtocolVersion(),
    listTools: () => client.listTools(),
    callTool: (name, args, options) =>
      client.callTool({ name, arguments: args }, options?.onprogress ? { onprogress: options.onprogress } : undefined) as never,
    listResources: () => client.listResources(),
    readResource: (uri) => client.readResource({ uri }),
    subscribeResources: async (uris, onUpdated) => {
      const remove = updates.add(uris, onUpdated);
      try {
        const subscription = await client.listen({ resourceSubscriptions: uris });
        void subscription.closed.then(remove);
        return { close: () => subscription.close(), closed: subscription.closed };
      } catch (error) {
        remove();
        throw error;
      }
    },
    close: () => client.close(),
  };
}

/**
 * Spawns `command args` as an MCP server over stdio and connects a 2025-era client to it.
 * `stderr` collects what the server wrote there (its logs).
 */
export async function connectStdioClient(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ConnectedClient & { stderr: () => string }> {
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const client = new LegacyClient({ name: 'a2a-mcp-testkit-stdio', version: '1.0.0' });
  const transport = new StdioClientTransport({ command, args, env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  await client.connect(transport);
  return {
    era: 'legacy',
    protocolVersion: undefined,
    listTools: () => client.listTools(),
    callTool: (name, args2) => client.callTool({ name, arguments: args2 }) as never,
    listResources: () => client.listResources(),
    readResource: (uri) => client.readResource({ uri }),
    subscribeResources: async () => Promise.reject(new Error('subscribeResources is not supported over stdio by the testkit')),
    close: () => client.close(),
    stderr: () => stderr,
  };
}
