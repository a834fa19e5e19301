#!/usr/bin/env node
// `pnpm test`: build, lint, type-check and test every package (turbo; all tasks run even when
// one fails), then print one closing line for the whole suite. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
rmSync(join(root, '.test-results'), { recursive: true, force: true });
const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', 'lint', 'typecheck', 'test', '--continue', '--output-logs=new-only', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const summary = spawnSync(process.execPath, [join(root, 'scripts', 'test-summary.mjs')], { cwd: root, stdio: 'inherit' });
process.exit(turbo.status !== 0 ? turbo.status || 1 : (summary.status ?? 1));
