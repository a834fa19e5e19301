/**
 * docker/Dockerfile and docker/entrypoint.sh. No Docker engine here, so the Dockerfile is checked
 * statically; the entry script and the HEALTHCHECK command are run for real against a service.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { freePort, repoPath, run, startChild, waitFor, type Child } from './support.js';

const dockerfile = readFileSync(repoPath('docker/Dockerfile'), 'utf8');
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const of = (keyword: string) => instructions.filter((l) => l.toUpperCase().startsWith(`${keyword} `));

describe('Dockerfile', () => {
  it('is multi-stage on a current Node LTS slim base', () => {
    const froms = of('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const nodeVersion = /ARG NODE_VERSION=(\d+)/.exec(dockerfile)?.[1];
    expect(Number(nodeVersion)).toBeGreaterThanOrEqual(22);
    expect(Number(nodeVersion) % 2).toBe(0); // even majors are the LTS lines
    for (const from of froms.filter((f) => /node:/.test(f))) expect(from).toMatch(/node:\$\{NODE_VERSION\}-bookworm-slim/);
  });

  it('installs the pnpm version package.json pins, from the lockfile, builds, keeps production dependencies only', () => {
    // The version comes from package.json's packageManager (one pin for CI, developers and the image).
    expect((JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { packageManager: string }).packageManager).toMatch(
      /^pnpm@\d+\.\d+\.\d+$/,
    );
    expect(dockerfile).toContain(`npm install -g "$(node -p "require('./package.json').packageManager")"`);
    const runs = of('RUN').join('\n');
    expect(runs).toMatch(/pnpm install --frozen-lockfile/);
    expect(runs).toMatch(/pnpm build/);
    expect(runs).toMatch(/pnpm install --frozen-lockfile --offline --prod/);
  });

  it('builds with the Dockerfile frontend built into the engine: no `# syntax=` image to pull from Docker Hub', () => {
    expect(dockerfile).not.toMatch(/^#\s*syntax\s*=/m);
    // Cache mounts need BuildKit; the header says how to turn it on for Docker 20.10.
    expect(dockerfile).toContain('DOCKER_BUILDKIT=1 docker build');
  });

  it('installs production dependencies for the services and the service manager only (no test packages)', () => {
    const prod = of('RUN').find((r) => r.includes('--prod'));
    expect(prod).toContain("--filter './services/*...'");
    expect(prod).toContain("--filter '@a2a-mcp/service-manager...'");
  });

  it('runs as a numeric non-root user with HOST=0.0.0.0, a /health HEALTHCHECK and an exec-form entry point', () => {
    const users = of('USER');
    const lastUser = users.at(-1)?.split(/\s+/)[1] ?? '';
    expect(lastUser).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(of('HEALTHCHECK').join('\n')).toMatch(/\/health/);
    expect(of('ENTRYPOINT')).toEqual(['ENTRYPOINT ["/app/docker/entrypoint.sh"]']);
  });

  it('has a .dockerignore that keeps node_modules, build output, git and secrets out of the context', () => {
    const ignore = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', '**/node_modules', '**/dist', '.env', 'docker/secrets']) expect(ignore).toContain(entry);
    // What the build needs must not be ignored.
    for (const needed of ['services.json', 'pnpm-lock.yaml', 'docker/entrypoint.sh', 'tooling', 'packages', 'services', 'suites'])
      expect(ignore).not.toContain(needed);
  });
});

/** The HEALTHCHECK's command, exactly as the Dockerfile has it (exec form). */
function healthcheckCommand(): string[] {
  const line = of('HEALTHCHECK')[0] ?? '';
  const json = line.slice(line.indexOf('CMD ') + 4).trim();
  return JSON.parse(json) as string[];
}

describe('entrypoint.sh and the HEALTHCHECK command', () => {
  const entry = repoPath('docker/entrypoint.sh');
  const built = existsSync(repoPath('services/confidence-calculator/dist/index.js'));
  let child: Child | undefined;
  afterAll(async () => {
    await child?.stop();
  });

  it('refuses to start without a service name, and with an unknown one', () => {
    const env = { PATH: process.env.PATH };
    const none = run('sh', [entry], { env });
    expect(none.status).toBe(64);
    expect(none.stderr).toMatch(/set SERVICE/);
    const unknown = run('sh', [entry], { env: { ...env, SERVICE: 'no-such-service' } });
    expect(unknown.status).toBe(64);
    const injected = run('sh', [entry], { env: { ...env, SERVICE: '../../etc' } });
    expect(injected.status).toBe(64);
  });

  (built ? it : it.skip)('execs node (signals reach it), passes the healthcheck, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      SERVICE: 'confidence-calculator',
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MCP_API_KEYS: 'entry-test-key-0123456789abcdef0123:entry:read',
      SERVICES_FILE: repoPath('services.json'),
      USAGE_SINKS: 'none',
    };
    child = startChild('sh', [entry], { env });
    const [cmd, ...args] = healthcheckCommand();
    await waitFor(
      'the health check to pass',
      () => (run(cmd === 'node' ? process.execPath : cmd!, args, { env }).status === 0 ? true : undefined),
      20_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${child!.output()}`);
    });
    // exec replaced the shell: the child's pid is node itself.
    const comm = (await readFile(`/proc/${child.process.pid}/comm`, 'utf8')).trim();
    expect(comm).toBe('node');
    expect(await child.stop()).toBe(0);
    // And the same check fails once nothing answers.
    expect(run(process.execPath, args, { env }).status).toBe(1);
  });
});
