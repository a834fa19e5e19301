/**
 * docker/docker-compose.yml, rendered by the real `docker-compose config`, against services.json
 * and the variables core reads.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { coreVariableNames, findBinary, isCoreVariable, loadServices, repoPath, run } from './support.js';

const compose = findBinary('docker-compose', 'docker-compose');
const FILE = repoPath('docker/docker-compose.yml');
const REQUIRED_VARIABLES = {
  POSTGRES_PASSWORD: 'dummy-postgres-password-for-test',
  GRAFANA_ADMIN_PASSWORD: 'dummy-grafana-password-for-test',
};
/** Variables of the image itself (docker/entrypoint.sh), not of core. */
const IMAGE_VARIABLES = new Set(['SERVICE']);

interface ComposeService {
  image?: string;
  environment?: Record<string, string | null>;
  ports?: (string | { target: number; published: number | string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  secrets?: ({ source: string } | string)[];
  volumes?: unknown[];
  group_add?: string[];
}

/** An empty env file, so a developer's docker/.env cannot fill in the variables under test. */
const EMPTY_ENV_FILE = join(mkdtempSync(join(tmpdir(), 'deploy-checks-compose-')), 'empty.env');
writeFileSync(EMPTY_ENV_FILE, '');

function render(env: Record<string, string>) {
  // A clean environment: only PATH, HOME and what the test sets, so nothing leaks in.
  return run(compose!, ['--env-file', EMPTY_ENV_FILE, '-f', FILE, 'config'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

(compose ? describe : describe.skip)('docker-compose.yml', () => {
  const services = loadServices();
  const rendered = compose ? render(REQUIRED_VARIABLES) : undefined;
  const config =
    rendered?.status === 0
      ? (parse(rendered.stdout) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> })
      : undefined;

  it('renders with the required variables set', () => {
    expect(rendered?.stderr).toBe('');
    expect(rendered?.status).toBe(0);
  });

  it('refuses to render without the passwords: no default credential', () => {
    for (const name of Object.keys(REQUIRED_VARIABLES)) {
      const partial: Record<string, string> = { ...REQUIRED_VARIABLES };
      delete partial[name];
      const result = render(partial);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(name);
    }
    const raw = readFileSync(FILE, 'utf8');
    expect(raw).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
    expect(raw).toMatch(/\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect(raw).not.toMatch(/PASSWORD:-/);
  });

  it('has the nine services of services.json with their ports, plus Redis, PostgreSQL, Prometheus and Grafana', () => {
    expect(Object.keys(config!.services).sort()).toEqual(
      [...services.map((s) => s.name), 'grafana', 'postgres', 'prometheus', 'redis'].sort(),
    );
    for (const { name, port } of services) {
      const service = config!.services[name]!;
      expect(service.environment?.SERVICE).toBe(name);
      expect(String(service.environment?.PORT)).toBe(String(port));
      const published = (service.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
      expect(published.some((p) => p.includes(`${port}:${port}`))).toBe(true);
    }
  });

  it('gives the services only variable names core reads (config.ts, .env.template)', () => {
    const known = coreVariableNames();
    for (const { name } of services) {
      const unknown = Object.keys(config!.services[name]!.environment ?? {}).filter(
        (v) => !IMAGE_VARIABLES.has(v) && !isCoreVariable(v, known),
      );
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('passes secrets as files, waits for healthy dependencies, keeps data in volumes', () => {
    for (const { name } of services) {
      const service = config!.services[name]!;
      const env = service.environment ?? {};
      expect(env.MCP_API_KEYS).toBeUndefined();
      expect(env.METRICS_TOKEN).toBeUndefined();
      expect(env.MCP_API_KEYS_FILE).toMatch(/^\/run\/secrets\//);
      expect(env.METRICS_TOKEN_FILE).toMatch(/^\/run\/secrets\//);
      expect(env.HOST).toBe('0.0.0.0');
      expect(service.depends_on?.redis?.condition).toBe('service_healthy');
      expect(service.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(env.DATABASE_URL).toContain(REQUIRED_VARIABLES.POSTGRES_PASSWORD);
    }
    for (const dependency of ['redis', 'postgres', 'prometheus', 'grafana']) {
      expect(config!.services[dependency]!.healthcheck?.test).toBeDefined();
    }
    expect(config!.services.grafana!.depends_on?.prometheus?.condition).toBe('service_healthy');
    // Prometheus runs as nobody; the metrics token (owned by 1000, mode 0640) is readable through group 1000.
    expect(config!.services.prometheus!.group_add).toEqual(['1000']);
    expect(config!.services.grafana!.environment?.GF_SECURITY_ADMIN_PASSWORD).toBe(REQUIRED_VARIABLES.GRAFANA_ADMIN_PASSWORD);
    for (const volume of ['redis-data', 'postgres-data', 'prometheus-data', 'grafana-data']) expect(config!.volumes).toHaveProperty(volume);
  });
});
