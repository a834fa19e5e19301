/**
 * Footprint check (issue #17): resident memory of one service and of the whole fleet with the
 * development defaults, started by the built service-manager CLI, against the figures recorded in
 * footprint.json; fails on a regression of more than `margin` (25 %). Memory is stable enough on the
 * CI machine to check; start-up times are not, so they stay in the bench (bench/footprint.mjs).
 *
 * Method (the recorded figures were taken the same way): `service-manager start [name] --json` in a
 * fresh state directory with a free port offset, no Redis, PostgreSQL, OpenTelemetry or usage
 * settings from the environment; 2 s after the CLI reports every service ready, VmRSS from
 * /proc/<pid>/status of each worker (and of the supervisor for the fleet). Measured before V8's
 * memory reducer returns the start-up garbage (it runs some 8–12 s after the start), which makes the
 * figure the same from run to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { freeOffset } from '@a2a-mcp/testkit';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const cli = join(root, 'packages', 'service-manager', 'dist', 'cli.js');

interface Recorded {
  margin: number;
  oneService: { name: string; rssMiB: number };
  fleet: { services: number; rssMiB: number };
}
const recorded = JSON.parse(readFileSync(join(here, 'footprint.json'), 'utf8')) as Recorded;

interface Started {
  supervisor: { pid: number };
  services: { name: string; workers: { pid: number }[] }[];
}

/** The development defaults: none of the settings that switch optional subsystems on. */
function developmentEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (
      /^(NODE_OPTIONS|NODE_ENV|REDIS_|DATABASE_|OTEL_|USAGE_|LOG_|RATE_LIMIT_|METRICS_|MCP_|API_KEY|JWT_|OAUTH_|TOOL_WORKER|A2A_STATE_DIR|A2A_PORT_OFFSET)/.test(
        name,
      )
    )
      delete env[name];
  }
  return env;
}

function stateDir(): string {
  const logDir = process.env.A2A_TEST_LOG_DIR;
  const parent = logDir ? join(logDir, 'footprint') : tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'footprint-'));
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  if (!Number.isFinite(kb) || kb <= 0) throw new Error(`no VmRSS for pid ${pid}`);
  return kb / 1024;
}

const started: string[] = [];

function cliRun(dir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [cli, '--state-dir', dir, ...args], {
    cwd: root,
    env: developmentEnv(),
    encoding: 'utf8',
    timeout: 50_000,
  });
  if (result.status !== 0) throw new Error(`service-manager ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Starts `names` (all when empty), waits 2 s, returns the RSS of the supervisor and of each worker. */
async function measure(names: string[], count: number): Promise<{ supervisor: number; workers: Record<string, number> }> {
  const dir = stateDir();
  const offset = await freeOffset(8101, 9);
  started.push(dir);
  const out = JSON.parse(cliRun(dir, ['start', ...names, '--json', '--port-offset', String(offset)])) as Started;
  expect(out.services).toHaveLength(count);
  await new Promise((r) => setTimeout(r, 2000));
  const workers = Object.fromEntries(out.services.map((s) => [s.name, s.workers.reduce((sum, w) => sum + rssMiB(w.pid), 0)]));
  const supervisor = rssMiB(out.supervisor.pid);
  cliRun(dir, ['stop', '--timeout', '5000']);
  started.pop();
  rmSync(dir, { recursive: true, force: true });
  return { supervisor, workers };
}

afterAll(() => {
  for (const dir of started) {
    if (existsSync(dir))
      spawnSync(process.execPath, [cli, '--state-dir', dir, 'stop', '--timeout', '5000'], { cwd: root, env: developmentEnv() });
  }
});

const limit = (figure: number) => figure * (1 + recorded.margin);

describe(`footprint: idle RSS against the recorded figures + ${recorded.margin * 100} % (issue #17)`, () => {
  it(`one service (${recorded.oneService.name}) stays within ${limit(recorded.oneService.rssMiB).toFixed(0)} MiB`, async () => {
    const { workers } = await measure([recorded.oneService.name], 1);
    const rss = workers[recorded.oneService.name]!;
    process.stdout.write(
      `footprint: ${recorded.oneService.name} ${rss.toFixed(1)} MiB (recorded ${recorded.oneService.rssMiB}, limit ${limit(recorded.oneService.rssMiB).toFixed(1)})\n`,
    );
    expect(rss).toBeLessThanOrEqual(limit(recorded.oneService.rssMiB));
  });

  it(`the fleet (supervisor + ${recorded.fleet.services} services) stays within ${limit(recorded.fleet.rssMiB).toFixed(0)} MiB`, async () => {
    const { supervisor, workers } = await measure([], recorded.fleet.services);
    const total = supervisor + Object.values(workers).reduce((a, b) => a + b, 0);
    const detail = Object.entries(workers)
      .map(([name, mib]) => `${name} ${mib.toFixed(0)}`)
      .join(', ');
    process.stdout.write(
      `footprint: fleet ${total.toFixed(1)} MiB (supervisor ${supervisor.toFixed(0)}; ${detail}) (recorded ${recorded.fleet.rssMiB}, limit ${limit(recorded.fleet.rssMiB).toFixed(1)})\n`,
    );
    expect(total).toBeLessThanOrEqual(limit(recorded.fleet.rssMiB));
  });
});

/**
 * The start-up hold (core's startup.ts) only works when it comes before the service's modules are
 * loaded: static imports are all loaded before any module body runs, so an entry may import nothing
 * statically but `@a2a-mcp/core/startup`, and hands its own `await import(...)` to `launchService`,
 * which holds first. Worth ~6 MiB per service, too little for the 25 % margin above to notice.
 */
describe('every service entry holds the young generation while it loads (issue #17)', () => {
  const servicesDir = join(root, 'services');
  const entries = readdirSync(servicesDir).filter((name) => existsSync(join(servicesDir, name, 'src', 'index.ts')));

  it('finds the nine entries', () => {
    expect(entries).toHaveLength(9);
  });

  it.each(entries)('%s', (name) => {
    const source = readFileSync(join(servicesDir, name, 'src', 'index.ts'), 'utf8');
    const staticImports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gm)].map((m) => m[1]);
    expect(staticImports).toEqual(['@a2a-mcp/core/startup']);
    const launch = source.search(/await launchService\(\s*async \(\) => \{/);
    const firstDynamic = source.indexOf('await import(');
    expect(launch).toBeGreaterThan(0);
    expect(firstDynamic).toBeGreaterThan(launch);
  });
});
