/**
 * Permission guards for operator endpoints and anything outside tool calls (tool calls are checked
 * by the pipeline from each tool's declared permission).
 */
import { ServiceError } from '../errors.js';
import { missingCredentials } from './authenticate.js';
import type { Challenge } from './challenge.js';
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
    const header = challenge ? challenge('insufficient_scope', description, required) : `Bearer realm="a2a-mcp", error="insufficient_scope", scope="${required}", error_description="${description.replace(/"/g, '')}"`;
    throw new ServiceError('forbidden', description, { data: { required }, headers: { 'WWW-Authenticate': header } });
  }
  return identity;
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
