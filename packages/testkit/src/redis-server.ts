/**
 * A private redis-server for fault tests: start it, kill it (an outage), start it again on the same
 * port, stop it. Never touch the shared Redis of the machine in such tests: start one of these.
 *
 * By default it is memory-only (`--save ''`, no AOF), so a restart comes back empty. With
 * `persistent: true` it keeps an append-only file (`--appendonly yes --appendfsync always`, RDB
 * snapshots off) in a private temp directory (`dataDir`): every write is in the file before Redis
 * answers it, so a SIGKILL loses nothing and `restart()` comes back with every key and its TTL, as a
 * production Redis with AOF would. The directory lives across `kill()` and `restart()` and is removed
 * by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './wait.js';

/**
 * A free TCP port on 127.0.0.1 (free when asked; bind it soon), below the kernel's ephemeral range
 * (see freeOffset): a server of a test's own that is restarted on the same port (Redis, PostgreSQL)
 * must not find it taken by an outgoing connection in between.
 */
export function freePort(): Promise<number> {
  return freePortRun(1);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The directory of the append-only file (`persistent: true`); `undefined` when memory-only. */
  dataDir: string | undefined;
  /** SIGKILLs the server (an outage, not a shutdown); resolves once it exited. Idempotent. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`; not after `stop`); resolves once it accepts connections. Memory-only: empty; persistent: with everything written before the kill. */
  restart(): Promise<void>;
  /** Kills it and removes its data directory (if any). Idempotent; call it in afterAll. */
  stop(): Promise<void>;
}

export interface StartRedisServerOptions {
  /** Port to use; default a free one. */
  port?: number;
  /** Longest wait for the server to accept connections, in ms. Default 5000. */
  startTimeoutMs?: number;
  /** The binary; default `redis-server` on PATH. */
  command?: string;
  /** Keep the data across `kill()` / `restart()`: AOF (fsync always) in a private temp directory, removed by `stop()`. Default false (memory-only). */
  persistent?: boolean;
}

function redisArgs(port: number, dataDir: string | undefined): string[] {
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  return dataDir === undefined
    ? [...common, '--appendonly', 'no']
    : [...common, '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir];
}

async function spawnRedis(command: string, port: number, dataDir: string | undefined, startTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(command, redisArgs(port, dataDir), { stdio: 'ignore' });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await accepts(port)) return child;
    const failed = await Promise.race([spawnError, sleep(50).then(() => undefined)]);
    if (failed) throw new Error(`${command} could not be started: ${failed.message}`);
  }
  child.kill('SIGKILL');
  throw new Error(`${command} did not accept connections on port ${port} within ${startTimeoutMs} ms`);
}

/**
 * Starts a redis-server on 127.0.0.1 (memory-only unless `persistent`) and waits until it accepts
 * connections.
 *
 * @example
 * const redis = await startRedisServer();
 * // ... start a service with REDIS_URL: redis.url, then:
 * await redis.kill();     // outage
 * await redis.restart();  // back, empty
 * await redis.stop();
 *
 * const durable = await startRedisServer({ persistent: true });
 * await durable.kill();
 * await durable.restart(); // back, with every key (and TTL) written before the kill
 * await durable.stop();    // also removes its AOF directory
 */
export async function startRedisServer({
  port,
  startTimeoutMs = 5_000,
  command = 'redis-server',
  persistent = false,
}: StartRedisServerOptions = {}): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const dataDir = persistent ? mkdtempSync(join(tmpdir(), 'a2a-redis-')) : undefined;
  const removeDataDir = () => {
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  let child: ChildProcess;
  try {
    child = await spawnRedis(command, chosen, dataDir, startTimeoutMs);
  } catch (error) {
    removeDataDir();
    throw error;
  }
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    dataDir,
    kill,
    restart: async () => {
      if (stopped) throw new Error('this redis-server was stopped');
      await kill();
      child = await spawnRedis(command, chosen, dataDir, startTimeoutMs);
    },
    stop: async () => {
      stopped = true;
      await kill();
      removeDataDir();
    },
  };
}

/** The first port of the kernel's ephemeral range (Linux's default 32 768 where it cannot be read). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(first) && first > 12_000) return first;
  } catch {
    // not Linux, or /proc not mounted
  }
  return 32_768;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A service-manager `--port-offset` so that the `count` ports from `basePort + offset` on are free
 * (default 2: 8108 and 8109; `freeOffset(8101, 9)` for the whole fleet), for a supervisor of the
 * test's own. The ports lie between 10 000 and the start of the kernel's ephemeral range (32 768 by
 * default): a port in that range can be taken by any outgoing connection of a suite running beside
 * this one between the check here and the supervisor's listen, which is how a fleet start once
 * failed in CI with "port already in use".
 */
export async function freeOffset(basePort = 8108, count = 2): Promise<number> {
  return (await freePortRun(count)) - basePort;
}

/** The first of `count` consecutive free ports between 10 000 and the kernel's ephemeral range. */
async function freePortRun(count: number): Promise<number> {
  const low = 10_000;
  const high = ephemeralStart() - count;
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = low + Math.floor(Math.random() * (high - low));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await portFree(first + i);
    if (free) return first;
  }
  throw new Error('no free port found');
}
