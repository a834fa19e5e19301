import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLogger,
  loadConfig,
  startService,
  type Config,
  type RunningService,
  type ServiceDefinition,
  type StartServiceOptions,
} from '@a2a-mcp/core';

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

const logStreams = new Map<string, NodeJS.WritableStream>();

/** One append stream per service name and process, shared by every test service of that name. */
function testLogStream(logDir: string, name: string): NodeJS.WritableStream {
  const file = join(logDir, 'services', `${name}-${process.pid}.log`);
  let stream = logStreams.get(file);
  if (!stream) {
    mkdirSync(join(logDir, 'services'), { recursive: true });
    stream = createWriteStream(file, { flags: 'a' });
    logStreams.set(file, stream);
  }
  return stream;
}

/**
 * Starts `definition` on 127.0.0.1, port 0, with the test configuration. Close it in afterAll.
 *
 * When `A2A_TEST_LOG_DIR` is set (the root `pnpm test` sets it), the service logs at debug level
 * to `<dir>/services/<name>-<pid>.log` and keeps its state (usage records) under `<dir>/state`,
 * so the log scan after the suite can look for leaked secrets; otherwise its logs are silent.
 */
export function startTestService(definition: ServiceDefinition, { env, ...options }: TestServiceOptions = {}): Promise<RunningService> {
  const logDir = process.env.A2A_TEST_LOG_DIR;
  if (!logDir) return startService(definition, { ...options, config: testConfig(env), port: 0 });
  const logger =
    options.logger ?? createLogger({ service: definition.name, level: 'debug', stream: testLogStream(logDir, definition.name) });
  return startService(definition, { ...options, logger, config: testConfig({ STATE_DIR: join(logDir, 'state'), ...env }), port: 0 });
}
