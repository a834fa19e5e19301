#!/usr/bin/env node
/**
 * Entry point used by the root `pnpm test` (scripts/test.mjs) after the suite:
 *
 *   security-checks audit --root <repo>                      pnpm audit minus audit-allowlist.json
 *   security-checks scan-logs --root <repo> [--since <ms>]   secrets in the logs the run wrote
 *
 * Each writes `<repo>/.test-results/security-<check>.json` ({passed, failed, skipped}) for
 * scripts/test-summary.mjs and exits 1 on a failure, 0 otherwise (an unreachable audit endpoint
 * is a skip, printed as such).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyAllowlist, readAllowlist, runPnpmAudit, type Advisory } from './audit.js';
import { formatFinding, scanLogs } from './log-scan.js';
import { collectTestSecrets } from './test-secrets.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function record(root: string, check: string, counts: { passed: number; failed: number; skipped: number }): void {
  const dir = join(root, '.test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `security-${check}.json`), JSON.stringify(counts));
}

function describe(a: Advisory): string {
  return `${a.severity} ${a.ghsa ?? a.id} ${a.module}@${a.versions.join(',')}: ${a.title} (${a.paths.slice(0, 3).join(' ; ')}${a.paths.length > 3 ? ` ; +${a.paths.length - 3} more` : ''})`;
}

async function audit(root: string, allowlistFile: string, registry: string | undefined): Promise<number> {
  let allowlist;
  try {
    allowlist = readAllowlist(allowlistFile);
  } catch (error) {
    say(`security audit: FAILED: ${error instanceof Error ? error.message : 'invalid allow-list'}`);
    record(root, 'audit', { passed: 0, failed: 1, skipped: 0 });
    return 1;
  }
  const report = await runPnpmAudit({ cwd: root, ...(registry ? { registry } : {}) });
  if (report.status === 'unreachable') {
    say(
      `security audit: SKIPPED: the advisory endpoint could not be reached or refused the request (${report.reason}); no advisory data, nothing checked`,
    );
    record(root, 'audit', { passed: 0, failed: 0, skipped: 1 });
    return 0;
  }
  if (report.status === 'error') {
    say(`security audit: FAILED: pnpm audit did not produce a report (${report.reason})`);
    record(root, 'audit', { passed: 0, failed: 1, skipped: 0 });
    return 1;
  }
  const verdict = applyAllowlist(report.advisories, allowlist, new Date().toISOString().slice(0, 10));
  for (const { advisory, entry } of verdict.allowed)
    say(`security audit: allowed by audit-allowlist.json (reviewed ${entry.reviewed}, expires ${entry.expires}): ${describe(advisory)}`);
  for (const entry of verdict.unused)
    say(`security audit: note: allow-list entry ${entry.id} (${entry.package}) matched no advisory; remove it if it is no longer needed`);
  for (const advisory of verdict.remaining) say(`security audit: ${describe(advisory)}`);
  const failed = verdict.remaining.length > 0;
  say(
    `security audit: ${failed ? 'FAILED' : 'passed'}: ${report.advisories.length} advisories reported, ${verdict.allowed.length} high/critical allowed, ${verdict.remaining.length} high/critical left`,
  );
  record(root, 'audit', { passed: failed ? 0 : 1, failed: failed ? 1 : 0, skipped: 0 });
  return failed ? 1 : 0;
}

function scan(root: string, since: number | undefined): number {
  const roots = [{ dir: join(root, '.test-results', 'logs') }, { dir: join(root, '.state'), ...(since !== undefined ? { since } : {}) }];
  const result = scanLogs(roots, collectTestSecrets(root));
  for (const finding of result.findings.slice(0, 200)) say(`log scan: ${formatFinding(finding, root)}`);
  if (result.findings.length > 200) say(`log scan: … and ${result.findings.length - 200} more`);
  const failed = result.findings.length > 0;
  say(`log scan: ${failed ? 'FAILED' : 'passed'}: ${result.filesScanned} log files scanned, ${result.findings.length} secrets found`);
  record(root, 'log-scan', { passed: failed ? 0 : 1, failed: failed ? 1 : 0, skipped: 0 });
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { root: { type: 'string' }, allowlist: { type: 'string' }, registry: { type: 'string' }, since: { type: 'string' } },
  });
  const root = resolve(values.root ?? process.cwd());
  if (positionals[0] === 'audit') return audit(root, values.allowlist ?? join(root, 'audit-allowlist.json'), values.registry);
  if (positionals[0] === 'scan-logs') {
    const since = values.since === undefined ? undefined : Number(values.since);
    if (since !== undefined && !Number.isFinite(since)) {
      say('usage: --since takes epoch milliseconds');
      return 2;
    }
    return scan(root, since);
  }
  say('usage: security-checks audit|scan-logs [--root dir] [--allowlist file] [--registry url] [--since ms]');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`security-checks: ${error instanceof Error ? error.message : 'failed'}`);
    process.exit(1);
  },
);
