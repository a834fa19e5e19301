/**
 * docs/tools.md is generated from the tool definitions (`pnpm docs:tools`, scripts/docs-tools.mjs)
 * and must match them: a tool renamed, added, re-described or re-schemed without regenerating the
 * file fails here, naming the command to run. It must also list exactly the catalogue's 51 tools.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from './catalogue.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('docs/tools.md', () => {
  it('is what `pnpm docs:tools` generates from the current tool definitions', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'docs-tools.mjs'), '--check'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    // On failure the message says what to run: "docs/tools.md is stale … Run: pnpm docs:tools".
    expect({ code: check.status, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
    expect(check.stdout).toBe('docs/tools.md is current\n');
  });

  it('lists exactly the 51 tools of the catalogue, service by service', () => {
    const text = readFileSync(join(root, 'docs', 'tools.md'), 'utf8');
    const sections = text.split(/^## /m).slice(1);
    const listed = Object.fromEntries(
      sections.map((section) => [section.split('\n')[0]!.trim(), [...section.matchAll(/^### `([a-z_0-9]+)`$/gm)].map((m) => m[1])]),
    );
    expect(listed).toEqual(Object.fromEntries(Object.entries(CATALOGUE).map(([service, tools]) => [service, [...tools]])));
  });
});
