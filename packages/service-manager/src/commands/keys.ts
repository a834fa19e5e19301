/**
 * `keys create|list|revoke|rotate`: the hashed API keys file (default `<state dir>/api-keys.json`)
 * through core's keys-file functions. A key is printed once, at creation; the file keeps only its
 * SHA-256 digest, and `list` shows neither.
 */
import {
  addKey,
  isValidApiKeyClientId,
  PERMISSIONS,
  readKeysFile,
  revokeKeys,
  writeKeysFile,
  type KeyEntry,
  type KeysFile,
  type Permission,
} from '@a2a-mcp/core/operator';
import { loadContext } from '../context.js';
import { ManagerError, messageOf } from '../errors.js';
import { formatTable, paint, paintState, print, printJson } from '../output.js';
import { stateFiles } from '../state.js';
import type { GlobalOptions } from './common.js';

export interface KeysOptions extends GlobalOptions {
  file?: string;
  json?: boolean;
}

export interface CreateKeyCliOptions extends KeysOptions {
  client?: string;
  permissions?: string;
  expires?: string;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `2w` (from now) or an ISO date; must be in the future. */
export function parseExpiry(value: string, now = new Date()): Date {
  const relative = /^(\d+)([smhdw])$/.exec(value.trim());
  const date = relative ? new Date(now.getTime() + Number(relative[1]) * (UNITS[relative[2] ?? 'd'] ?? 0)) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ManagerError('usage', `--expires: "${value}" is neither a duration (30d, 12h, 2w) nor an ISO date`);
  if (date.getTime() <= now.getTime()) throw new ManagerError('usage', `--expires: ${date.toISOString()} is not in the future`);
  return date;
}

/** `read,write` → permissions; unknown words are a usage error. */
export function parsePermissions(value: string): Permission[] {
  const words = value
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  const bad = words.filter((w) => !(PERMISSIONS as readonly string[]).includes(w));
  if (words.length === 0 || bad.length > 0)
    throw new ManagerError(
      'usage',
      `--permissions: ${bad.length > 0 ? `unknown ${bad.join(', ')}` : 'empty'}; use a comma list of ${PERMISSIONS.join(', ')}`,
    );
  return words as Permission[];
}

/** active, revoked or expired. */
export function keyStatus(entry: KeyEntry, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (entry.revokedAt) return 'revoked';
  if (entry.expiresAt && Date.parse(entry.expiresAt) <= now) return 'expired';
  return 'active';
}

function keysPath(options: KeysOptions): string {
  return options.file ?? stateFiles(loadContext({ stateDir: options.stateDir }).stateDir).keys;
}

function load(path: string): KeysFile {
  try {
    return readKeysFile(path);
  } catch (error) {
    throw new ManagerError('config', messageOf(error), { cause: error });
  }
}

function publicEntry(entry: KeyEntry) {
  return {
    id: entry.id,
    clientId: entry.clientId,
    permissions: entry.permissions,
    status: keyStatus(entry),
    createdAt: entry.createdAt,
    expiresAt: entry.expiresAt ?? null,
    revokedAt: entry.revokedAt ?? null,
    hashPrefix: entry.hash.slice(0, 8),
  };
}

function printNewKey(key: string, entry: KeyEntry, path: string, options: KeysOptions, verb: string): void {
  if (options.json) return printJson({ ok: true, key, file: path, entry: publicEntry(entry) });
  print(
    `${paint('green', '✓')} ${verb} key ${entry.id} for ${entry.clientId} (${entry.permissions.join(',')}${entry.expiresAt ? `, expires ${entry.expiresAt}` : ''})`,
  );
  print(`\n  ${paint('bold', key)}\n`);
  print('This is the only time the key is shown: store it now. Send it as "Authorization: Bearer <key>".');
  print(`Keys file: ${path}`);
}

export function keysCreateCommand(options: CreateKeyCliOptions): number {
  if (!options.client?.trim()) throw new ManagerError('usage', 'keys create needs --client <id>');
  if (!isValidApiKeyClientId(options.client.trim()))
    throw new ManagerError(
      'usage',
      `--client "${options.client.trim().slice(0, 40)}" is not allowed: 1 to 200 printable characters without spaces or ":" (token principals and dead-letter mailboxes use ":"), and not "local"`,
    );
  const permissions = parsePermissions(options.permissions ?? 'read');
  const expiresAt = options.expires ? parseExpiry(options.expires) : undefined;
  const path = keysPath(options);
  const { key, entry, file } = addKey(load(path), { clientId: options.client.trim(), permissions, ...(expiresAt ? { expiresAt } : {}) });
  writeKeysFile(path, file);
  printNewKey(key, entry, path, options, 'created');
  return 0;
}

export function keysListCommand(options: KeysOptions): number {
  const path = keysPath(options);
  const file = load(path);
  if (options.json) {
    printJson({ file: path, keys: file.keys.map(publicEntry) });
    return 0;
  }
  if (file.keys.length === 0) {
    print(`no keys in ${path}. Create one: service-manager keys create --client <id> --permissions read,write`);
    return 0;
  }
  print(
    formatTable(
      ['ID', 'CLIENT', 'PERMISSIONS', 'STATUS', 'CREATED', 'EXPIRES', 'HASH'],
      file.keys.map((k) => {
        const p = publicEntry(k);
        return [
          p.id,
          p.clientId,
          p.permissions.join(','),
          paintState(p.status),
          p.createdAt.slice(0, 19),
          p.expiresAt?.slice(0, 19) ?? '-',
          `${p.hashPrefix}…`,
        ];
      }),
    ),
  );
  return 0;
}

export function keysRevokeCommand(idOrClient: string, options: KeysOptions): number {
  const path = keysPath(options);
  const { file, revoked } = revokeKeys(load(path), idOrClient);
  if (revoked === 0) throw new ManagerError('failure', `no live key has the id or client "${idOrClient}" in ${path}`);
  writeKeysFile(path, file);
  if (options.json) printJson({ ok: true, revoked, file: path });
  else print(`${paint('green', '✓')} revoked ${revoked} key${revoked === 1 ? '' : 's'} matching ${idOrClient}`);
  return 0;
}

export function keysRotateCommand(client: string, options: CreateKeyCliOptions): number {
  const path = keysPath(options);
  const current = load(path);
  const live = current.keys.filter((k) => k.clientId === client && keyStatus(k) === 'active');
  if (live.length === 0 && !options.permissions)
    throw new ManagerError('failure', `client "${client}" has no live key to rotate (give --permissions to create one)`);
  const permissions = options.permissions ? parsePermissions(options.permissions) : [...new Set(live.flatMap((k) => k.permissions))];
  const expiresAt = options.expires ? parseExpiry(options.expires) : undefined;
  const added = addKey(current, { clientId: client, permissions, ...(expiresAt ? { expiresAt } : {}) });
  // Revoke the old keys by id, so the new one (same client) stays live.
  let file = added.file;
  for (const old of live) file = revokeKeys(file, old.id).file;
  writeKeysFile(path, file);
  printNewKey(added.key, added.entry, path, options, `rotated (revoked ${live.length} old) — new`);
  return 0;
}
