/**
 * Writes this package's pass/fail counts, and the names of the tests that failed, to
 * .test-results/<package>.json at the repo root, so `scripts/test-summary.mjs` can print one
 * closing line for the whole suite and list what failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = join(root, '.test-results');
    mkdirSync(dir, { recursive: true });
    const name = `${basename(dirname(this.rootDir))}-${basename(this.rootDir)}`;
    const failures = [];
    for (const file of results.testResults) {
      const path = relative(root, file.testFilePath);
      if (file.testExecError) failures.push(`${path}: the file did not run (${firstLine(file.testExecError.message)})`);
      for (const test of file.testResults) {
        if (test.status === 'failed') failures.push(`${path}: ${test.fullName} (${firstLine(test.failureMessages[0])})`);
      }
    }
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        failures,
      }),
    );
  }
}

function firstLine(text) {
  const line = String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (line ?? '').slice(0, 200);
}
