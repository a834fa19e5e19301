import { createTools } from './dist/tools/index.js';
import { settingsSchema } from './dist/settings.js';
import { toolTestContext, runTool } from '@a2a-mcp/testkit';
const provider = {
  kind: 'builtin',
  model: 't',
  dimensions: () => 100,
  embed: async (t) => t.map((_, i) => Array.from({ length: 100 }, (_, j) => Math.sin(i + j))),
};
const tools = Object.fromEntries(createTools({ settings: settingsSchema.parse({}), provider }).map((t) => [t.name, t]));
let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const [n, T] = process.argv.slice(2).map(Number);
const texts = Array.from({ length: n }, () => Array.from({ length: T }, () => `w${Math.floor(rnd() * 100000)}`).join(' '));
for (const method of ['jaccard', 'semantic', 'hybrid']) {
  const t = Date.now();
  try {
    await runTool(tools.deduplicate_texts, { texts, method, threshold: 0.99 }, toolTestContext('semantic-similarity'));
    console.log(n, T, method, 'ok', Date.now() - t, 'ms');
  } catch (e) {
    console.log(method, e.message.slice(0, 120), Date.now() - t);
  }
}
