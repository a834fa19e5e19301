/**
 * tooling/check-imports.mjs (run by core's lint): it passes on this repository and fails, naming
 * the modules, on a tree with a cycle, a layer breach or a library importing a service.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(repoRoot, 'tooling', 'check-imports.mjs');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A minimal repository: files relative to its root. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
  dirs.push(root);
  for (const [path, text] of Object.entries({
    'services/echo/package.json': '{"name":"@a2a-mcp/echo"}',
    'packages/core/package.json': '{"name":"@a2a-mcp/core"}',
    ...files,
  })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string) {
  const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('check-imports', () => {
  it('passes on this repository', () => {
    expect(check(repoRoot).status).toBe(0);
  });

  it('fails on a cycle, type-only imports included', () => {
    const root = tree({
      'packages/core/src/a.ts': "import { b } from './mcp/b.js';\nexport const a = b;\n",
      'packages/core/src/mcp/b.ts': "import type { C } from '../c.js';\nexport const b = 1 as unknown as C;\n",
      'packages/core/src/c.ts': "import type { a } from './a.js';\nexport type C = typeof a;\n",
    });
    expect(check(root)).toEqual({ status: 1, stderr: 'check-imports: 1 violation(s)\n  cycle: a.ts <-> c.ts <-> mcp/b.ts\n' });
  });

  it('fails when http/ imports mcp/ or auth/ imports http/', () => {
    const root = tree({
      'packages/core/src/http/server.ts': "export { x } from '../mcp/x.js';\n",
      'packages/core/src/mcp/x.ts': 'export const x = 1;\n',
      'packages/core/src/auth/guard.ts': "import type { Y } from '../http/y.js';\nexport type G = Y;\n",
      'packages/core/src/http/y.ts': 'export type Y = 1;\n',
    });
    expect(check(root)).toEqual({
      status: 1,
      stderr:
        'check-imports: 2 violation(s)\n  layer: auth/guard.ts imports http/y.ts (auth/ stands on its own)\n  layer: http/server.ts imports mcp/x.ts (http/ is transport only)\n',
    });
  });

  it('fails when a library in packages/ depends on or imports a service', () => {
    const root = tree({
      'packages/core/src/index.ts': 'export {};\n',
      'packages/kit/package.json': '{"name":"@a2a-mcp/kit","devDependencies":{"@a2a-mcp/echo":"workspace:*"}}',
      'packages/kit/src/index.ts': "export { echo } from '@a2a-mcp/echo';\n",
    });
    expect(check(root)).toEqual({
      status: 1,
      stderr:
        'check-imports: 2 violation(s)\n  upward: packages/kit/package.json depends on @a2a-mcp/echo (a service)\n  upward: packages/kit/src/index.ts imports @a2a-mcp/echo (a service)\n',
    });
  });
});
