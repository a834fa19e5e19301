/**
 * The shell examples of the README, this package's README and every service README, run as pasted
 * against a fleet of our own: every fenced block marked ```sh runnable or ```bash runnable is run
 * with bash (`set -e -o pipefail`) from the repository root, with the registry ports 8101–8119
 * moved by a free port offset and `.state/` pointing at the test's state directory (the
 * service-manager commands find it through A2A_STATE_DIR). A block passes when it exits 0, prints
 * no JSON-RPC error and no failed tool result, and prints `"structuredContent":X` for each of its
 * `# structuredContent: X` comments. Background jobs a block starts are killed when it ends.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, freeOffset, repoRoot, runCli, tempDir } from './helpers.js';

interface Block {
  file: string;
  line: number;
  code: string;
}

const SERVICES = readdirSync(join(repoRoot, 'services')).filter((name) => existsSync(join(repoRoot, 'services', name, 'package.json')));
const DOCS = ['README.md', 'packages/service-manager/README.md', ...SERVICES.map((name) => `services/${name}/README.md`)];

/** The runnable fenced blocks of a Markdown file, with the line of their opening fence. */
function runnableBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash) runnable\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ file, line: start + 1, code: body.join('\n') });
  }
  return blocks;
}

/** A block as the test runs it: ports moved by `offset`, `.state/` in `stateDir`. */
function prepare(code: string, offset: number, stateDir: string): string {
  return code.replace(/\b81(0[1-9]|1\d)\b/g, (port) => String(Number(port) + offset)).replace(/(^|[\s"'=(])\.state\//g, `$1${stateDir}/`);
}

/** Runs a prepared block with bash; collects stdout and stderr. */
function runBlock(code: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const script = `set -e -o pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${code}\n`;
    const child = spawn('bash', ['-c', script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ code: exit, stdout, stderr });
    });
  });
}

const blocks = DOCS.flatMap((file) => runnableBlocks(file, readFileSync(join(repoRoot, file), 'utf8')));

describe('the documentation', () => {
  it('has runnable examples in the README, the service-manager README and every service README', () => {
    expect(SERVICES).toHaveLength(9);
    for (const file of DOCS) expect([file, blocks.filter((b) => b.file === file).length > 0]).toEqual([file, true]);
  });

  it("links every service's README from the README's service table", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const name of SERVICES) expect(readme).toContain(`| [${name}](services/${name}/README.md) |`);
  });

  it('defines $KEY in every runnable block that uses it', () => {
    for (const block of blocks.filter((b) => b.code.includes('$KEY')))
      expect([block.file, block.line, /^(export )?KEY=/m.test(block.code)]).toEqual([block.file, block.line, true]);
  });
});

describe('runnable shell examples, as pasted, against a fleet on a port offset', () => {
  const stateDir = tempDir('docs');
  let offset = 0;
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    // 8101–8109 for the fleet, 8118 and 8119 for the single-service examples.
    offset = await freeOffset(8101, 19);
    // Under REQUIRE_SERVICES (CI, the root `pnpm test`) REDIS_URL reaches the fleet, and then
    // session-management refuses to start without a shared SESSION_SIGNING_SECRET (exit 78), as its
    // README says; a fixed test secret keeps the fleet startable either way.
    const fleetEnv = { SESSION_SIGNING_SECRET: 'docs-examples-session-signing-secret-0123456789abcdef' };
    const started = await runCli(['--state-dir', stateDir, 'start', '--port-offset', String(offset)], {
      env: fleetEnv,
      timeoutMs: 180_000,
    });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    env = childEnv({ ...fleetEnv, A2A_STATE_DIR: stateDir, npm_config_manage_package_manager_versions: 'false' });
  }, 200_000);

  afterAll(async () => {
    await runCli(['--state-dir', stateDir, 'stop', '--timeout', '5000']);
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))(
    '%s',
    async (_name, block) => {
      const result = await runBlock(prepare(block.code, offset, stateDir), env);
      const where = `${block.file}:${block.line}`;
      expect({ where, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ where, code: 0, stderr: '' });
      expect({ where, jsonRpcError: /"error":\s*\{/.test(result.stdout), toolError: /"isError":\s*true/.test(result.stdout) }).toEqual({
        where,
        jsonRpcError: false,
        toolError: false,
      });
      for (const [, expected] of block.code.matchAll(/^# structuredContent: (.+)$/gm))
        expect(result.stdout).toContain(`"structuredContent":${expected!.trim()}`);
    },
    120_000,
  );
});
