// `pnpm bench`: runs every benchmark script in bench/ in turn. BENCH_ONLY=name runs one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const scripts = [
  'http-overhead.mjs',
  'services.mjs',
  'standardize-batch.mjs',
  'vectors.mjs',
  'sat.mjs',
  'compute-pool.mjs',
  'request-cost.mjs',
  'messaging.mjs',
  'fleet.mjs',
  'load.mjs',
];
const only = process.env.BENCH_ONLY;
let failed = false;
for (const script of scripts) {
  if (only && !script.startsWith(only)) continue;
  const path = join(import.meta.dirname, script);
  if (!existsSync(path)) continue;
  console.log(`\n## ${script}`);
  const result = spawnSync(process.execPath, [path], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
