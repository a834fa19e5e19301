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

(REDIS_URL ? describe : describe.skip)('startRedisServer', () => {
  let redis: RedisServer | undefined;
  afterAll(async () => {
    await redis?.kill();
  });

  it('starts a private server, kills it (an outage) and restarts it on the same port, empty', async () => {
    redis = await startRedisServer();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await ping(redis.port)).toBe('+PONG');
    await redis.kill();
    expect(await ping(redis.port)).toBe('refused');
    await redis.kill();
    await redis.restart();
    expect(await ping(redis.port)).toBe('+PONG');
  });

  it('reports a binary that cannot be started', async () => {
    await expect(startRedisServer({ command: 'no-such-redis-server-binary' })).rejects.toThrow('no-such-redis-server-binary could not be started: spawn no-such-redis-server-binary ENOENT');
  });
});
