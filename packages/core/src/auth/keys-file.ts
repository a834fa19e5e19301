/**
 * The hashed API keys file: the durable form of keys made by `service-manager keys`. It holds
 * only SHA-256 digests, never a key. Writes are atomic (temp file + rename) so a service reading
 * it while it changes sees the old or the new file, never half of one.
 *
 * Format (JSON): `{ "version": 1, "keys": [ { id, clientId, hash, permissions, createdAt, expiresAt?, revokedAt? } ] }`
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { hashApiKey, type ApiKeyRecord } from './api-keys.js';
import { isValidApiKeyClientId } from './claims.js';
import { PERMISSIONS, type Permission } from './identity.js';
import { formatIssues } from '../zod-issues.js';

const isoDate = z.iso.datetime({ offset: true });

const keyEntrySchema = z.object({
  id: z.string().regex(/^key_[A-Za-z0-9_-]{6,64}$/),
  // No ':' and no spaces: token principals (jwt:…, oauth:…) and dead-letter:… mailboxes contain one.
  clientId: z.string().refine(isValidApiKeyClientId, 'a client id is 1 to 200 printable characters without spaces or ":", and not "local"'),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  permissions: z.array(z.enum(PERMISSIONS)).min(1),
  createdAt: isoDate,
  expiresAt: isoDate.optional(),
  revokedAt: isoDate.optional(),
});

const keysFileSchema = z.object({ version: z.literal(1), keys: z.array(keyEntrySchema) });

export type KeyEntry = z.infer<typeof keyEntrySchema>;
export type KeysFile = z.infer<typeof keysFileSchema>;

/** Reads and validates a keys file; a missing file is an empty one. Throws naming the problem. */
export function readKeysFile(path: string): KeysFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
    throw new Error(`cannot read the keys file ${path}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`the keys file ${path} is not valid JSON`);
  }
  const parsed = keysFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the keys file ${path} is malformed: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Writes the keys file atomically with mode 0600. */
export function writeKeysFile(path: string, file: KeysFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify(keysFileSchema.parse(file), null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** A new random API key: `a2a_` + 32 random bytes, base64url (256 bits of entropy). */
export function generateApiKey(): string {
  return `a2a_${randomBytes(32).toString('base64url')}`;
}

export interface CreateKeyOptions {
  clientId: string;
  permissions: Permission[];
  expiresAt?: Date;
  now?: Date;
}

/** Adds a key for `clientId`; returns the plaintext key (shown once) and the stored entry. */
export function addKey(
  file: KeysFile,
  { clientId, permissions, expiresAt, now = new Date() }: CreateKeyOptions,
): { key: string; entry: KeyEntry; file: KeysFile } {
  const key = generateApiKey();
  const entry: KeyEntry = {
    id: `key_${randomBytes(9).toString('base64url')}`,
    clientId,
    hash: hashApiKey(key),
    permissions: [...new Set(permissions)],
    createdAt: now.toISOString(),
    ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
  };
  return { key, entry, file: { version: 1, keys: [...file.keys, entry] } };
}

/** Revokes every live key whose id or client id is `idOrClient`; returns how many. */
export function revokeKeys(file: KeysFile, idOrClient: string, now = new Date()): { file: KeysFile; revoked: number } {
  let revoked = 0;
  const keys = file.keys.map((entry) => {
    if ((entry.id === idOrClient || entry.clientId === idOrClient) && !entry.revokedAt) {
      revoked++;
      return { ...entry, revokedAt: now.toISOString() };
    }
    return entry;
  });
  return { file: { version: 1, keys }, revoked };
}

/** Converts file entries into the records the key store verifies against. */
export function toApiKeyRecords(file: KeysFile): ApiKeyRecord[] {
  return file.keys.map((k) => ({
    hash: k.hash,
    clientId: k.clientId,
    permissions: k.permissions,
    ...(k.expiresAt ? { expiresAt: k.expiresAt } : {}),
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  }));
}
