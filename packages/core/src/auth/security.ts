/**
 * Assembles the authentication layer from the configuration: API keys (environment + hashed keys
 * file, reloaded live), the development key, HS256 JWTs, OAuth access tokens and the RFC 9728
 * metadata routes. `startService` calls this; nothing here listens.
 */
import type { Config } from '../config.js';
import { ensureDevKey } from '../dev-key.js';
import type { RouteHandler } from './route-auth.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { ApiKeyStore } from './api-keys.js';
import { createAuthenticator, type Authenticator, type TokenVerifier } from './authenticate.js';
import { createChallenge, type Challenge } from './challenge.js';
import { IssuerKeys } from './issuer-keys.js';
import { createJwtVerifier } from './jwt.js';
import { watchKeysFile, type KeysWatcher } from './keys-watcher.js';
import {
  canonicalResourceUrl,
  createProtectedResourceRoute,
  protectedResourceMetadata,
  PROTECTED_RESOURCE_PATHS,
  resourceMetadataUrl,
} from './oauth-metadata.js';

export interface SecurityOptions {
  config: Config;
  logger: Logger;
  metrics: Metrics | undefined;
  serviceName: string;
  /** Where the development key lives (called only when one is needed). */
  devKeyDir: () => string;
}

export interface Security {
  authenticate: Authenticator;
  challenge: Challenge;
  /** Extra routes (the protected resource metadata when OAuth is configured). */
  routes: Record<string, RouteHandler>;
  /** Tells the layer the listening URL (the canonical resource URL when PUBLIC_URL is unset). */
  listening(url: string): void;
  /** The canonical resource URL (`…/mcp`), once listening. */
  resourceUrl(): string | undefined;
  /** The OAuth issuer's signing keys (undefined without OAUTH_ISSUER): state for /ready and /status. */
  issuerKeys?: Pick<IssuerKeys, 'state' | 'warm' | 'breakerState' | 'breakerStats' | 'retryNow' | 'onChange'>;
  close(): void;
}

/** Whether any credential source is configured (the production profile needs one). */
export function hasConfiguredCredentials(config: Config): boolean {
  return (
    config.apiKeys.length > 0 || config.API_KEYS_FILE !== undefined || config.JWT_SECRET !== undefined || config.OAUTH_ISSUER !== undefined
  );
}

/** Builds the authenticator and its routes. Throws (an Error naming the file) when API_KEYS_FILE is malformed. */
export function createSecurity({ config, logger, metrics, serviceName, devKeyDir }: SecurityOptions): Security {
  let listeningUrl: string | undefined;
  const resourceUrl = () => (config.PUBLIC_URL || listeningUrl ? canonicalResourceUrl(config.PUBLIC_URL, listeningUrl ?? '') : undefined);
  const oauth = config.OAUTH_ISSUER;
  const challenge = createChallenge(
    oauth ? { resourceMetadataUrl: () => (resourceUrl() ? resourceMetadataUrl(resourceUrl()!) : undefined) } : {},
  );

  let envKeys = config.apiKeys;
  let watcher: KeysWatcher | undefined;
  const startWatcher = () => (watcher = config.API_KEYS_FILE ? watchKeysFile({ path: config.API_KEYS_FILE, envKeys, logger }) : undefined);
  startWatcher();
  // Keys in the hashed keys file (service-manager keys create) sit beside the development key:
  // counting them would make the key every README example uses die at the next start.
  const noCredentials = envKeys.length === 0 && !config.JWT_SECRET && !oauth;
  if (noCredentials && config.profile === 'development') {
    const devKey = ensureDevKey(devKeyDir());
    envKeys = [{ key: devKey.key, clientId: 'developer', permissions: ['admin'] }];
    // The key itself is never logged (logs are shipped and kept); the file is mode 0600.
    if (devKey.created) logger.warn(`No credentials configured: created a development API key in ${devKey.file} (read it from there)`);
    else logger.info(`No credentials configured: using the development API key in ${devKey.file}`);
    watcher?.close();
    startWatcher();
  }
  const staticKeys = watcher ? undefined : ApiKeyStore.fromPlaintext(envKeys);

  const issuerKeys = oauth
    ? new IssuerKeys({
        issuer: oauth,
        ...(config.OAUTH_JWKS_URL ? { jwksUrl: config.OAUTH_JWKS_URL } : {}),
        requireHttps: config.profile === 'production',
        maxAgeMs: config.OAUTH_JWKS_CACHE_MS,
        staleMaxMs: config.OAUTH_JWKS_STALE_MS,
        retryMaxMs: config.OAUTH_ISSUER_RETRY_MAX_MS,
        onFailure: (message) => logger.warn(`OAuth issuer: ${message}`),
      })
    : undefined;
  const audience = () => config.OAUTH_AUDIENCE ?? resourceUrl() ?? '';
  const tokenVerifiers: TokenVerifier[] = [];
  if (config.JWT_SECRET || oauth) {
    const fallbacks = {
      sub: ['sub', 'client_id', 'azp'],
      client_id: ['client_id', 'azp', 'sub'],
      azp: ['azp', 'client_id', 'sub'],
    } as const;
    tokenVerifiers.push(
      createJwtVerifier({
        challenge,
        policy: { clockSkewSeconds: config.TOKEN_CLOCK_SKEW_SECONDS, maxLifetimeSeconds: config.TOKEN_MAX_LIFETIME_SECONDS },
        ...(config.JWT_SECRET ? { hs256: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE } } : {}),
        ...(oauth && issuerKeys
          ? {
              oauth: {
                issuer: oauth,
                audience,
                keys: issuerKeys,
                algorithms: config.OAUTH_ALGORITHMS,
                requireAccessTokenType: config.OAUTH_REQUIRE_TYP,
                principalClaims: fallbacks[config.OAUTH_PRINCIPAL_CLAIM],
                ...(config.OAUTH_PERMISSIONS_CLAIM
                  ? { permissions: { claim: config.OAUTH_PERMISSIONS_CLAIM, mode: config.OAUTH_PERMISSIONS_MODE } }
                  : {}),
              },
            }
          : {}),
      }),
    );
  }
  const authenticate = createAuthenticator({
    apiKeys: () => watcher?.current() ?? staticKeys!,
    tokenVerifiers,
    challenge,
    onFailure: (reason) => metrics?.authFailures.inc({ reason }),
  });

  const routes: Record<string, RouteHandler> = {};
  if (oauth) {
    // RFC 9728: the resource advertised is the audience actually checked.
    const route = createProtectedResourceRoute(() => protectedResourceMetadata(audience(), oauth, serviceName));
    for (const path of PROTECTED_RESOURCE_PATHS) routes[path] = route;
    // Behind a proxy with a path (PUBLIC_URL=https://host/vector-ranking), the metadata URL the
    // challenge names is /.well-known/oauth-protected-resource/vector-ranking/mcp: serve it too.
    if (config.PUBLIC_URL) routes[new URL(resourceMetadataUrl(canonicalResourceUrl(config.PUBLIC_URL, ''))).pathname] = route;
  }
  return {
    authenticate,
    challenge,
    routes,
    listening: (url) => {
      listeningUrl = url;
      void issuerKeys?.warm();
    },
    resourceUrl,
    ...(issuerKeys ? { issuerKeys } : {}),
    close: () => watcher?.close(),
  };
}

