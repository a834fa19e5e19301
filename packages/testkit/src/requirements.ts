/**
 * Tests that need Redis or PostgreSQL call this: with the variable set they run; without it they
 * skip, unless REQUIRE_SERVICES=1 (CI), where the absence fails the run.
 */
export function requireExternalService(variable: 'REDIS_URL' | 'DATABASE_URL', env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[variable];
  if (value) return value;
  if (env.REQUIRE_SERVICES === '1')
    throw new Error(`${variable} must be set: REQUIRE_SERVICES=1 makes tests that need it fail instead of skipping`);
  return undefined;
}
