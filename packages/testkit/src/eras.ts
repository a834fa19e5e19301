/** Both MCP protocol eras, for `describe.each(CLIENT_ERAS)('%s client', (era, connect) => …)`. */
import { connectLegacyClient, connectModernClient, type ConnectedClient } from './clients.js';

export type ConnectClient = (mcpUrl: string, headers?: Record<string, string>) => Promise<ConnectedClient>;

/** `[era, connect]` pairs: the 2025-era client (SDK v1) and the 2026-07-28 client (SDK v2). */
export const CLIENT_ERAS: readonly (readonly ['legacy' | 'modern', ConnectClient])[] = [
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
];
