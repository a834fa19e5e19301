/** Protocol constants and small JSON-RPC helpers shared by the lanes. */

/** The per-request-envelope revisions (2026-07-28 era) the SDK serves. */
export const MODERN_PROTOCOL_VERSIONS: readonly string[] = ['2026-07-28'];
/**
 * 2025-era revisions negotiated through initialize: the SDK's SUPPORTED_PROTOCOL_VERSIONS, written
 * out so that this module does not load the SDK (issue #17); a test keeps the two equal.
 */
export const LEGACY_PROTOCOL_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'];

export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id?: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a JSON-RPC message when it has a usable one, else null. */
export function messageId(message: unknown): JsonRpcId {
  if (isRecord(message) && (typeof message.id === 'string' || typeof message.id === 'number')) return message.id;
  return null;
}
