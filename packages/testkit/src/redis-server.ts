/**
 * A private redis-server for fault tests: start it, kill it (an outage), start it again on the same
 * port. Memory only (`--save ''`, no AOF), so a restart comes back empty. Never touch the shared
 * Redis of the machine in such tests: start one of these.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { sleep } from './wait.js';

/** A free TCP port on 127.0.0.1 (free when asked; bind it soon). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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
  /** SIGKILLs the server (an outage, not a shutdown); resolves once it exited. Idempotent. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`); resolves once it accepts connections. */
  restart(): Promise<void>;
}

export interface StartRedisServerOptions {
  /** Port to use; default a free one. */
  port?: number;
  /** Longest wait for the server to accept connections, in ms. Default 5000. */
  startTimeoutMs?: number;
  /** The binary; default `redis-server` on PATH. */
  command?: string;
}

async function spawnRedis(command: string, port: number, startTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(command, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
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
 * Starts a memory-only redis-server on 127.0.0.1 and waits until it accepts connections.
 *
 * @example
 * const redis = await startRedisServer();
 * // ... start a service with REDIS_URL: redis.url, then:
 * await redis.kill();     // outage
 * await redis.restart();  // back, empty
 */
export async function startRedisServer({ port, startTimeoutMs = 5_000, command = 'redis-server' }: StartRedisServerOptions = {}): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  let child = await spawnRedis(command, chosen, startTimeoutMs);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    kill,
    restart: async () => {
      await kill();
      child = await spawnRedis(command, chosen, startTimeoutMs);
    },
  };
}
