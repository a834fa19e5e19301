#!/usr/bin/env node
// Adds up the per-package jest results written by tooling/jest-summary-reporter.mjs and prints
// one closing line for the whole suite: "N passed, N failed, N skipped", preceded by the name of
// every test that failed. The same lines go to .test-results/summary.txt, which .ci/run prints
// again at the very end (after the container suite), where CI's shortened output still shows them.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', '.test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  // no results: nothing ran
}
for (const file of files) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  failures.push(...(r.failures ?? []));
}
const lines = [...failures.map((f) => `failed: ${f}`), `${passed} passed, ${failed} failed, ${skipped} skipped`];
for (const line of lines) console.log(line);
try {
  appendFileSync(join(dir, 'summary.txt'), lines.join('\n') + '\n');
} catch {
  // no results directory: nothing ran, the line above says so
}
process.exit(failed > 0 || passed === 0 ? 1 : 0);
