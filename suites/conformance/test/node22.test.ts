/**
 * The suite runs on a Node >= 22 binary while this harness, and the services under test, stay on
 * the project's Node: no `node` may appear in this package's node_modules/.bin (pnpm's script shims
 * would run jest on it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { MIN_NODE_MAJOR, node22Path } from '@a2a-mcp/node22';

it('finds a Node >= 22 binary', () => {
  const version = spawnSync(node22Path(), ['--version'], { encoding: 'utf8' }).stdout.trim();
  expect(Number(/^v(\d+)\./.exec(version)?.[1])).toBeGreaterThanOrEqual(MIN_NODE_MAJOR);
});

it('does not put that binary on this package PATH', () => {
  expect(existsSync(fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url)))).toBe(false);
});
