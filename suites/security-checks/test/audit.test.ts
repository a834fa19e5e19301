/**
 * The audit check driven end to end: the built CLI runs the real `pnpm audit` on a one-package
 * fixture project, against an advisory endpoint on loopback that answers as this test decides
 * (the public one is not reachable from CI here).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyAllowlist, parseAuditOutput, type Advisory, type AllowEntry } from '../src/index.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const LOCKFILE = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      planted-lib:
        specifier: 1.2.3
        version: 1.2.3

packages:

  planted-lib@1.2.3:
    resolution: {integrity: sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==}

snapshots:

  planted-lib@1.2.3: {}
`;

let answer: { status: number; body: unknown } = { status: 200, body: {} };
const asked: unknown[] = [];
let server: Server;
let registry: string;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'security-audit-'));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'audit-fixture', version: '1.0.0', private: true, dependencies: { 'planted-lib': '1.2.3' } }),
  );
  writeFileSync(join(root, 'pnpm-lock.yaml'), LOCKFILE);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/-/npm/v1/security/advisories/bulk') {
        asked.push(JSON.parse(body));
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const advisory = (severity: string) => ({
  'planted-lib': [
    {
      id: 1099999,
      url: 'https://github.com/advisories/GHSA-pl4n-t3d0-0001',
      title: 'planted advisory',
      severity,
      vulnerable_versions: '<2.0.0',
      cwe: ['CWE-400'],
      cvss: { score: 7.5, vectorString: null },
    },
  ],
});
const entry = (overrides: Partial<AllowEntry> = {}): AllowEntry => ({
  id: 'GHSA-pl4n-t3d0-0001',
  package: 'planted-lib',
  reason: 'only reachable through an API this project never calls',
  reviewed: '2026-11-21',
  reviewer: 'security-checks test',
  expires: '2099-12-31',
  ...overrides,
});

function runAudit(allowlist: unknown): Promise<{ code: number; stdout: string; counts: unknown }> {
  const file = join(root, 'allowlist.json');
  writeFileSync(file, JSON.stringify(allowlist));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'audit', '--root', root, '--allowlist', file, '--registry', registry],
      { encoding: 'utf8' },
      (error, stdout) => {
        const code = error ? Number(error.code) : 0;
        resolve({ code, stdout, counts: JSON.parse(readFileSync(join(root, '.test-results', 'security-audit.json'), 'utf8')) });
      },
    );
  });
}

describe('security-checks audit', () => {
  it('fails on a high advisory nobody justified, and says which', async () => {
    answer = { status: 200, body: advisory('high') };
    const run = await runAudit({ advisories: [] });
    expect(asked.at(-1)).toEqual({ 'planted-lib': ['1.2.3'] });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'security audit: high GHSA-pl4n-t3d0-0001 planted-lib@1.2.3: planted advisory (.>planted-lib)\n' +
        'security audit: FAILED: 1 advisories reported, 0 high/critical allowed, 1 high/critical left\n',
    );
    expect(run.counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('passes when the allow-list justifies it, and prints the justification used', async () => {
    answer = { status: 200, body: advisory('critical') };
    const run = await runAudit({ advisories: [entry()] });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'security audit: allowed by audit-allowlist.json (reviewed 2026-11-21, expires 2099-12-31): critical GHSA-pl4n-t3d0-0001 planted-lib@1.2.3: planted advisory (.>planted-lib)\n' +
        'security audit: passed: 1 advisories reported, 1 high/critical allowed, 0 high/critical left\n',
    );
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('fails again once the justification has expired', async () => {
    answer = { status: 200, body: advisory('high') };
    const run = await runAudit({ advisories: [entry({ expires: '2020-01-01' })] });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('security audit: FAILED: 1 advisories reported, 0 high/critical allowed, 1 high/critical left\n');
  });

  it('passes with only a moderate advisory (pnpm --audit-level high leaves it out of the report)', async () => {
    answer = { status: 200, body: advisory('moderate') };
    const run = await runAudit({ advisories: [] });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('security audit: passed: 0 advisories reported, 0 high/critical allowed, 0 high/critical left\n');
  });

  it('reports a skip, not a pass, when the endpoint refuses (405, as the registry here does)', async () => {
    answer = { status: 405, body: {} };
    const run = await runAudit({ advisories: [] });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^security audit: SKIPPED: the advisory endpoint could not be reached or refused the request \(.*405.*\); no advisory data, nothing checked\n$/,
    );
    expect(run.counts).toEqual({ passed: 0, failed: 0, skipped: 1 });
  });

  it('fails on an allow-list entry without a reason or a date', async () => {
    const run = await runAudit({
      advisories: [
        { id: 'GHSA-pl4n-t3d0-0001', package: 'planted-lib', reason: 'meh', reviewed: 'today', reviewer: 'x', expires: '2099-12-31' },
      ],
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'advisories.0.reason: say why it does not affect us (at least 20 characters); advisories.0.reviewed: a date, YYYY-MM-DD\n',
    );
    expect(run.counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});

describe('applyAllowlist', () => {
  const found: Advisory = {
    id: 7,
    ghsa: 'GHSA-aaaa-bbbb-cccc',
    module: 'lib',
    severity: 'high',
    title: 't',
    url: '',
    versions: ['1.0.0'],
    paths: ['a>lib', 'b>lib'],
  };
  it('matches by GHSA or numeric id, package and every path; reports unused entries', () => {
    const byNumber = entry({ id: '7', package: 'lib' });
    expect(applyAllowlist([found], [byNumber], '2026-11-21')).toEqual({
      remaining: [],
      allowed: [{ advisory: found, entry: byNumber }],
      unused: [],
    });
    const onePath = entry({ id: 'GHSA-aaaa-bbbb-cccc', package: 'lib', paths: ['a>lib'] });
    expect(applyAllowlist([found], [onePath], '2026-11-21')).toEqual({ remaining: [found], allowed: [], unused: [onePath] });
    const otherPackage = entry({ id: 'GHSA-aaaa-bbbb-cccc', package: 'other' });
    expect(applyAllowlist([found], [otherPackage], '2026-11-21').remaining).toEqual([found]);
  });
});

describe('parseAuditOutput', () => {
  it('tells an unreachable endpoint from a broken project', () => {
    expect(parseAuditOutput('', 'ERR_PNPM_AUDIT_BAD_RESPONSE  The audit endpoint responded with 405').status).toBe('unreachable');
    // What pnpm 12 prints when nothing listens at the registry address (after about a minute of retries).
    const refused =
      'Error: ERR_PNPM_AUDIT_BAD_RESPONSE\n\n  × Failed to request the audit endpoint (at http://127.0.0.1:9/-/npm/v1/\n  │ security/advisories/bulk): error sending request for url';
    expect(parseAuditOutput('', refused)).toEqual({
      status: 'unreachable',
      reason:
        'Error: ERR_PNPM_AUDIT_BAD_RESPONSE Failed to request the audit endpoint (at http://127.0.0.1:9/-/npm/v1/ security/advisories/bulk): error sending request for url',
    });
    expect(parseAuditOutput('', 'ERR_PNPM_AUDIT_NO_LOCKFILE  No pnpm-lock.yaml found')).toEqual({
      status: 'error',
      reason: 'ERR_PNPM_AUDIT_NO_LOCKFILE  No pnpm-lock.yaml found',
    });
  });
});
