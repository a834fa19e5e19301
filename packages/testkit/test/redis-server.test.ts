import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { requireExternalService } from '../src/requirements.js';
import { startRedisServer, type RedisServer } from '../src/redis-server.js';

// redis-server is installed wherever the Redis tests run.
const REDIS_URL = requireExternalService('REDIS_URL');

/** Sends PING over a raw socket: '+PONG' when the server answers, 'refused' when nothing listens. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('utf8').trim());
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? 'error')));
  });
}

/** Sends the commands (RESP arrays), then QUIT; resolves with every raw reply up to QUIT's `+OK` (excluded). */
function redis(port: number, ...commands: string[][]): Promise<string> {
  const encode = (args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.once('connect', () => socket.write([...commands, ['QUIT']].map(encode).join('')));
    socket.on('data', (data) => (received += data.toString('utf8')));
    socket.once('error', reject);
    socket.once('close', () => resolve(received.endsWith('+OK\r\n') ? received.slice(0, -'+OK\r\n'.length) : `no QUIT reply: ${received}`));
  });
}

(REDIS_URL ? describe : describe.skip)('startRedisServer', () => {
  const started: RedisServer[] = [];
  afterAll(async () => {
    for (const server of started) await server.stop();
  });

  it('starts a private server, kills it (an outage) and restarts it on the same port, empty', async () => {
    const server = await startRedisServer();
    started.push(server);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.dataDir).toBeUndefined();
    expect(await ping(server.port)).toBe('+PONG');
    expect(await redis(server.port, ['SET', 'kept', 'yes'], ['GET', 'kept'])).toBe('+OK\r\n$3\r\nyes\r\n');
    await server.kill();
    expect(await ping(server.port)).toBe('refused');
    await server.kill();
    await server.restart();
    expect(await ping(server.port)).toBe('+PONG');
    // Memory-only: nothing survived the kill.
    expect(await redis(server.port, ['GET', 'kept'], ['DBSIZE'])).toBe('$-1\r\n:0\r\n');
  });

  it('persistent: keys and their expiry survive SIGKILL and restart; stop removes the AOF directory', async () => {
    const server = await startRedisServer({ persistent: true });
    started.push(server);
    const dataDir = server.dataDir!;
    expect(existsSync(dataDir)).toBe(true);
    // An absolute expiry (PXAT) a day ahead, so PEXPIRETIME can be compared exactly after the restart.
    const expiresAt = String(Date.now() + 86_400_000);
    expect(
      await redis(
        server.port,
        ['SET', 'kept', 'yes'],
        ['SET', 'expiring', 'soon', 'PXAT', expiresAt],
        ['INCR', 'counter'],
        ['INCR', 'counter'],
      ),
    ).toBe('+OK\r\n+OK\r\n:1\r\n:2\r\n');
    // SIGKILL right after the answers: no shutdown, no snapshot; only the AOF can bring them back.
    await server.kill();
    expect(await ping(server.port)).toBe('refused');
    await server.restart();
    expect(
      await redis(
        server.port,
        ['GET', 'kept'],
        ['GET', 'expiring'],
        ['PEXPIRETIME', 'expiring'],
        ['PEXPIRETIME', 'kept'],
        ['GET', 'counter'],
        ['DBSIZE'],
      ),
    ).toBe(`$3\r\nyes\r\n$4\r\nsoon\r\n:${expiresAt}\r\n:-1\r\n$1\r\n2\r\n:3\r\n`);
    // A second outage: still there, and the server keeps appending.
    expect(await redis(server.port, ['INCR', 'counter'])).toBe(':3\r\n');
    await server.kill();
    await server.restart();
    expect(await redis(server.port, ['GET', 'counter'], ['PEXPIRETIME', 'expiring'])).toBe(`$1\r\n3\r\n:${expiresAt}\r\n`);
    await server.stop();
    expect(await ping(server.port)).toBe('refused');
    expect(existsSync(dataDir)).toBe(false);
    await server.stop();
    await expect(server.restart()).rejects.toThrow('this redis-server was stopped');
  });

  it('reports a binary that cannot be started', async () => {
    await expect(startRedisServer({ command: 'no-such-redis-server-binary' })).rejects.toThrow(
      'no-such-redis-server-binary could not be started: spawn no-such-redis-server-binary ENOENT',
    );
  });
});