function isHttpsOrLoopback(url: string): boolean {
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' ||
    ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname) ||
    /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname)
  );
}

/** Production-profile checks on credentials and secrets; each problem names its variable. */
export function securityProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!hasConfiguredCredentials(config))
    problems.push(
      'MCP_API_KEYS: the production profile needs at least one credential (MCP_API_KEYS, API_KEY_<N>, API_KEYS_FILE, JWT_SECRET or OAUTH_ISSUER)',
    );
  for (const key of config.apiKeys) {
    const source = key.source ?? 'MCP_API_KEYS';
    if (key.key.length < 32) problems.push(`${source}: the key for client "${key.clientId}" is shorter than 32 characters`);
    if (/^(dev|test|changeme|secret|password|default)/i.test(key.key))
      problems.push(`${source}: the key for client "${key.clientId}" looks like a default or development key`);
  }
  if (config.JWT_SECRET !== undefined) {
    if (Buffer.byteLength(config.JWT_SECRET, 'utf8') < 32) problems.push('JWT_SECRET: shorter than 32 bytes');
    if (/^(dev|test|change-?me|secret|password|default|your[-_]?secret)/i.test(config.JWT_SECRET))
      problems.push('JWT_SECRET: looks like a default or example secret');
  }
  // Signing keys fetched over plain HTTP could be swapped on the way: only a loopback sidecar may skip TLS.
  for (const name of ['OAUTH_ISSUER', 'OAUTH_JWKS_URL'] as const) {
    const value = config[name];
    if (value !== undefined && !isHttpsOrLoopback(value))
      problems.push(`${name}: must be an https:// URL in production (http:// only on a loopback address)`);
  }
  // Without it the audience would be http://127.0.0.1:<port>/mcp on every host: the same on every
  // replica of every deployment, and never what a client asks a token for.
  if (config.OAUTH_ISSUER !== undefined && config.PUBLIC_URL === undefined)
    problems.push('PUBLIC_URL: OAuth needs the public URL of this service in production (its tokens are issued for PUBLIC_URL/mcp)');
  if (config.CORS_ORIGINS.includes('*')) problems.push('CORS_ORIGINS: "*" is not allowed in production; list the origins');
  if (config.METRICS_TOKEN !== undefined) {
    if (config.METRICS_TOKEN.length < 16) problems.push('METRICS_TOKEN: shorter than 16 characters');
    if (/^(dev|test|changeme|secret|password|default)/i.test(config.METRICS_TOKEN))
      problems.push('METRICS_TOKEN: looks like a default or example token');
  }
  return problems;
}
