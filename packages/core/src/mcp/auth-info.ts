/**
 * How the pipeline hands a request's identity, correlation id and 2025-era session id to the SDK
 * lane (the SDK's pass-through `authInfo`). Apart from sdk-server.ts so that the pipeline can
 * build it without loading the SDK (issue #17).
 */
import type { AuthInfo } from '@modelcontextprotocol/server';
import { LOCAL_IDENTITY, type Identity } from '../auth/identity.js';

/** Key under AuthInfo.extra where the pipeline hands the verified identity to the SDK lane. */
export const IDENTITY_KEY = 'a2a-mcp/identity';
/** Key under AuthInfo.extra for the correlation id. */
export const CORRELATION_KEY = 'a2a-mcp/correlation-id';
/** Key under AuthInfo.extra for the validated 2025-era session id (LEGACY_SESSIONS). */
export const SESSION_KEY = 'a2a-mcp/session-id';

/** Wraps an identity for the SDK's pass-through `authInfo`. */
export function toAuthInfo(identity: Identity, correlationId: string, sessionId?: string): AuthInfo {
  return { token: '', clientId: identity.clientId, scopes: [...identity.permissions], extra: { [IDENTITY_KEY]: identity, [CORRELATION_KEY]: correlationId, ...(sessionId === undefined ? {} : { [SESSION_KEY]: sessionId }) } };
}

/** The identity, correlation id and session id the pipeline put in `authInfo` (the local identity when absent: stdio). */
export function fromAuthInfo(authInfo: AuthInfo | undefined): { identity: Identity; correlationId: string | undefined; sessionId: string | undefined } {
  const identity = authInfo?.extra?.[IDENTITY_KEY] as Identity | undefined;
  const correlationId = authInfo?.extra?.[CORRELATION_KEY] as string | undefined;
  const sessionId = authInfo?.extra?.[SESSION_KEY] as string | undefined;
  return { identity: identity ?? LOCAL_IDENTITY, correlationId, sessionId };
}
