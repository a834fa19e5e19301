/**
 * k8s/: the generated per-service manifests are current, every overlay renders with the real
 * `kubectl kustomize`, every rendered object validates against the Kubernetes OpenAPI schemas
 * (kubernetes-models: ajv validators generated from the upstream OpenAPI spec, offline), and the
 * deployment rules hold: probes, resources, security context, secrets as files, services.json.
 */
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { coreVariableNames, findBinary, isCoreVariable, loadServices, repoPath, run } from './support.js';

const kubectl = findBinary('kubectl', 'kubernetes-client');
const OVERLAYS = ['dev', 'production'] as const;
const NAMESPACE = 'a2a-mcp';

// Loose shapes of what the tests read; the schemas are checked by kubernetes-models.
/* eslint-disable @typescript-eslint/no-explicit-any */
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

function render(overlay: string): K8sObject[] {
  const result = run(kubectl!, ['kustomize', repoPath('k8s', 'overlays', overlay)]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((d) => d.toJS() as K8sObject);
}

/** The kubernetes-models class for an object's apiVersion and kind, e.g. apps/v1 Deployment. */
async function validateObject(object: K8sObject): Promise<void> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
  const module = (await import(modulePath)) as Record<string, new (data: unknown) => { validate: () => void }>;
  const Model = module[object.kind];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

describe('k8s/generate.mjs', () => {
  it('has written current files: k8s/base/generated matches services.json and the template', () => {
    const result = run(process.execPath, [repoPath('k8s', 'generate.mjs'), '--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the schema validator', () => {
  it('rejects what the API server would: wrong types, bad quantities, missing required fields', async () => {
    const good: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    await expect(validateObject(good)).resolves.toBeUndefined();
    await expect(validateObject({ ...good, spec: { ...good.spec, replicas: 'two' } })).rejects.toThrow(/replicas must be integer/);
    const badQuantity = structuredClone(good);
    badQuantity.spec.template.spec.containers[0].resources = { limits: { cpu: 'lots' } };
    await expect(validateObject(badQuantity)).rejects.toThrow(/cpu/);
    await expect(validateObject({ ...good, spec: { template: good.spec.template } })).rejects.toThrow(/selector/);
  });
});

(kubectl ? describe : describe.skip).each(OVERLAYS)('overlay %s', (overlay) => {
  const objects = kubectl ? render(overlay) : [];
  const services = loadServices();
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('renders, and every object validates against the Kubernetes schemas', async () => {
    expect(objects.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const object of objects) {
      try {
        await validateObject(object);
      } catch (error) {
        failures.push(`${object.kind}/${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('puts everything in the a2a-mcp namespace', () => {
    expect(find('Namespace', NAMESPACE)).toBeDefined();
    for (const o of objects.filter((x) => x.kind !== 'Namespace'))
      expect(`${o.kind}/${o.metadata.name}:${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}:${NAMESPACE}`);
  });

  it('has a Deployment, Service, HPA and PDB for each service of services.json, on its port', () => {
    const mcpDeployments = byKind('Deployment').filter((d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'mcp-service');
    expect(mcpDeployments.map((d) => d.metadata.name).sort()).toEqual(services.map((s) => s.name).sort());
    for (const { name, port } of services) {
      const deployment = find('Deployment', name)!;
      const container = deployment.spec.template.spec.containers[0];
      expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      expect(container.env).toEqual(
        expect.arrayContaining([
          { name: 'SERVICE', value: name },
          { name: 'PORT', value: String(port) },
        ]),
      );
      expect(find('Service', name)?.spec.ports[0].port).toBe(port);
      expect(find('Service', name)?.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      const hpa = find('HorizontalPodAutoscaler', name)!;
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      expect(find('PodDisruptionBudget', name)?.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
  });

  it('probes /ready and /health, sets resources, runs non-root and read-only with no capabilities', () => {
    for (const { name } of services) {
      const pod = find('Deployment', name)!.spec.template.spec;
      const container = pod.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(container.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toEqual(
        expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
      );
      const mounts = Object.fromEntries(container.volumeMounts.map((m: { name: string; mountPath: string }) => [m.mountPath, m.name]));
      const volumes = Object.fromEntries(pod.volumes.map((v: { name: string }) => [v.name, v]));
      expect(volumes[mounts['/tmp']].emptyDir).toBeDefined();
      expect(volumes[mounts['/var/lib/a2a-mcp']].emptyDir).toBeDefined();
      expect(pod.automountServiceAccountToken).toBe(false);
    }
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
      expect(`${o.metadata.name}:${o.spec.template.spec.securityContext?.runAsNonRoot}`).toBe(`${o.metadata.name}:true`);
    }
  });

  it('reads secrets from files of the a2a-mcp-secrets Secret, and passes only variables core reads', () => {
    const known = coreVariableNames();
    const configMaps = byKind('ConfigMap').filter((c) => c.metadata.name.startsWith('a2a-mcp-config'));
    expect(configMaps).toHaveLength(1);
    const names = new Set(Object.keys(configMaps[0]!.data ?? {}));
    for (const { name } of services) {
      const pod = find('Deployment', name)!.spec.template.spec;
      const env = pod.containers[0].env as { name: string; value?: string }[];
      for (const e of env) names.add(e.name);
      expect(env.find((e) => e.name === 'MCP_API_KEYS')).toBeUndefined();
      expect(env.find((e) => e.name === 'MCP_API_KEYS_FILE')?.value).toMatch(/^\/var\/run\/secrets\/a2a-mcp\//);
      expect(pod.volumes.find((v: { name: string }) => v.name === 'secrets').secret.secretName).toBe('a2a-mcp-secrets');
    }
    expect([...names].filter((n) => n !== 'SERVICE' && !isCoreVariable(n, known))).toEqual([]);
  });

  it('serves each service on its own TLS host, with PUBLIC_URL to match', () => {
    const ingress = find('Ingress', 'a2a-mcp')!;
    const domain = find('ConfigMap', objects.find((o) => o.metadata.name.startsWith('a2a-mcp-public'))!.metadata.name)!.data!.domain!;
    const hosts = services.map((s) => `${s.name}.${domain}`);
    expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(hosts);
    expect(ingress.spec.tls[0].hosts).toEqual(hosts);
    expect(ingress.spec.tls[0].secretName).toBeTruthy();
    expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    for (const { name } of services) {
      const env = find('Deployment', name)!.spec.template.spec.containers[0].env as { name: string; value?: string }[];
      expect(env.find((e) => e.name === 'PUBLIC_URL')?.value).toBe(`https://${name}.${domain}`);
    }
    expect(JSON.stringify(objects)).not.toContain('PUBLIC_DOMAIN');
  });

  it('has Redis, default-deny ingress NetworkPolicies, and no working credential', () => {
    expect(find('StatefulSet', 'redis')).toBeDefined();
    expect(find('Service', 'redis')).toBeDefined();
    expect(find('NetworkPolicy', 'default-deny-ingress')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(find('NetworkPolicy', 'redis-from-mcp-services')).toBeDefined();
    const secrets = byKind('Secret');
    if (overlay === 'production') expect(secrets).toEqual([]);
    for (const secret of secrets) {
      expect(secret.metadata.annotations?.['a2a-mcp/placeholder']).toBe('true');
      // Not a key:client-id:perms entry: a service given it refuses to start.
      for (const value of Object.values(secret.stringData ?? {})) expect(value).toBe('REPLACE-ME');
    }
  });
});
