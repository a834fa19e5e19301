/**
 * @a2a-mcp/core/operator — what the service manager and operator tools use: the services
 * registry (services.json) and the API keys file.
 */
export { loadServicesRegistry, locateServicesRegistry, findServicesFile, readPackageVersion } from './registry.js';
export type { ServiceEntry, ServicesRegistry } from './registry.js';
export { readKeysFile, writeKeysFile, addKey, revokeKeys, generateApiKey, toApiKeyRecords } from './auth/keys-file.js';
export type { KeyEntry, KeysFile, CreateKeyOptions } from './auth/keys-file.js';
export { isValidApiKeyClientId } from './auth/claims.js';
export { PERMISSIONS } from './auth/identity.js';
export type { Permission } from './auth/identity.js';
