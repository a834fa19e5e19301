/**
 * Test helpers shared by every package: start a service on port 0 with test credentials, talk to
 * it with a 2025-era client (SDK v1), a 2026-07-28 client (SDK v2) or raw HTTP.
 */
export { startTestService, TEST_KEYS, testConfig } from './service.js';
export type { TestServiceOptions } from './service.js';
export { connectLegacyClient, connectModernClient, connectStdioClient } from './clients.js';
export type { ConnectedClient } from './clients.js';
export { mcpPost, modernEnvelope, modernHeaders, legacyHeaders } from './raw.js';
export type { RawResponse } from './raw.js';
export { requireExternalService } from './requirements.js';
