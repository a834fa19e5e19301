/** JSON-RPC 2.0 shapes and helpers, shared by the transport (http/) and the MCP layer (mcp/). */
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
