/**
 * Permission guards for operator endpoints and anything outside tool calls (tool calls are checked
 * by the pipeline from each tool's declared permission).
 */
import { ServiceError } from '../errors.js';
import { missingCredentials } from './authenticate.js';
import { createChallenge, type Challenge } from './challenge.js';
import { hasPermission, type Identity, type Permission } from './identity.js';

/**
 * Throws 401 when there is no identity and 403 (`insufficient_scope`) when it lacks `required`;
 * returns the identity otherwise.
 *
 * @example const identity = requirePermission(await getIdentity(), 'write')
 */
export function requirePermission(identity: Identity | undefined, required: Permission, challenge?: Challenge): Identity {
  if (identity === undefined || identity.authType === 'anonymous') throw missingCredentials(challenge);
  if (!hasPermission(identity, required)) {
    const description = `This needs the "${required}" permission`;
    throw insufficientScope(required, description, description, challenge);
  }
  return identity;
}

const DEFAULT_CHALLENGE = createChallenge();

/**
 * The 403 for a caller that lacks `required` (a tool's, a resource's or a route's permission):
 * `message` in the body, `description` in the `insufficient_scope` challenge (which strips quotes,
 * RFC 9110 §5.6.4). Without a challenge the default realm's is used.
 */
export function insufficientScope(
  required: string,
  message: string,
  description: string,
  challenge: Challenge = DEFAULT_CHALLENGE,
): ServiceError {
  return new ServiceError('forbidden', message, {
    data: { required },
    headers: { 'WWW-Authenticate': challenge('insufficient_scope', description, required) },
  });
}

/**
 * Guard for operator endpoints (`POST /circuit-breakers/reset`): 401 without credentials, 403
 * without `admin`.
 *
 * @example requireAdmin(await authenticate(req.headers), challenge)
 * (Pipeline routes use `auth.require('admin')`, which passes the pipeline's challenge.)
 */
export function requireAdmin(identity: Identity | undefined, challenge?: Challenge): Identity {
  return requirePermission(identity, 'admin', challenge);
}
