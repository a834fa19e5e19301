#!/usr/bin/env node
/**
 * Writes k8s/base/generated/: one file per service of services.json (Deployment, Service,
 * HorizontalPodAutoscaler, PodDisruptionBudget) from the single template below, the Ingress with
 * one host per service, and the kustomization listing them. Run after changing services.json or
 * this template:  node k8s/generate.mjs   (suites/deploy-checks fails when the files are stale:
 * `node k8s/generate.mjs --check`).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'base', 'generated');
const { services } = JSON.parse(readFileSync(join(here, '..', 'services.json'), 'utf8'));
const SECRET_DIR = '/var/run/secrets/a2a-mcp';
const STATE_DIR = '/var/lib/a2a-mcp';
/** Replaced per overlay by the public domain (components/public-domain). */
export const DOMAIN_TOKEN = 'PUBLIC_DOMAIN';

const labels = (name) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'mcp-service' });

function deployment({ name, port }) {
  const probe = (path, extra) => ({ httpGet: { path, port: 'http' }, timeoutSeconds: 3, ...extra });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(name) },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels(name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(name),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels(name) } }],
          containers: [
            {
              name: 'mcp',
              image: 'a2a-mcp',
              imagePullPolicy: 'IfNotPresent',
              envFrom: [{ configMapRef: { name: 'a2a-mcp-config' } }],
              env: [
                { name: 'SERVICE', value: name },
                { name: 'PORT', value: String(port) },
                { name: 'PUBLIC_URL', value: `https://${name}.${DOMAIN_TOKEN}` },
                { name: 'MCP_API_KEYS_FILE', value: `${SECRET_DIR}/mcp_api_keys` },
                { name: 'METRICS_TOKEN_FILE', value: `${SECRET_DIR}/metrics_token` },
                { name: 'SESSION_SIGNING_SECRET_FILE', value: `${SECRET_DIR}/session_signing_secret` },
              ],
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              startupProbe: probe('/health', { periodSeconds: 2, failureThreshold: 30 }),
              livenessProbe: probe('/health', { periodSeconds: 10, failureThreshold: 3 }),
              readinessProbe: probe('/ready', { periodSeconds: 5, failureThreshold: 2 }),
              // Endpoints are removed before SIGTERM lands; the service then drains in-flight requests.
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { cpu: '1', memory: '384Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'state', mountPath: STATE_DIR },
                { name: 'secrets', mountPath: SECRET_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            { name: 'state', emptyDir: { sizeLimit: '256Mi' } },
            { name: 'secrets', secret: { secretName: 'a2a-mcp-secrets', defaultMode: 0o440 } },
          ],
        },
      },
    },
  };
}

const service = ({ name, port }) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: labels(name) },
  spec: { type: 'ClusterIP', selector: labels(name), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
});

const hpa = ({ name }) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, labels: labels(name) },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    minReplicas: 2,
    maxReplicas: 6,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
  },
});

const pdb = ({ name }) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, labels: labels(name) },
  spec: { minAvailable: 1, selector: { matchLabels: labels(name) } },
});

const ingress = () => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'a2a-mcp',
    annotations: {
      // ingress-nginx: long polls and streamed responses pass through unbuffered.
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '1m',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    },
  },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: services.map((s) => `${s.name}.${DOMAIN_TOKEN}`), secretName: 'a2a-mcp-tls' }],
    rules: services.map((s) => ({
      host: `${s.name}.${DOMAIN_TOKEN}`,
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: s.name, port: { name: 'http' } } } }] },
    })),
  },
});

// --- a small YAML writer (block style; strings quoted when YAML would read them otherwise) ------
const plain = /^[A-Za-z_/][A-Za-z0-9_./:-]*$/;
const scalar = (v) => (typeof v === 'string' ? (plain.test(v) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(v) ? v : JSON.stringify(v)) : String(v));
function yaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const body = yaml(item, `${indent}  `).replace(/^\n\s*/, '');
        return `\n${indent}- ${body}`;
      }
      return `\n${indent}-${yaml(item, `${indent}  `)}`;
    }).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries.map(([k, v]) => `\n${indent}${scalar(k)}:${yaml(v, `${indent}  `)}`).join('');
  }
  return ` ${scalar(value)}`;
}
const document = (obj) => `${yaml(obj).replace(/^\n/, '')}\n`;
const HEADER = '# Generated by k8s/generate.mjs from services.json: do not edit; change the template and re-run.\n';

export function render() {
  const files = new Map();
  for (const s of services) files.set(`${s.name}.yaml`, HEADER + [deployment(s), service(s), hpa(s), pdb(s)].map(document).join('---\n'));
  files.set('ingress.yaml', HEADER + document(ingress()));
  files.set('kustomization.yaml', HEADER + document({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...files.keys()] }));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = render();
  if (process.argv.includes('--check')) {
    const stale = [...files].filter(([file, text]) => {
      try {
        return readFileSync(join(out, file), 'utf8') !== text;
      } catch {
        return true;
      }
    }).map(([file]) => file);
    const extra = readdirSync(out).filter((f) => !files.has(f));
    if (stale.length || extra.length) {
      console.error(`k8s/base/generated is stale (${[...stale, ...extra].join(', ')}): run node k8s/generate.mjs`);
      process.exit(1);
    }
  } else {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const [file, text] of files) writeFileSync(join(out, file), text);
    console.log(`wrote ${files.size} files to k8s/base/generated`);
  }
}
