/**
 * Issue #17: the service loads the English stop-word list, not the `stopword` package's entry
 * (which loads all 62 languages' lists). Checked on the built service in a fresh process, as
 * core's test/lazy-loading.test.ts does for core's optional packages.
 */
import { describe, expect, it } from '@jest/globals';
import { runAndListLoaded } from '@a2a-mcp/testkit';

const serviceDist = new URL('../dist/service.js', import.meta.url).href;

/**
 * Runs `script` in a fresh node after creating the service with default settings (`service` is the
 * built module, `definition` the service) and returns the files loaded from
 * `node_modules/stopword/` by then and whatever `script` put in `result`.
 */
function run(script: string): { stopwordFiles: string[]; result: unknown } {
  const { files, result } = runAndListLoaded(`
    const service = await import(${JSON.stringify(serviceDist)});
    const definition = service.createSemanticSimilarityService();
    ${script}
  `);
  const stopwordFiles = new Set<string>();
  for (const path of files) {
    const match = /node_modules\/stopword\/(?!.*node_modules)(.*)$/.exec(path);
    if (match) stopwordFiles.add(match[1]!);
  }
  return { stopwordFiles: [...stopwordFiles].sort(), result };
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
