#!/usr/bin/env node
// `pnpm start`: hands over to the service manager, which starts every implemented service under a
// background supervisor and prints their URLs, the dev API key file and how to stop them.
// Arguments pass through: `pnpm start -- --production`, `pnpm start -- confidence-calculator`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages', 'service-manager', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('The service manager is not built. Run: pnpm build');
  process.exit(2);
}
const result = spawnSync(process.execPath, [cli, 'start', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
