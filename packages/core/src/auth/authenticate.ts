/**
 * Turns request credentials into an Identity. Credentials arrive as `X-API-Key: <key>` or
 * `Authorization: Bearer <key-or-token>`. No credentials → undefined (the caller decides whether a
 * public tool allows that); bad credentials → a 401 ServiceError carrying `WWW-Authenticate`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isServiceError, ServiceError } from '../errors.js';
import type { ApiKeyStore } from './api-keys.js';
import type { Identity } from './identity.js';

export type AuthFailureReason = 'missing_credentials' | 'unknown_key' | 'expired' | 'revoked' | 'invalid_token' | 'malformed_header';

/** A verifier for bearer tokens that are not API keys (JWT, OAuth); added by the security layer. */
export interface TokenVerifier {
  /** Whether this verifier should handle the token (e.g. it is JWT-shaped). */
  accepts(token: string): boolean;
  /** Resolves the identity or throws a 401 ServiceError. */
  verify(token: string): Promise<Identity>;
}

export interface AuthenticatorOptions {
  /** Returns the current key store (it may be swapped when a keys file changes). */
  apiKeys: () => ApiKeyStore;
  tokenVerifiers?: TokenVerifier[];
  /** Builds the `WWW-Authenticate` value for a failure (the OAuth layer adds resource_metadata). */
  challenge?: (error?: string, description?: string) => string;
  onFailure?: (reason: AuthFailureReason) => void;
}

export type Authenticator = (headers: IncomingHttpHeaders) => Identity | undefined | Promise<Identity | undefined>;

const defaultChallenge = (error?: string, description?: string): string =>
  error ? `Bearer realm="a2a-mcp", error="${error}", error_description="${description ?? error}"` : 'Bearer realm="a2a-mcp"';

/** Creates the function that authenticates a request from its headers. */
export function createAuthenticator({
  apiKeys,
  tokenVerifiers = [],
  challenge = defaultChallenge,
  onFailure,
}: AuthenticatorOptions): Authenticator {
  const fail = (reason: AuthFailureReason, description: string): never => {
    onFailure?.(reason);
    throw new ServiceError('unauthenticated', description, { headers: { 'WWW-Authenticate': challenge('invalid_token', description) } });
  };
  return (headers) => {
    let presented = headers['x-api-key'];
    if (Array.isArray(presented)) return fail('malformed_header', 'Send exactly one X-API-Key header');
    const authorization = headers.authorization;
    if (presented === undefined && authorization !== undefined) {
      const match = /^Bearer[ \t]+([^\s]+)\s*$/i.exec(authorization);
      if (!match) return fail('malformed_header', 'The Authorization header must be "Bearer <token>"');
      presented = match[1]!;
      for (const verifier of tokenVerifiers) {
        if (verifier.accepts(presented)) {
          return verifier.verify(presented).catch((error: unknown) => {
            if (isServiceError(error) && error.code === 'unauthenticated')
              onFailure?.(error.data?.reason === 'expired' ? 'expired' : 'invalid_token');
            throw error;
          });
        }
      }
    }
    if (presented === undefined || presented === '') return undefined;
    const verdict = apiKeys().verify(presented);
    if (!verdict.ok) return fail(verdict.reason, verdict.reason === 'unknown_key' ? 'Invalid API key' : `The API key is ${verdict.reason}`);
    return verdict.identity;
  };
}

/** The 401 for a request that brought no credentials where they are required. */
export function missingCredentials(challenge: (error?: string, description?: string) => string = defaultChallenge): ServiceError {
  return new ServiceError('unauthenticated', 'Authentication required: send X-API-Key or Authorization: Bearer', {
    headers: { 'WWW-Authenticate': challenge() },
  });
}
