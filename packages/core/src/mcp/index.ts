/**
 * @a2a-mcp/core/mcp — the MCP layer beneath the runtime: the call path (callTool), the compiled
 * tool table, the endpoint the HTTP transport hands requests to, the input-schema dialect and the
 * protocol revisions. Services never need it; tests and tools that inspect schemas do.
 */
export { callTool } from './call-tool.js';
export type { CallToolDeps, CallToolOptions, CallToolResult, ToolCallEvent, ToolCallObserver, McpRequestInfo } from './call-tool.js';
export { createMcpEndpoint } from './endpoint.js';
export type { McpEndpointDeps } from './endpoint.js';
export { ToolRegistry } from './tool-registry.js';
export type { ToolListEntry, CompiledTool } from './tool-registry.js';
export { dialectViolations, toInputJsonSchema, findUnknownArguments, describeUnknownArguments, DIALECT_KEYWORDS } from './input-schema.js';
export type { UnknownArgument } from './input-schema.js';
export { DEFAULT_SUBSCRIPTION_LIMITS } from './subscriptions.js';
export type { SubscriptionLimits, SubscriptionStats } from './subscriptions.js';
export { MODERN_PROTOCOL_VERSIONS, LEGACY_PROTOCOL_VERSIONS } from './protocol.js';
