/**
 * Runs the official MCP conformance suite (`@modelcontextprotocol/conformance`, a Node >= 22 CLI)
 * against a server URL for one protocol revision, and reads back what it wrote: one directory per
 * scenario, `server-<scenario>-<timestamp>/checks.json`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { node22Path } from '@a2a-mcp/node22';
import { parse as parseYaml } from 'yaml';

/** The protocol revisions the fleet serves, each run at its own wire (stateful 2025, stateless 2026). */
export const REVISIONS = ['2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];

export type CheckStatus = 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';

/** One check as the suite reports it (the fields we read). */
export interface Check {
  id: string;
  status: CheckStatus;
  errorMessage?: string;
}

export interface ScenarioResult {
  scenario: string;
  checks: Check[];
}

export interface SuiteRun {
  results: ScenarioResult[];
  /** The CLI's exit code (1 whenever anything failed: we judge the results ourselves). */
  exitCode: number | null;
  output: string;
}

/** Where the suite is installed (its CLI and its frozen requirement sets). */
export function suiteDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/package.json'));
}

/**
 * The server scenarios `--requirements <revision>` runs: the required ones and those it runs
 * without scoring (extensions, pending), read from the suite's own frozen requirement set.
 */
export function serverScenarios(revision: Revision): string[] {
  const file = join(suiteDirectory(), 'requirements', `${revision}.yaml`);
  const set = parseYaml(readFileSync(file, 'utf8')) as { server?: string[]; not_scored?: { scenario: string; leg: string }[] };
  const notScored = (set.not_scored ?? []).filter((entry) => entry.leg === 'server').map((entry) => entry.scenario);
  return [...(set.server ?? []), ...notScored];
}

const RESULT_DIRECTORY = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** Reads every `server-<scenario>-<timestamp>/checks.json` under `outputDir`. */
export function readResults(outputDir: string): ScenarioResult[] {
  const results: ScenarioResult[] = [];
  for (const entry of readdirSync(outputDir, { withFileTypes: true })) {
    const match = entry.isDirectory() ? RESULT_DIRECTORY.exec(entry.name) : null;
    if (!match) continue;
    const checks = JSON.parse(readFileSync(join(outputDir, entry.name, 'checks.json'), 'utf8')) as Check[];
    results.push({ scenario: match[1]!, checks });
  }
  return results.sort((a, b) => a.scenario.localeCompare(b.scenario));
}

export interface RunSuiteOptions {
  url: string;
  revision: Revision;
  /** An empty directory for the suite's results. */
  outputDir: string;
  /** One scenario instead of the revision's requirement set. */
  scenario?: string;
  /** Kills the CLI after this long. Default 180 s. */
  timeoutMs?: number;
}

/** Runs `conformance server` on the pinned Node 22 and returns the results it wrote. */
export async function runSuite({ url, revision, outputDir, scenario, timeoutMs = 180_000 }: RunSuiteOptions): Promise<SuiteRun> {
  const cli = join(suiteDirectory(), 'dist', 'index.js');
  const selection = scenario === undefined ? ['--requirements', revision] : ['--scenario', scenario, '--spec-version', revision];
  const args = [cli, 'server', '--url', url, ...selection, '--output-dir', outputDir];
  // Jest's NODE_OPTIONS (--experimental-vm-modules) is not the suite's business.
  const env = { ...process.env, NODE_OPTIONS: '' };
  const child = spawn(node22Path(), args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  return { results: readResults(outputDir), exitCode, output };
}
