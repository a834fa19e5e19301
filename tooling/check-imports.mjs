#!/usr/bin/env node
/**
 * The import rules of the repository (issue #19), checked on the TypeScript sources; run by core's
 * `lint` (so by `pnpm lint` and `pnpm test`). Exits 1 and prints every violation:
 *
 *  1. No import cycle among the modules of packages/core/src (type-only imports count too: a cycle
 *     of types is still a knot a reader has to untie).
 *  2. Layers inside core: `http/` is transport and imports nothing from `mcp/`; `auth/` imports
 *     nothing from `http/` or `mcp/`.
 *  3. Nothing in packages/ (the libraries) depends on a service: no `@a2a-mcp/<service>` in a
 *     library's package.json or sources. Suites (suites/) may import services.
 *
 * Usage: node tooling/check-imports.mjs [repoRoot]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const coreSrc = join(root, 'packages', 'core', 'src');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|mts)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static, dynamic and `import type`). */
function specifiers(file) {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** A relative specifier (`./x.js`) resolved to the source file it names, or undefined. */
function resolveLocal(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next candidate */
    }
  }
  return undefined;
}

const problems = [];

// --- 1 and 2: core's module graph -----------------------------------------------------------------
const files = sourceFiles(coreSrc).filter((f) => !/\.test\.ts$/.test(f));
const graph = new Map(
  files.map((f) => [
    f,
    [
      ...new Set(
        specifiers(f)
          .map((s) => resolveLocal(f, s))
          .filter(Boolean),
      ),
    ],
  ]),
);
const rel = (f) => relative(coreSrc, f);

const LAYERS = [
  { from: 'http/', banned: ['mcp/'], why: 'http/ is transport only' },
  { from: 'auth/', banned: ['http/', 'mcp/'], why: 'auth/ stands on its own' },
];
for (const [file, deps] of graph) {
  for (const rule of LAYERS) {
    if (!rel(file).startsWith(rule.from)) continue;
    for (const dep of deps) {
      if (rule.banned.some((b) => rel(dep).startsWith(b))) problems.push(`layer: ${rel(file)} imports ${rel(dep)} (${rule.why})`);
    }
  }
}

// Tarjan's strongly connected components: every component of more than one module (or a module
// importing itself) is a cycle.
let index = 0;
const stack = [];
const state = new Map();
function strongConnect(v) {
  state.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!state.has(w)) {
      strongConnect(w);
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
    } else if (state.get(w).onStack) {
      state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
    }
  }
  if (state.get(v).low === state.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
      problems.push(`cycle: ${component.map(rel).sort().join(' <-> ')}`);
    }
  }
}
for (const v of graph.keys()) if (!state.has(v)) strongConnect(v);

// --- 3: nothing in packages/ depends on a service ------------------------------------------------
const serviceNames = readdirSync(join(root, 'services'))
  .map((name) => {
    try {
      return JSON.parse(readFileSync(join(root, 'services', name, 'package.json'), 'utf8')).name;
    } catch {
      return undefined;
    }
  })
  .filter(Boolean);
for (const lib of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', lib);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  const declared = {
    ...manifest.dependencies,
    ...manifest.devDependencies,
    ...manifest.optionalDependencies,
    ...manifest.peerDependencies,
  };
  for (const name of serviceNames)
    if (name in declared) problems.push(`upward: packages/${lib}/package.json depends on ${name} (a service)`);
  for (const sub of ['src', 'test']) {
    let list = [];
    try {
      list = sourceFiles(join(dir, sub));
    } catch {
      continue;
    }
    for (const file of list) {
      for (const spec of specifiers(file)) {
        const upward = spec.includes('/services/') || serviceNames.some((n) => spec === n || spec.startsWith(`${n}/`));
        if (upward) problems.push(`upward: ${relative(root, file)} imports ${spec} (a service)`);
      }
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`check-imports: ${problems.length} violation(s)\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`check-imports: core ${graph.size} modules, no cycle, layers kept; packages/ imports no service\n`);
