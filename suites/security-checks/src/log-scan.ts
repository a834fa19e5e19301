/**
 * Scans the logs a test run wrote for secrets: known API keys and JWT secrets (exact values),
 * anything shaped like a JWT, and `password=` followed by a value that is not a redaction marker.
 * Findings name the file and line and carry the secret masked, never whole.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A place to scan. */
export interface ScanRoot {
  /** Directory scanned recursively; a missing one is skipped. */
  dir: string;
  /** Only files modified at or after this time (epoch ms); default every file. */
  since?: number;
}

/** A known secret value and what it is, e.g. `{ value: 'test-read-key-…', kind: 'api-key' }`. */
export interface KnownSecret {
  value: string;
  kind: 'api-key' | 'jwt-secret' | 'password';
}

export interface Finding {
  file: string;
  /** 1-based line number. */
  line: number;
  kind: KnownSecret['kind'] | 'jwt' | 'password-assignment';
  /** The secret with all but its first and last 4 characters replaced. */
  masked: string;
}

export interface ScanResult {
  filesScanned: number;
  findings: Finding[];
}

/**
 * Files that store a plaintext credential on purpose (core's development key): never scanned as
 * logs, but their key is added to the known secrets so a log that repeats it is caught.
 * (`api-keys.json` holds only hashes and is scanned like any other file.)
 */
export const KEY_STORE_FILES: readonly string[] = ['dev-api-key'];

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;
const PASSWORD_ASSIGNMENT = /password=([^\s&;,"'<>]+)/gi;
/** Values after `password=` that are a redaction or placeholder, not a password. */
const NOT_A_PASSWORD = /^(\[?redacted\]?|\*+|x+|<[^>]*>|\$\{?\w+\}?)$/i;
/** Larger files are scanned up to this many bytes (logs rotate well below it). */
const MAX_BYTES = 64 * 1024 * 1024;

/** `test-read-key-0123…` → `test…0123`; short values are masked whole. */
export function maskSecret(value: string): string {
  if (value.length <= 12) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

function listFiles(root: ScanRoot): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        // Key stores count whatever their age: an old key can still leak into a new log.
        if (root.since === undefined || KEY_STORE_FILES.includes(entry.name) || statSync(path).mtimeMs >= root.since) out.push(path);
      }
    }
  };
  walk(root.dir);
  return out.sort();
}

/** Reads the key out of a key-store file (`dev-api-key`: the key on one line). */
export function readKeyStore(file: string): KnownSecret[] {
  const key = readFileSync(file, 'utf8').trim();
  return key ? [{ value: key, kind: 'api-key' }] : [];
}

function scanLine(text: string, file: string, line: number, secrets: readonly KnownSecret[], findings: Finding[]): void {
  for (const secret of secrets) {
    if (!text.includes(secret.value)) continue;
    findings.push({ file, line, kind: secret.kind, masked: maskSecret(secret.value) });
  }
  for (const match of text.matchAll(JWT)) findings.push({ file, line, kind: 'jwt', masked: maskSecret(match[0]) });
  for (const match of text.matchAll(PASSWORD_ASSIGNMENT)) {
    const value = match[1] ?? '';
    if (!NOT_A_PASSWORD.test(value)) findings.push({ file, line, kind: 'password-assignment', masked: `password=${maskSecret(value)}` });
  }
}

/**
 * Scans every file under `roots` (key stores excepted) line by line.
 * @example scanLogs([{ dir: '.test-results/logs' }], [{ value: TEST_KEYS.read, kind: 'api-key' }])
 */
export function scanLogs(roots: readonly ScanRoot[], secrets: readonly KnownSecret[]): ScanResult {
  const files = roots.flatMap(listFiles);
  const known = [...secrets];
  const logs: string[] = [];
  for (const file of files) {
    if (KEY_STORE_FILES.includes(basename(file))) known.push(...readKeyStore(file));
    else logs.push(file);
  }
  const unique = [...new Map(known.filter((s) => s.value.length >= 8).map((s) => [s.value, s])).values()];
  const findings: Finding[] = [];
  for (const file of logs) {
    const buffer = readFileSync(file);
    const lines = buffer.subarray(0, MAX_BYTES).toString('utf8').split('\n');
    lines.forEach((text, index) => scanLine(text, file, index + 1, unique, findings));
  }
  return { filesScanned: logs.length, findings };
}

/** One line per finding: `path:line: kind masked`. */
export function formatFinding(finding: Finding, relativeTo?: string): string {
  const file = relativeTo && finding.file.startsWith(`${relativeTo}/`) ? finding.file.slice(relativeTo.length + 1) : finding.file;
  return `${file}:${finding.line}: ${finding.kind} ${finding.masked}`;
}
