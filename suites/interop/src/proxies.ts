/**
 * The two command-line clients the README documents: mcp-remote (a stdio ↔ Streamable HTTP proxy
 * that desktop clients spawn) and the MCP Inspector CLI. Both run as the README shows them, with
 * the API key passed as `--header`, on the fleet's Node 20, and with HOME in a throw-away
 * directory (both keep state under it: ~/.mcp-auth, ~/.mcp-inspector).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectStdioClient, type ConnectedClient } from '@a2a-mcp/testkit';

const require = createRequire(import.meta.url);

/** The file behind a package's bin. */
function binOf(pkg: string, relative: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), relative);
}

/** A process's output and exit. */
export interface ProcessRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> <args>` with HOME in a fresh directory; killed after `timeoutMs`. */
async function runNode(
  script: string,
  args: readonly string[],
  { timeoutMs = 60_000, stdin }: { timeoutMs?: number; stdin?: string } = {},
): Promise<ProcessRun> {
  const home = mkdtempSync(join(tmpdir(), 'a2a-interop-'));
  // BROWSER=none: mcp-remote's OAuth fallback must not try to open a browser on a developer's desktop.
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    MCP_REMOTE_CONFIG_DIR: join(home, '.mcp-auth'),
    MCP_CATALOG_PATH: join(home, 'mcp.json'),
    BROWSER: 'none',
  };
  try {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    if (stdin !== undefined) child.stdin.write(stdin);
    else child.stdin.end();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    return { exitCode, stdout, stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The Inspector CLI: `inspector --cli <url> --transport http [--header "Name: value"]… <args>`. */
export function runInspector(url: string, headers: Readonly<Record<string, string>>, args: readonly string[]): Promise<ProcessRun> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
  return runNode(binOf('@modelcontextprotocol/inspector', 'clients/launcher/build/index.js'), [
    '--cli',
    url,
    '--transport',
    'http',
    ...headerArgs,
    ...args,
  ]);
}

/** mcp-remote's arguments as the README gives them: `<url> --header "Name:value"` (no space: some desktop clients split arguments on spaces). */
export function mcpRemoteArgs(url: string, headers: Readonly<Record<string, string>>): string[] {
  return [url, ...Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}:${value}`])];
}

/** An SDK client talking over stdio to mcp-remote, which proxies to `url`. */
export async function connectThroughMcpRemote(
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<ConnectedClient & { stderr: () => string }> {
  const home = mkdtempSync(join(tmpdir(), 'a2a-interop-'));
  try {
    const client = await connectStdioClient(process.execPath, [binOf('mcp-remote', 'dist/proxy.js'), ...mcpRemoteArgs(url, headers)], {
      HOME: home,
      MCP_REMOTE_CONFIG_DIR: join(home, '.mcp-auth'),
      BROWSER: 'none',
    });
    return {
      ...client,
      close: async () => {
        await client.close();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

/**
 * mcp-remote without a key, as a desktop client meets it: an `initialize` on stdin, and whatever
 * it prints until it exits (or is stopped after `timeoutMs`).
 */
export function runMcpRemoteUnauthenticated(url: string, timeoutMs = 30_000): Promise<ProcessRun> {
  const initialize = {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'a2a-interop', version: '1.0.0' } },
  };
  return runNode(binOf('mcp-remote', 'dist/proxy.js'), mcpRemoteArgs(url, {}), { timeoutMs, stdin: `${JSON.stringify(initialize)}\n` });
}
