/**
 * From verified token claims to an Identity: the permissions (a `permissions` claim, else
 * `scope`) and the client id (`client_id`, else `azp`, else `sub`). Shared by HS256 and OAuth.
 */
import type { JWTPayload } from 'jose';
import type { ServiceError } from '../errors.js';
import { expandPermissions, PERMISSIONS, type AuthType, type Identity, type Permission } from './identity.js';

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

/**
 * Maps one scope or permission string to a permission: `read`, `write`, `admin`, and the
 * namespaced forms `mcp:read` / `mcp.read` (common in Keycloak, Auth0 and Entra ID set-ups).
 * Anything else (openid, profile, other APIs' scopes) is ignored.
 */
export function scopeToPermission(scope: string): Permission | undefined {
  const bare = scope.startsWith('mcp:') || scope.startsWith('mcp.') ? scope.slice(4) : scope;
  return PERMISSION_SET.has(bare) ? (bare as Permission) : undefined;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Permissions granted by a token: the `permissions` claim when present, else `scope` (or `scp`). */
export function permissionsFromClaims(payload: JWTPayload): ReadonlySet<Permission> {
  const source = payload.permissions !== undefined ? payload.permissions : payload.scope !== undefined ? payload.scope : payload.scp;
  return expandPermissions(strings(source).flatMap((s) => scopeToPermission(s) ?? []));
}

/** The Identity for a verified token, or a 401 when it names no client. */
export function identityFromClaims(payload: JWTPayload, authType: AuthType, invalid: (description: string) => ServiceError): Identity {
  const clientId = [payload.client_id, payload.azp, payload.sub].find((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200);
  if (clientId === undefined) throw invalid('The token names no client (client_id, azp or sub)');
  return { clientId, permissions: permissionsFromClaims(payload), authType, ...(payload.exp !== undefined ? { expiresAt: payload.exp } : {}) };
}
