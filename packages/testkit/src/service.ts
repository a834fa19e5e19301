import { loadConfig, startService, type Config, type RunningService, type ServiceDefinition, type StartServiceOptions } from '@a2a-mcp/core';

/** Keys every test service accepts: one per permission level. */
export const TEST_KEYS = {
  read: 'test-read-key-0123456789abcdef0123',
  write: 'test-write-key-0123456789abcdef012',
  admin: 'test-admin-key-0123456789abcdef012',
} as const;

/** A test configuration: test profile, silent logs, the three test keys, plus `env`. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MCP_API_KEYS: `${TEST_KEYS.read}:reader:read ${TEST_KEYS.write}:writer:write ${TEST_KEYS.admin}:operator:admin`,
    },
    { overrides: env },
  );
}

export interface TestServiceOptions extends Omit<StartServiceOptions, 'config' | 'port'> {
  /** Extra environment variables for the config. */
  env?: Record<string, string | undefined>;
}

/** Starts `definition` on 127.0.0.1, port 0, with the test configuration. Close it in afterAll. */
export function startTestService(definition: ServiceDefinition, { env, ...options }: TestServiceOptions = {}): Promise<RunningService> {
  return startService(definition, { ...options, config: testConfig(env), port: 0 });
}
