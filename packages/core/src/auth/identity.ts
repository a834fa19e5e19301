/**
 * Who is calling. Every authenticator (API key, JWT, OAuth, anonymous public access) produces the
 * same Identity, so permission checks, rate limits and usage records never care how a caller
 * proved who they are.
 */
export const PERMISSIONS = ['read', 'write', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type AuthType = 'api_key' | 'jwt' | 'oauth' | 'anonymous' | 'local';

export interface Identity {
  /** Stable client id: rate limits, mailbox ownership and usage records key on it. */
  clientId: string;
  /** Granted permissions, already expanded (`write` implies `read`, `admin` implies both). */
  permissions: ReadonlySet<Permission>;
  authType: AuthType;
  /** Token expiry (seconds since epoch) when the credential has one. */
  expiresAt?: number;
}

const RANK: Record<Permission, number> = { read: 1, write: 2, admin: 3 };

/** Expands a granted list so that each permission implies the ones below it. */
export function expandPermissions(granted: Iterable<string>): ReadonlySet<Permission> {
  let top = 0;
  for (const p of granted) if (p in RANK) top = Math.max(top, RANK[p as Permission]);
  return new Set(PERMISSIONS.filter((p) => RANK[p] <= top));
}

/** True when `identity` may do what `required` guards. */
export function hasPermission(identity: Identity, required: Permission): boolean {
  return identity.permissions.has(required);
}

/** The identity of a stdio client: the local user who started the process. */
export const LOCAL_IDENTITY: Identity = Object.freeze({
  clientId: 'local',
  permissions: expandPermissions(['admin']),
  authType: 'local' as const,
});

/** The identity of an unauthenticated caller of a public tool. */
export function anonymousIdentity(ip: string): Identity {
  return { clientId: `anonymous:${ip}`, permissions: new Set<Permission>(), authType: 'anonymous' };
}

/**
 * The key every per-client quota counts under (sessions, mailbox shares, streams, open streams).
 * Today the client id; the one place to change when identities gain an issuer qualifier.
 */
export function quotaSubject(identity: Identity): string {
  return identity.clientId;
}
