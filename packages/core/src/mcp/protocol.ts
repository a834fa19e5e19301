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

/**
 * The 2026-07-28 caching hint (CacheableResult: `ttlMs`, `cacheScope`) for a result that depends on
 * the caller's permissions, such as tools/list: only the calling client may keep it, and not for
 * long. Never sent to 2025-era requests (their schema has no such fields).
 */
export const PER_CALLER_CACHE_HINT = { ttlMs: 0, cacheScope: 'private' } as const;

export { isRecord, messageId, type JsonRpcId, type JsonRpcRequest } from '../json-rpc.js';
