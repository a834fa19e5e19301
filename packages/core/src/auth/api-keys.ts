/**
 * API keys. Keys are held only as SHA-256 digests; a presented key is hashed and compared in
 * constant time, so neither the stored form nor the comparison leaks the key.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import { expandPermissions, type Identity, type Permission } from './identity.js';

export interface ApiKeyRecord {
  /** Hex SHA-256 of the key. */
  hash: string;
  clientId: string;
  permissions: readonly string[];
  /** ISO date after which the key is refused. */
  expiresAt?: string;
  /** ISO date from which the key is refused. */
  revokedAt?: string;
}

/** Hex SHA-256 of an API key: the only form in which keys are stored. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export type ApiKeyVerdict = { ok: true; identity: Identity } | { ok: false; reason: 'unknown_key' | 'expired' | 'revoked' };

/** A set of keys that can verify a presented key. Replace it wholesale when the source changes. */
export class ApiKeyStore {
  private readonly byHash = new Map<string, { digest: Buffer; record: ApiKeyRecord; permissions: ReadonlySet<Permission> }>();

  constructor(records: Iterable<ApiKeyRecord>) {
    for (const record of records) {
      this.byHash.set(record.hash, { digest: Buffer.from(record.hash, 'hex'), record, permissions: expandPermissions(record.permissions) });
    }
  }

  /** Builds a store from plaintext `key:client:perms` entries (the environment form). */
  static fromPlaintext(entries: Iterable<{ key: string; clientId: string; permissions: readonly string[] }>): ApiKeyStore {
    return new ApiKeyStore([...entries].map((e) => ({ hash: hashApiKey(e.key), clientId: e.clientId, permissions: e.permissions })));
  }

  get size(): number {
    return this.byHash.size;
  }

  verify(presented: string, now = Date.now()): ApiKeyVerdict {
    // crypto.hash: the one-shot form (Node ≥ 20.12), half the cost of a Hash object per request.
    const digest = hash('sha256', presented, 'buffer');
    const entry = this.byHash.get(digest.toString('hex'));
    // The map lookup is on a digest, not the key; the constant-time compare guards the final step.
    if (!entry || !timingSafeEqual(entry.digest, digest)) return { ok: false, reason: 'unknown_key' };
    const { record } = entry;
    if (record.revokedAt && Date.parse(record.revokedAt) <= now) return { ok: false, reason: 'revoked' };
    if (record.expiresAt && Date.parse(record.expiresAt) <= now) return { ok: false, reason: 'expired' };
    return { ok: true, identity: { clientId: record.clientId, permissions: entry.permissions, authType: 'api_key' } };
  }
}
