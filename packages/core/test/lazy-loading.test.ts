/**
 * Issue #17: the packages of subsystems that are switched off are not loaded. Importing core's root
 * entry (built, in a fresh process) loads none of ioredis, pg, jose, piscina, the MCP SDK and its
 * Node adapter, nor the OpenTelemetry packages; each is loaded where it is first needed.
 */
import { spawnSync } from 'node:child_process';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { describe, expect, it } from '@jest/globals';
import { LEGACY_PROTOCOL_VERSIONS } from '../src/mcp/protocol.js';

const dist = new URL('../dist/index.js', import.meta.url).href;
const storeDist = new URL('../dist/store/index.js', import.meta.url).href;
const authDist = new URL('../dist/auth/index.js', import.meta.url).href;

/**
 * Runs `script` (an ES module body; `core` is the imported root entry) in a fresh node and returns
 * the packages loaded by then: CommonJS ones from require's cache, ES modules through a load hook.
 */
function loadedPackages(script: string): string[] {
  const program = `
    import { register, createRequire } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const urls = [];
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (url) => urls.push(url));
    port1.unref();
    register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }'), { data: { port: port2 }, transferList: [port2] });
    const core = await import(${JSON.stringify(dist)});
    ${script}
    await new Promise((r) => setTimeout(r, 100));
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    const names = new Set();
    for (const path of [...urls, ...cjs]) {
      const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(?!.*node_modules)/.exec(path);
      if (match) names.add(match[1]);
    }
    process.stdout.write(JSON.stringify([...names].sort()));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`node exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

// Not @opentelemetry/api: prom-client's default metrics require it (for exemplars), metrics or not.
const OPTIONAL = [
  'ioredis',
  'pg',
  'jose',
  'piscina',
  '@modelcontextprotocol/server',
  '@modelcontextprotocol/node',
  '@opentelemetry/core',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
];

describe('lazy loading of optional subsystems (issue #17)', () => {
  it('importing the root entry loads none of the optional packages', () => {
    const loaded = loadedPackages('');
    // The probe sees packages at all (zod is always there) …
    expect(loaded).toContain('zod');
    // … and none of the optional ones.
    expect(loaded.filter((name) => OPTIONAL.includes(name))).toEqual([]);
  });

  it('each optional package loads where it is first needed', () => {
    const loaded = loadedPackages(`
      const { RedisStore } = await import(${JSON.stringify(storeDist)});
      const { mintJwt } = await import(${JSON.stringify(authDist)});
      const store = new RedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 100 });
      await store.close();
      await mintJwt({ secret: 'x'.repeat(32), clientId: 'c', permissions: ['read'] });
    `);
    expect(loaded).toEqual(expect.arrayContaining(['ioredis', 'jose']));
    expect(loaded.filter((name) => ['pg', 'piscina', '@modelcontextprotocol/server'].includes(name))).toEqual([]);
  });

  it('the 2025-era revisions written out in core are the SDK’s', () => {
    expect(LEGACY_PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
  });
});
