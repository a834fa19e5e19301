/**
 * Issue #17: the service loads the English stop-word list, not the `stopword` package's entry
 * (which loads all 62 languages' lists). Checked on the built service in a fresh process, as
 * core's test/lazy-loading.test.ts does for core's optional packages.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

const serviceDist = new URL('../dist/service.js', import.meta.url).href;

/**
 * Runs `script` (an ES module body; `service` is the built service module, `definition` the service
 * it creates with default settings) in a fresh node, then prints the files loaded from
 * `node_modules/stopword/` (ES modules through a load hook, CommonJS ones from require's cache) and
 * whatever `script` put in `result`.
 */
function run(script: string): { stopwordFiles: string[]; result: unknown } {
  const program = `
    import { register, createRequire } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const urls = [];
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (url) => urls.push(url));
    port1.unref();
    register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }'), { data: { port: port2 }, transferList: [port2] });
    const service = await import(${JSON.stringify(serviceDist)});
    const definition = service.createSemanticSimilarityService();
    let result;
    ${script}
    await new Promise((r) => setTimeout(r, 100));
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    const files = new Set();
    for (const path of [...urls, ...cjs]) {
      const match = /node_modules\\/stopword\\/(?!.*node_modules)(.*)$/.exec(path);
      if (match) files.add(match[1]);
    }
    process.stdout.write(JSON.stringify({ stopwordFiles: [...files].sort(), result }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as { stopwordFiles: string[]; result: unknown };
}

describe('stop words (issue #17)', () => {
  it('creating the service loads only the English list of the stopword package', () => {
    expect(run('').stopwordFiles).toEqual(['src/stopwords_eng.js']);
  });

  it('preprocess_text removes the English stop words with only that list loaded', () => {
    const { stopwordFiles, result } = run(`
      const tool = definition.tools.find((t) => t.name === 'preprocess_text');
      const output = await tool.handler(tool.input.parse({ text: 'The cat is not on the mat' }), {});
      result = { tokens: output.tokens, removed: output.removed_count };
    `);
    expect(stopwordFiles).toEqual(['src/stopwords_eng.js']);
    expect(result).toEqual({ tokens: ['cat', 'not', 'mat'], removed: 4 });
  });
});
