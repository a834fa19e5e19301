import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_KEYS } from '@a2a-mcp/testkit';
import { formatFinding, harvestSecrets, maskSecret, scanLogs } from '../src/index.js';

// Planted values live only in files under a private temp dir, never in a log of this run.
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'security-checks-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A syntactically valid HS256 JWT ({"alg":"HS256","typ":"JWT"} / {"sub":"planted"}), built here.
const b64 = (s: string) => Buffer.from(s).toString('base64url');
const JWT = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"sub":"planted"}')}.c2lnbmF0dXJlLXBsYW50ZWQ`;

describe('scanLogs', () => {
  it('finds a planted test key and a planted JWT, with file, line and the value masked', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(
      join(dir, 'logs', 'svc.log'),
      [
        '{"level":"info","message":"listening"}',
        '{"level":"warn","message":"ok"}',
        `{"level":"warn","message":"bad key ${TEST_KEYS.read}"}`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'usage.jsonl'), `{"tool":"x"}\n{"args":{"token":"${JWT}"}}\n`);
    const result = scanLogs([{ dir }], [{ value: TEST_KEYS.read, kind: 'api-key' }]);
    expect(result.filesScanned).toBe(2);
    expect(result.findings).toEqual([
      { file: join(dir, 'logs', 'svc.log'), line: 3, kind: 'api-key', masked: 'test**************************0123' },
      { file: join(dir, 'usage.jsonl'), line: 2, kind: 'jwt', masked: maskSecret(JWT) },
    ]);
    expect(formatFinding(result.findings[0]!, dir)).toBe('logs/svc.log:3: api-key test**************************0123');
    expect(maskSecret(JWT)).toMatch(/^eyJh\*+0ZWQ$/);
    expect(maskSecret(JWT)).toHaveLength(JWT.length);
  });

  it('flags password= with a value, and not a redacted one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), 'connect password=[REDACTED]\nurl?password=***\nconnect password=hunter2hunter2\n');
    expect(scanLogs([{ dir }], []).findings).toEqual([
      { file: join(dir, 'a.log'), line: 3, kind: 'password-assignment', masked: 'password=hunt******ter2' },
    ]);
  });

  it('passes clean logs, skips files older than `since`, and never reads a key store as a log', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'clean.log'), '{"message":"unauthorized","clientId":"reader","apiKey":"[REDACTED]"}\n');
    writeFileSync(join(dir, 'old.log'), `${TEST_KEYS.write}\n`);
    utimesSync(join(dir, 'old.log'), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    writeFileSync(join(dir, 'dev-api-key'), 'dev_plantedDevelopmentKey0123456789\n');
    utimesSync(join(dir, 'dev-api-key'), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    const since = Date.parse('2021-01-01T00:00:00Z');
    expect(scanLogs([{ dir, since }], [{ value: TEST_KEYS.write, kind: 'api-key' }])).toEqual({ filesScanned: 1, findings: [] });
    // The old key store still supplies its key: a new log repeating it is caught.
    writeFileSync(join(dir, 'new.log'), 'x dev_plantedDevelopmentKey0123456789\n');
    expect(scanLogs([{ dir, since }], []).findings).toEqual([
      { file: join(dir, 'new.log'), line: 1, kind: 'api-key', masked: 'dev_***************************6789' },
    ]);
  });

  it('adds the key of a dev-api-key file to the secrets: any line containing it is caught', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'state', 'logs'), { recursive: true });
    const key = 'dev_plantedDevelopmentKey0123456789';
    writeFileSync(join(dir, 'state', 'dev-api-key'), `${key}\n`);
    writeFileSync(
      join(dir, 'state', 'logs', 'svc.log'),
      [
        `{"developmentKey":"${key}","level":"warn","message":"created a development API key"}`,
        `{"message":"request","apiKey":"${key}"}`,
        `{"developmentKey":"${key}","note":"${key}"}`,
      ].join('\n'),
    );
    const masked = 'dev_***************************6789';
    const file = join(dir, 'state', 'logs', 'svc.log');
    expect(scanLogs([{ dir }], [])).toEqual({
      filesScanned: 1,
      findings: [
        { file, line: 1, kind: 'api-key', masked },
        { file, line: 2, kind: 'api-key', masked },
        { file, line: 3, kind: 'api-key', masked },
      ],
    });
  });

  it('skips a missing root', () => {
    expect(scanLogs([{ dir: join(tmpdir(), 'security-checks-does-not-exist') }], [])).toEqual({ filesScanned: 0, findings: [] });
  });
});

describe('harvestSecrets', () => {
  it('takes literal keys and JWT secrets, skips templates and short values', () => {
    const source = [
      "config({ MCP_API_KEYS: 'alpha-0123456789abcdef:ops:read beta-0123456789abcdef:ci:write' });",
      'env = { API_KEY_1: "gamma-0123456789abcdef:ops:admin", API_KEY_7: \'tiny:batch:write\' };',
      "const env = { JWT_SECRET: 'a-jwt-secret-of-some-length', JWT_SECRET_KEY: 'b' };",
      'const keys = `${TEST_KEYS.read}:reader:read`; MCP_API_KEYS: `${KEYS.read}:r:read`;',
      "const KEYS = { read: 'demo-read-key-0123456789abcdef' };",
    ].join('\n');
    expect(harvestSecrets(source)).toEqual([
      { value: 'alpha-0123456789abcdef', kind: 'api-key' },
      { value: 'beta-0123456789abcdef', kind: 'api-key' },
      { value: 'gamma-0123456789abcdef', kind: 'api-key' },
      { value: 'a-jwt-secret-of-some-length', kind: 'jwt-secret' },
      { value: 'demo-read-key-0123456789abcdef', kind: 'api-key' },
    ]);
  });
});

describe('security-checks scan-logs (the built CLI)', () => {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

  it('fails on a planted JWT in a log, prints file:line masked, and records the failure for the summary', () => {
    const root = tempDir();
    mkdirSync(join(root, '.test-results', 'logs', 'pkg'), { recursive: true });
    writeFileSync(join(root, '.test-results', 'logs', 'pkg', 'out.log'), `line one\nAuthorization: ${JWT}\n`);
    const run = spawnSync(process.execPath, [cli, 'scan-logs', '--root', root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      `log scan: .test-results/logs/pkg/out.log:2: jwt ${maskSecret(JWT)}\nlog scan: FAILED: 1 log files scanned, 1 secrets found\n`,
    );
    expect(run.stdout).not.toContain(JWT);
    expect(JSON.parse(readFileSync(join(root, '.test-results', 'security-log-scan.json'), 'utf8'))).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });

  it('passes when the logs are clean', () => {
    const root = tempDir();
    mkdirSync(join(root, '.test-results', 'logs'), { recursive: true });
    writeFileSync(join(root, '.test-results', 'logs', 'out.log'), 'nothing secret here\n');
    const run = spawnSync(process.execPath, [cli, 'scan-logs', '--root', root], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('log scan: passed: 1 log files scanned, 0 secrets found\n');
    expect(JSON.parse(readFileSync(join(root, '.test-results', 'security-log-scan.json'), 'utf8'))).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0,
    });
  });
});
