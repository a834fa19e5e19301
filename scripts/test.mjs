#!/usr/bin/env node
// `pnpm test`: build, lint, type-check and test every package (turbo; all tasks run even when
// one fails), then the formatting check (Prettier), then the security checks (pnpm audit against audit-allowlist.json, and a scan of
// every log the run wrote for API keys, JWTs and passwords), then print one closing line for the
// whole suite. Exits non-zero on any failure.
//
// Logs of the run are kept under .test-results/logs/ (A2A_TEST_LOG_DIR, honoured by testkit's
// startTestService and service-manager's test helpers); turbo's own output is copied to
// .test-results/logs/turbo.log so the scan also sees everything jest printed.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const logDir = join(root, '.test-results', 'logs');
rmSync(join(root, '.test-results'), { recursive: true, force: true });
mkdirSync(logDir, { recursive: true });
const started = Date.now();

// Turbo's default (10 tasks at once) oversubscribes a 2-core CI machine: the suites that start real
// processes and servers then miss their timeouts. Three at a time keeps the run near the same length.
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const turboLog = createWriteStream(join(logDir, 'turbo.log'));
const turbo = spawn(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    'lint',
    'typecheck',
    'test',
    '--continue',
    '--output-logs=new-only',
    `--concurrency=${concurrency}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: ['inherit', 'pipe', 'pipe'],
    env: { ...process.env, A2A_TEST_LOG_DIR: logDir },
  },
);
turbo.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  turboLog.write(chunk);
});
turbo.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  turboLog.write(chunk);
});
const turboStatus = await new Promise((resolve) => turbo.on('close', (code) => resolve(code ?? 1)));
await new Promise((resolve) => turboLog.end(resolve));

// The formatter (Prettier, .prettierrc.json / .prettierignore): any file not as `pnpm format` writes it fails the run.
const format = spawnSync('pnpm', ['exec', 'prettier', '--check', '.', '--log-level', 'warn'], { cwd: root, stdio: 'inherit' });
if (format.status !== 0) console.error('Formatting: the files above differ from `pnpm format`; run it and commit the result.');

const securityCli = join(root, 'suites', 'security-checks', 'dist', 'cli.js');
const audit = spawnSync(process.execPath, [securityCli, 'audit', '--root', root], { cwd: root, stdio: 'inherit' });
const scan = spawnSync(process.execPath, [securityCli, 'scan-logs', '--root', root, '--since', String(started)], {
  cwd: root,
  stdio: 'inherit',
});

// What failed, in a few lines: .test-results/summary.txt (test-summary.mjs adds the failed tests
// and the closing line), printed again by .ci/run after the container suite.
const failedParts = [];
if (turboStatus !== 0) {
  // turbo closes with "Failed:    pkg#task" and one more indented line per further failed task.
  const tail = readFileSync(join(logDir, 'turbo.log'), 'utf8').split('\n');
  const at = tail.findIndex((line) => /^\s*Failed:\s/.test(line));
  const tasks = [];
  for (let i = at; at >= 0 && i < tail.length; i++) {
    const task = /^\s*(?:Failed:)?\s*(\S+#\S+)\s*$/.exec(tail[i]);
    if (!task) break;
    tasks.push(task[1]);
  }
  failedParts.push(`failed: turbo tasks ${tasks.length > 0 ? tasks.join(', ') : `(exit ${turboStatus})`}`);
}
if (format.status !== 0) failedParts.push('failed: formatting (prettier --check)');
if (audit.status !== 0) failedParts.push('failed: dependency audit');
if (scan.status !== 0) failedParts.push('failed: log scan for secrets');
writeFileSync(join(root, '.test-results', 'summary.txt'), failedParts.map((l) => l + '\n').join(''));

const summary = spawnSync(process.execPath, [join(root, 'scripts', 'test-summary.mjs')], { cwd: root, stdio: 'inherit' });
const failed = [turboStatus, format.status ?? 1, audit.status ?? 1, scan.status ?? 1, summary.status ?? 1].find((s) => s !== 0);
process.exit(failed === undefined ? 0 : failed || 1);
