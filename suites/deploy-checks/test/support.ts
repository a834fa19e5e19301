/**
 * Shared helpers for the deployment checks: the repository layout, services.json, the variable
 * names core reads, external binaries (required in CI), free ports and child processes.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

export interface ServiceEntry {
  name: string;
  package: string;
  port: number;
  description: string;
}

export function loadServices(): ServiceEntry[] {
  return (JSON.parse(readFileSync(repoPath('services.json'), 'utf8')) as { services: ServiceEntry[] }).services;
}

/**
 * Every environment variable name core accepts, read from the sources themselves so the check
 * follows them as they grow: the zod schema keys, the documented aliases and `<NAME>_FILE`
 * variants in packages/core/src/config.ts, and every `NAME=` (commented or not) in .env.template.
 */
export function coreVariableNames(): Set<string> {
  const names = new Set<string>();
  const config = readFileSync(repoPath('packages/core/src/config.ts'), 'utf8');
  const schemaStart = config.indexOf('z.object({');
  const schemaEnd = config.indexOf('\n});', schemaStart);
  for (const m of config.slice(schemaStart, schemaEnd).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)) names.add(m[1]!);
  const aliases = /const ALIASES[^=]*=\s*\[([\s\S]*?)\];/.exec(config)?.[1] ?? '';
  for (const m of aliases.matchAll(/'([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]!);
  const secrets = /const SECRET_VARS\s*=\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '';
  for (const m of secrets.matchAll(/'([A-Z][A-Z0-9_]*)'/g)) {
    names.add(m[1]!);
    names.add(`${m[1]!}_FILE`);
  }
  for (const m of readFileSync(repoPath('.env.template'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)) names.add(m[1]!);
  return names;
}

/** `API_KEY_<N>` and `API_KEY_<N>_FILE` are a family, not single names. */
export function isCoreVariable(name: string, known: Set<string>): boolean {
  return known.has(name) || /^API_KEY_\d+(_FILE)?$/.test(name);
}

/** True in CI (REQUIRE_SERVICES=1): a missing tool then fails the run instead of skipping. */
export const REQUIRED = process.env.REQUIRE_SERVICES === '1';

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];

/**
 * The absolute path of an external program, or undefined (tests then skip with the reason).
 * With REQUIRE_SERVICES=1 a missing program throws, which fails the suite.
 */
export function findBinary(name: string, debianPackage: string): string | undefined {
  for (const dir of SEARCH_PATH) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  const reason = `${name} not found (Debian package ${debianPackage}; .ci/run installs it)`;
  if (REQUIRED) throw new Error(`${reason}: REQUIRE_SERVICES=1 makes this a failure`);
  process.stderr.write(`deploy-checks: skipping: ${reason}\n`);
  return undefined;
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after `graceMs`). */
  stop: (graceMs?: number) => Promise<number | null>;
}

/** Starts a long-running program, collecting its output for error messages. */
export function startChild(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
