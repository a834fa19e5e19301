/**
 * What a fresh node process loads (issue #17's lazy-loading tests): runs an ES module body in a new
 * process and reports every file it loaded — ES modules through a load hook, CommonJS ones from
 * require's cache — and whatever the body assigned to `result`.
 */
import { spawnSync } from 'node:child_process';

export interface LoadedModules<Result = unknown> {
  /** file: URLs of ES modules and paths of CommonJS modules, in load order, ES modules first. */
  files: string[];
  result: Result;
}

/**
 * Runs `script` (an ES module body that may `await` and assign `result`) in a fresh node with an
 * empty NODE_OPTIONS; `cwd` decides how bare specifiers resolve. Throws with the child's stderr when
 * it exits with an error.
 */
export function runAndListLoaded<Result = unknown>(script: string, { cwd }: { cwd?: string } = {}): LoadedModules<Result> {
  const program = `
    import { register, createRequire } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const urls = [];
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (url) => urls.push(url));
    port1.unref();
    register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }'), { data: { port: port2 }, transferList: [port2] });
    let result;
    ${script}
    await new Promise((r) => setTimeout(r, 100));
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(JSON.stringify({ files: [...urls, ...cjs], result }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    ...(cwd ? { cwd } : {}),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as LoadedModules<Result>;
}

/** The packages (`name` or `@scope/name`) the files belong to, sorted, each once. */
export function packagesOf(files: readonly string[]): string[] {
  const names = new Set<string>();
  for (const path of files) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(path);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}
