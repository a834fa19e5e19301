/**
 * Writes this package's pass/fail counts to .test-results/<package>.json at the repo root,
 * so `scripts/test-summary.mjs` can print one closing line for the whole suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}
