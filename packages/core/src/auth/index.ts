/**
 * @a2a-mcp/core/auth — credentials beyond what a tool sees: API key stores and files, HS256 and
 * OAuth (JWKS) token verification (jose), minting, challenges, guards and protected-resource
 * metadata. The runtime wires all of it; import this only to build or check credentials yourself.
 */
export { ApiKeyStore, hashApiKey } from './api-keys.js';
export type { ApiKeyRecord } from './api-keys.js';
export { createJwtVerifier, mintJwt, CLOCK_TOLERANCE_SECONDS, type TokenPolicy } from './jwt.js';
export type { JwtVerifierOptions, Hs256Options, OAuthOptions, MintJwtOptions } from './jwt.js';
export { IssuerKeys, type IssuerKeysOptions, type IssuerKeysState } from './issuer-keys.js';
export { createChallenge } from './challenge.js';
export type { Challenge, ChallengeOptions } from './challenge.js';
export {
  permissionsFromClaims,
  scopeToPermission,
  identityFromClaims,
  isValidApiKeyClientId,
  RESERVED_PRINCIPAL_PREFIXES,
  type PermissionPolicy,
} from './claims.js';
export { insufficientScope, requireAdmin, requirePermission } from './guards.js';
export { watchKeysFile } from './keys-watcher.js';
export type { KeysWatcher, KeysWatcherOptions } from './keys-watcher.js';
export { canonicalResourceUrl, resourceMetadataUrl, protectedResourceMetadata, PROTECTED_RESOURCE_PATHS } from './oauth-metadata.js';
export type { ProtectedResourceMetadata } from './oauth-metadata.js';
export { createAuthenticator, missingCredentials } from './authenticate.js';
export type { Authenticator, AuthenticatorOptions, TokenVerifier, AuthFailureReason } from './authenticate.js';
export { expandPermissions, hasPermission, PERMISSIONS, LOCAL_IDENTITY, quotaSubject } from './identity.js';
export type { Identity, Permission, AuthType } from './identity.js';
