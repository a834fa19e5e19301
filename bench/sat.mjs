// check_satisfiability's solver path (DIMACS clauses → logic-solver's MiniSat) on random 3-SAT
// near the phase transition (clauses = round(4.26 × variables)), called directly, no HTTP.
// Build first: pnpm --filter @a2a-mcp/reasoning-agent build.
//
// 20 instances per size (fixed seed, mulberry32), sizes 50 / 100 / 150 variables; each time
// includes creating the solver (one emscripten MiniSat instance per call), loading the clauses
// and solving. Prints median and p90 per size as a markdown table. BENCH_SAT_INSTANCES overrides 20.
import { createRandom } from '../packages/core/dist/vectors/index.js';
import { solveDimacs } from '../services/reasoning-agent/dist/tools/check-satisfiability.js';

const instances = Number(process.env.BENCH_SAT_INSTANCES ?? 20);
const sizes = [50, 100, 150];

function random3Sat(rand, variables, clauses) {
  return Array.from({ length: clauses }, () => {
    const chosen = new Set();
    while (chosen.size < 3) chosen.add(1 + Math.floor(rand() * variables));
    return [...chosen].map((v) => (rand() < 0.5 ? -v : v));
  });
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

// Warm-up: the first solver instance compiles the asm.js module.
solveDimacs(random3Sat(createRandom(1), 20, 85), 20);

const rand = createRandom(4_26);
const rows = [];
for (const n of sizes) {
  const m = Math.round(4.26 * n);
  const times = [];
  let satisfiable = 0;
  for (let i = 0; i < instances; i++) {
    const clauses = random3Sat(rand, n, m);
    const started = performance.now();
    const result = solveDimacs(clauses, n);
    times.push(performance.now() - started);
    if (result.satisfiable) {
      satisfiable++;
      const model = result.model_literals;
      if (!clauses.every((clause) => clause.some((literal) => model[Math.abs(literal) - 1] === literal)))
        throw new Error('model does not satisfy the clauses');
    }
  }
  rows.push(`| ${n} | ${m} | ${instances} | ${satisfiable} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.9).toFixed(1)} |`);
}

console.log('| variables | clauses | instances | satisfiable | median ms | p90 ms |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(
  `\nnode ${process.version}, ${process.platform}/${process.arch}; models of satisfiable instances checked against every clause.`,
);
