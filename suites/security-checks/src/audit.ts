/**
 * `pnpm audit` against a reviewed allow-list. Three outcomes: the advisory endpoint answered and
 * nothing high or critical is left after the allow-list (pass), something is left (fail), or the
 * endpoint could not be reached or refused the request (reported, neither pass nor fail: the
 * registry this project reaches has been seen to answer the audit endpoint with 405).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One advisory as `pnpm audit --json` reports it, trimmed to what the check needs. */
export interface Advisory {
  /** Numeric advisory id in the npm database. */
  id: number;
  /** GHSA id, e.g. `GHSA-xxxx-xxxx-xxxx`, when known. */
  ghsa: string | undefined;
  module: string;
  severity: string;
  title: string;
  url: string;
  versions: string[];
  paths: string[];
}

const allowEntrySchema = z.object({
  /** The GHSA id or the numeric npm advisory id (as a string). */
  id: z.string().min(1),
  package: z.string().min(1),
  /** Dependency paths the justification covers; omitted or empty = every path. */
  paths: z.array(z.string().min(1)).optional(),
  reason: z.string().min(20, 'say why it does not affect us (at least 20 characters)'),
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
  reviewer: z.string().min(1),
  /** After this date (YYYY-MM-DD) the entry no longer applies and must be reviewed again. */
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
});
const allowlistSchema = z.object({ advisories: z.array(allowEntrySchema) }).strict();

export type AllowEntry = z.infer<typeof allowEntrySchema>;

/** Reads and validates the allow-list file; throws naming every problem. */
export function readAllowlist(file: string): AllowEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${error instanceof Error ? error.message : 'unknown error'})`);
  }
  const result = allowlistSchema.safeParse(parsed);
  if (!result.success)
    throw new Error(`${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return result.data.advisories;
}

export type AuditReport =
  { status: 'answered'; advisories: Advisory[] } | { status: 'unreachable'; reason: string } | { status: 'error'; reason: string };

const advisorySchema = z.object({
  id: z.number(),
  github_advisory_id: z.string().optional(),
  module_name: z.string(),
  severity: z.string(),
  title: z.string().default(''),
  url: z.string().default(''),
  findings: z.array(z.object({ version: z.string(), paths: z.array(z.string()).default([]) })).default([]),
});
const auditOutputSchema = z.object({ advisories: z.record(z.string(), advisorySchema) });

/** Errors that mean "no answer from the advisory endpoint", as opposed to a broken project. */
const UNREACHABLE =
  /ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|socket hang up|network/i;

/** Interprets the output of `pnpm audit --json` (exported for the unit test). */
export function parseAuditOutput(stdout: string, stderr: string): AuditReport {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  const parsed = auditOutputSchema.safeParse(json);
  if (parsed.success) {
    const advisories = Object.values(parsed.data.advisories).map((a) => ({
      id: a.id,
      ghsa: a.github_advisory_id,
      module: a.module_name,
      severity: a.severity,
      title: a.title,
      url: a.url,
      versions: [...new Set(a.findings.map((f) => f.version))],
      paths: a.findings.flatMap((f) => f.paths),
    }));
    return { status: 'answered', advisories };
  }
  const text = `${stdout}\n${stderr}`;
  const reason =
    text
      .split('\n')
      .map((l) => l.replace(/^[\s│×]+/, '').trim())
      .filter(Boolean)
      .slice(0, 3)
      .join(' ') || 'no output';
  return UNREACHABLE.test(text) ? { status: 'unreachable', reason } : { status: 'error', reason };
}

export interface RunAuditOptions {
  /** Directory with the pnpm-lock.yaml to audit. */
  cwd: string;
  /** Registry to ask instead of the configured one (tests use a loopback one). */
  registry?: string;
  /** Give up after this long and report the endpoint unreachable. Default 180 s. */
  timeoutMs?: number;
}

/** Runs `pnpm audit --json --audit-level high` in `cwd` and interprets what it printed. */
export function runPnpmAudit({ cwd, registry, timeoutMs = 180_000 }: RunAuditOptions): Promise<AuditReport> {
  const args = ['audit', '--json', '--audit-level', 'high', ...(registry ? ['--registry', registry] : [])];
  return new Promise((resolve) => {
    const child = spawn('pnpm', args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_manage_package_manager_versions: 'false' },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 'error', reason: `cannot run pnpm: ${error.message}` });
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(timedOut ? { status: 'unreachable', reason: `no answer within ${timeoutMs} ms` } : parseAuditOutput(stdout, stderr));
    });
  });
}

const BLOCKING = new Set(['high', 'critical']);

export interface AllowlistVerdict {
  /** High and critical advisories no allow-list entry covers: each fails the check. */
  remaining: Advisory[];
  /** High and critical advisories an entry covers. */
  allowed: { advisory: Advisory; entry: AllowEntry }[];
  /** Entries that matched nothing reported (candidates for removal). */
  unused: AllowEntry[];
}

function covers(entry: AllowEntry, advisory: Advisory, today: string): boolean {
  if (entry.expires < today) return false;
  if (entry.package !== advisory.module) return false;
  if (entry.id !== advisory.ghsa && entry.id !== String(advisory.id)) return false;
  const paths = entry.paths ?? [];
  return paths.length === 0 || advisory.paths.every((p) => paths.includes(p));
}

/** Subtracts the allow-list from the high and critical advisories. `today` is YYYY-MM-DD. */
export function applyAllowlist(advisories: readonly Advisory[], allowlist: readonly AllowEntry[], today: string): AllowlistVerdict {
  const remaining: Advisory[] = [];
  const allowed: AllowlistVerdict['allowed'] = [];
  const used = new Set<AllowEntry>();
  for (const advisory of advisories.filter((a) => BLOCKING.has(a.severity))) {
    const entry = allowlist.find((e) => covers(e, advisory, today));
    if (entry) {
      allowed.push({ advisory, entry });
      used.add(entry);
    } else remaining.push(advisory);
  }
  return { remaining, allowed, unused: allowlist.filter((e) => !used.has(e)) };
}
