/**
 * The secret values the test suite hands to services, so the log scan can look for them verbatim:
 * testkit's TEST_KEYS plus what the test sources set as keys and JWT secrets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_KEYS } from '@a2a-mcp/testkit';
import type { KnownSecret } from './log-scan.js';

/** Harvested values shorter than this are skipped: 'a', 'changeme' would match ordinary text. */
const MIN_LENGTH = 12;
/** `MCP_API_KEYS: '…'`, `API_KEY_3: "…"`, `JWT_SECRET_KEY: '…'` with a literal (not templated) value. */
const ASSIGNMENT = /\b(MCP_API_KEYS|API_KEY_\d+|JWT_SECRET(?:_KEY)?)['"]?\s*[:=]\s*(['"`])([^'"`$]*)\2/g;
/** Key constants such as `read: 'core-read-key-0123456789abcdef01234'`. */
const KEY_LITERAL = /(['"`])([\w.-]*-key-[\w.-]+)\1/g;
const SOURCE = /\.(ts|mts|mjs|js)$/;

/** Values set in one source text (exported for the unit test). */
export function harvestSecrets(text: string): KnownSecret[] {
  const out: KnownSecret[] = [];
  for (const [, name, , value = ''] of text.matchAll(ASSIGNMENT)) {
    if (name?.startsWith('JWT_SECRET')) out.push({ value, kind: 'jwt-secret' });
    // Key lists: `key:client:perms` entries separated by spaces or commas; the key is before the first colon.
    else for (const entry of value.split(/[\s,]+/)) out.push({ value: entry.split(':')[0] ?? '', kind: 'api-key' });
  }
  for (const [, , value = ''] of text.matchAll(KEY_LITERAL)) out.push({ value, kind: 'api-key' });
  return out.filter((s) => s.value.length >= MIN_LENGTH);
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((e) => {
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(join(dir, e.name));
    return e.isFile() && SOURCE.test(e.name) ? [join(dir, e.name)] : [];
  });
}

/**
 * TEST_KEYS plus every key and JWT secret set in the test sources of the repository at `root`
 * (`packages/* /test`, `services/* /test`, `suites/* /test` and `*.test.*` files under their `src/`).
 */
export function collectTestSecrets(root: string): KnownSecret[] {
  const secrets: KnownSecret[] = Object.values(TEST_KEYS).map((value) => ({ value, kind: 'api-key' as const }));
  for (const group of ['packages', 'services', 'suites']) {
    let members: string[] = [];
    try {
      members = readdirSync(join(root, group));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const member of members) {
      const files = [
        ...sourceFiles(join(root, group, member, 'test')),
        ...sourceFiles(join(root, group, member, 'src')).filter((f) => /\.test\.\w+$/.test(f)),
      ];
      for (const file of files) secrets.push(...harvestSecrets(readFileSync(file, 'utf8')));
    }
  }
  return [...new Map(secrets.map((s) => [s.value, s])).values()];
}
