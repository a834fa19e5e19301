/**
 * The identity hand-off to the SDK lane: the endpoint (mcp/endpoint.ts) wraps the verified
 * identity, the correlation id and the 2025-era session id in the SDK's pass-through `authInfo`;
 * the SDK server and the subscriptions read them back.
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
  return {
    token: '',
    clientId: identity.clientId,
    scopes: [...identity.permissions],
    extra: { [IDENTITY_KEY]: identity, [CORRELATION_KEY]: correlationId, ...(sessionId === undefined ? {} : { [SESSION_KEY]: sessionId }) },
  };
}

/** The identity, correlation id and session id the pipeline put in `authInfo` (the local identity when absent: stdio). */
export function fromAuthInfo(authInfo: AuthInfo | undefined): {
  identity: Identity;
  correlationId: string | undefined;
  sessionId: string | undefined;
} {
  const identity = authInfo?.extra?.[IDENTITY_KEY] as Identity | undefined;
  const correlationId = authInfo?.extra?.[CORRELATION_KEY] as string | undefined;
  const sessionId = authInfo?.extra?.[SESSION_KEY] as string | undefined;
  return { identity: identity ?? LOCAL_IDENTITY, correlationId, sessionId };
}
