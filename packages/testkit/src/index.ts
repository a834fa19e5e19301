/**
 * Test helpers shared by every package: start a service on port 0 with test credentials, talk to
 * it with a 2025-era client (SDK v1), a 2026-07-28 client (SDK v2) or raw HTTP; a private
 * redis-server and a private PostgreSQL for outage tests; tool outcomes and /metrics samples.
 */
export { startTestService, TEST_KEYS, testConfig } from './service.js';
export type { TestServiceOptions } from './service.js';
export { connectLegacyClient, connectModernClient, connectStdioClient } from './clients.js';
export type { ConnectedClient } from './clients.js';
export { mcpPost, modernEnvelope, modernHeaders, legacyHeaders } from './raw.js';
export type { RawResponse } from './raw.js';
export { requireExternalService } from './requirements.js';
export { CLIENT_ERAS } from './eras.js';
export type { ConnectClient } from './eras.js';
export { callOk, callOutcome, callUntilOk, uniqueKeyPrefix } from './tool-calls.js';
export type { ToolOutcome } from './tool-calls.js';
export { freeOffset, freePort, startRedisServer } from './redis-server.js';
export type { RedisServer, StartRedisServerOptions } from './redis-server.js';
export { findPostgresBinDir, startPostgresServer } from './postgres-server.js';
export type { PostgresServer, StartPostgresServerOptions } from './postgres-server.js';
export { isAlive, sleep, waitFor, waitForHealth } from './wait.js';
export { startServiceProcess } from './service-process.js';
export type { ServiceProcess, StartServiceProcessOptions } from './service-process.js';
export { driveLoad } from './load.js';
export type { LoadResult } from './load.js';
export { metricSamples } from './metrics.js';
export { runTool, toolsByName, toolTestContext } from './tools.js';
export { TOOL_CATALOGUE } from './catalogue.js';
export type { ServiceName } from './catalogue.js';
export { packagesOf, runAndListLoaded } from './loaded-modules.js';
export type { LoadedModules } from './loaded-modules.js';
