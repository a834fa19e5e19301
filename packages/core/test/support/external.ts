/**
 * Core cannot depend on testkit (testkit depends on core), so this mirrors testkit's
 * `requireExternalService`: set → run; unset → skip; REQUIRE_SERVICES=1 → unset fails the run.
 */
export function requireExternalService(variable: 'REDIS_URL' | 'DATABASE_URL'): string | undefined {
  const value = process.env[variable];
  if (value) return value;
  if (process.env.REQUIRE_SERVICES === '1')
    throw new Error(`${variable} must be set: REQUIRE_SERVICES=1 makes tests that need it fail instead of skipping`);
  return undefined;
}

/** A prefix no other test run uses, so parallel runs on the shared Redis never collide. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`;
}

/** Deletes every key under `prefix` on the Redis at `url` (test clean-up; never FLUSHALL). */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
  await client.quit();
}
