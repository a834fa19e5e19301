/**
 * From verified token claims to an Identity, shared by HS256 and OAuth.
 *
 * - Permissions are the grant: `scope` (space-separated string, or `scp` as a string or array).
 *   A provider's permissions or roles claim is read only when configured
 *   (`OAUTH_PERMISSIONS_CLAIM`), and then intersected with the scope unless the operator says the
 *   claim alone is the grant (`OAUTH_PERMISSIONS_MODE=claim`, e.g. Entra ID app roles).
 * - The identity is qualified by its credential type: `jwt:<sub>` for HS256 tokens,
 *   `oauth:<issuer>#<principal>` for OAuth access tokens, so no token can take the id of an API-key
 *   client (whose ids are bare and may not contain `:`), of a dead-letter mailbox, or of a principal
 *   of another credential type.
 */
import type { JWTPayload } from 'jose';
import type { ServiceError } from '../errors.js';
import { expandPermissions, PERMISSIONS, type Identity, type Permission } from './identity.js';

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

/** Longest principal an identity may carry (mailbox names and session owners are bounded by it). */
export const MAX_PRINCIPAL_LENGTH = 200;

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

/** Reads a claim by a dotted path (`realm_access.roles`); undefined when any step is missing. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const step of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** How permissions are read from a token. */
export interface PermissionPolicy {
  /**
   * A claim (dotted path) listing the principal's permissions or roles, e.g. `permissions`
   * (Auth0 RBAC), `realm_access.roles` (Keycloak), `roles` (Entra ID). Unset: scope only.
   */
  claim?: string;
  /**
   * `intersect` (default): the claim limits what the scope grants (a permission must be in both).
   * `claim`: the claim alone is the grant (for tokens whose roles are assigned by an administrator,
   * such as Entra ID app-only tokens, which carry no scope).
   */
  mode?: 'intersect' | 'claim';
  /**
   * HS256 tokens minted by `a2a-mint-jwt` before scopes were the grant carried only a
   * `permissions` claim; with `legacyPermissions` such a token without any scope still works.
   */
  legacyPermissions?: boolean;
}

function scopeOf(payload: JWTPayload): string[] | undefined {
  if (payload.scope !== undefined) return strings(payload.scope);
  if (payload.scp !== undefined) return strings(payload.scp);
  return undefined;
}

/** Permissions granted by a token under `policy` (default: the scope alone). */
export function permissionsFromClaims(payload: JWTPayload, policy: PermissionPolicy = {}): ReadonlySet<Permission> {
  const toPermissions = (values: string[]) => expandPermissions(values.flatMap((s) => scopeToPermission(s) ?? []));
  const scope = scopeOf(payload);
  if (policy.claim === undefined) {
    if (scope === undefined && policy.legacyPermissions && payload.permissions !== undefined)
      return toPermissions(strings(payload.permissions));
    return toPermissions(scope ?? []);
  }
  const claimed = toPermissions(strings(claimAt(payload, policy.claim)));
  if (policy.mode === 'claim') return claimed;
  const granted = toPermissions(scope ?? []);
  return new Set([...granted].filter((p) => claimed.has(p)));
}

/** Which claim names the principal of an OAuth token. */
export type PrincipalClaim = 'sub' | 'client_id' | 'azp';

export interface IdentityOptions {
  /** `jwt` for HS256 tokens the operator mints, `oauth` for access tokens of OAUTH_ISSUER. */
  authType: 'jwt' | 'oauth';
  /** The issuer, for `oauth` principals. */
  issuer?: string;
  /** Claims to try in order for the principal (default `sub`, then `client_id`, then `azp`). */
  principalClaims?: readonly PrincipalClaim[];
  permissions?: PermissionPolicy;
}

const DEFAULT_PRINCIPAL_CLAIMS: readonly PrincipalClaim[] = ['sub', 'client_id', 'azp'];

/** The Identity for a verified token, or a 401 when it names no principal. */
export function identityFromClaims(
  payload: JWTPayload,
  options: IdentityOptions,
  invalid: (description: string) => ServiceError,
): Identity {
  const claims = options.principalClaims ?? DEFAULT_PRINCIPAL_CLAIMS;
  const name = claims.map((c) => payload[c]).find((v): v is string => typeof v === 'string' && v.length > 0);
  if (name === undefined) throw invalid(`The token names no principal (${claims.join(', ')})`);
  if (/[\s\p{Cc}\p{Cs}]/u.test(name)) throw invalid('The token names its principal with spaces or control characters');
  const clientId = options.authType === 'oauth' ? `oauth:${options.issuer ?? ''}#${name}` : `jwt:${name}`;
  if (clientId.length > MAX_PRINCIPAL_LENGTH) throw invalid(`The token's principal is longer than ${MAX_PRINCIPAL_LENGTH} characters`);
  return {
    clientId,
    permissions: permissionsFromClaims(payload, options.permissions),
    authType: options.authType,
    ...(payload.exp !== undefined ? { expiresAt: payload.exp } : {}),
  };
}

/** Prefixes that only core may give out: qualified token principals, dead-letter mailboxes, anonymous callers. */
export const RESERVED_PRINCIPAL_PREFIXES = ['jwt:', 'oauth:', 'dead-letter:', 'anonymous:'] as const;

/**
 * Whether `clientId` may be given to an API key: printable, no spaces, at most 200 characters and
 * no `:` (every qualified principal and reserved mailbox contains one), and not `local`.
 */
export function isValidApiKeyClientId(clientId: string): boolean {
  return (
    clientId.length > 0 &&
    clientId.length <= MAX_PRINCIPAL_LENGTH &&
    !clientId.includes(':') &&
    clientId !== 'local' &&
    !/[\s\p{Cc}\p{Cs}]/u.test(clientId)
  );
}
