/**
 * Drives a server with the official MCP Inspector CLI (`@modelcontextprotocol/inspector --cli`),
 * the way an operator checks a deployment by hand, and parses the JSON it prints.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface InspectorRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** The Inspector's launcher script (its `bin`). */
export function inspectorCli(): string {
  const manifest = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json');
  return join(dirname(manifest), 'clients', 'launcher', 'build', 'index.js');
}

/**
 * Runs `inspector --cli <url> --transport http --header <h>... <args>` with the running Node
 * (the fleet's Node 20: the Inspector declares Node >= 22.19, and the smoke test shows the CLI
 * works on 20). HOME points at a throw-away directory: the Inspector keeps a catalog and storage
 * under ~/.mcp-inspector.
 */
export async function runInspector(
  url: string,
  headers: Readonly<Record<string, string>>,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<InspectorRun> {
  const home = mkdtempSync(join(tmpdir(), 'a2a-inspector-'));
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
  const env = { ...process.env, NODE_OPTIONS: '', HOME: home, MCP_CATALOG_PATH: join(home, 'mcp.json') };
  try {
    const child = spawn(process.execPath, [inspectorCli(), '--cli', url, '--transport', 'http', ...headerArgs, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch {
      json = undefined;
    }
    return { exitCode, stdout, stderr, json };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
