/**
 * Bearer JWTs: HS256 tokens the operator mints with JWT_SECRET, and OAuth 2.1 access tokens from
 * an external authorization server verified against its JWKS. The algorithm in the token header
 * only chooses which check to run; each check fixes its own allowed algorithms, so `none` and
 * "HS256 signed with the RSA public key" fail whatever the header says.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ServiceError } from '../errors.js';
import type { TokenVerifier } from './authenticate.js';
import type { Challenge } from './challenge.js';
import { identityFromClaims } from './claims.js';
import type { Identity, Permission } from './identity.js';

/** Clock skew accepted on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface Hs256Options {
  /** JWT_SECRET (at least 32 bytes in production). */
  secret: string;
  /** JWT_ISSUER, default `a2a-mcp`. */
  issuer: string;
  /** JWT_AUDIENCE, default `a2a-mcp`. */
  audience: string;
}

export interface OAuthOptions {
  /** OAUTH_ISSUER: must equal the tokens' `iss` exactly. */
  issuer: string;
  /** OAUTH_AUDIENCE, default the canonical resource URL; read per call (known only after listen). */
  audience: () => string;
  /** OAUTH_JWKS_URL; default discovered from the issuer's metadata, else `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** OAUTH_ALGORITHMS: asymmetric algorithms only. */
  algorithms: readonly string[];
}

export interface JwtVerifierOptions {
  hs256?: Hs256Options;
  oauth?: OAuthOptions;
  challenge: Challenge;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Finds the JWKS URL from the issuer's metadata (OpenID Connect discovery, then RFC 8414). */
export async function discoverJwksUrl(issuer: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const base = issuer.replace(/\/+$/, '');
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  const candidates = [`${base}/.well-known/openid-configuration`, `${url.origin}/.well-known/oauth-authorization-server${path}`];
  for (const candidate of candidates) {
    const response = await fetchImpl(candidate, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
    if (response.status >= 500) throw new Error(`authorization server metadata: HTTP ${response.status}`);
    if (!response.ok) continue;
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // RFC 8414 §3.3: metadata whose issuer differs from the configured one must not be used.
    if (metadata.issuer !== issuer) throw new Error('authorization server metadata names a different issuer');
    if (typeof metadata.jwks_uri === 'string') return metadata.jwks_uri;
  }
  return `${base}/.well-known/jwks.json`;
}

function describe(error: unknown): { description: string; reason: 'expired' | 'invalid_token' } {
  if (error instanceof errors.JWTExpired) return { description: 'The token has expired', reason: 'expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return { description: 'The token is not yet valid', reason: 'invalid_token' };
      case 'iss':
        return { description: 'The token was issued by an untrusted issuer', reason: 'invalid_token' };
      case 'aud':
        return { description: 'The token is not meant for this resource', reason: 'invalid_token' };
      default:
        return { description: `The token's ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'invalid'}`, reason: 'invalid_token' };
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return { description: 'The token is signed with an algorithm that is not allowed', reason: 'invalid_token' };
  if (error instanceof errors.JWSSignatureVerificationFailed) return { description: 'The token signature is invalid', reason: 'invalid_token' };
  if (error instanceof errors.JWKSNoMatchingKey) return { description: 'The token is signed with an unknown key', reason: 'invalid_token' };
  return { description: 'The token is malformed', reason: 'invalid_token' };
}

/** Whether a verification error means the authorization server could not be reached (not the caller's fault). */
function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC';
  return !(error instanceof ServiceError);
}

/**
 * Creates the TokenVerifier for JWT-shaped bearer tokens. It accepts tokens whose header decodes;
 * HS* tokens go to the HS256 check (when JWT_SECRET is set), all others to the JWKS check (when
 * OAUTH_ISSUER is set); anything else is refused.
 */
export function createJwtVerifier({ hs256, oauth, challenge }: JwtVerifierOptions): TokenVerifier {
  const invalid = (description: string, reason: 'expired' | 'invalid_token' = 'invalid_token') =>
    new ServiceError('unauthenticated', description, { data: { reason }, headers: { 'WWW-Authenticate': challenge('invalid_token', description) } });
  const secret = hs256 ? new TextEncoder().encode(hs256.secret) : undefined;
  let jwks: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (): Promise<JWTVerifyGetKey> => {
    if (!oauth) throw new Error('OAuth is not configured');
    jwks ??= (oauth.jwksUrl ? Promise.resolve(oauth.jwksUrl) : discoverJwksUrl(oauth.issuer)).then((url) => createRemoteJWKSet(new URL(url)));
    // A failed discovery is retried on the next token instead of being remembered.
    void jwks.catch(() => (jwks = undefined));
    return jwks;
  };

  const check = async (token: string): Promise<{ payload: JWTPayload; authType: 'jwt' | 'oauth' }> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid('The token is malformed');
    }
    if (alg?.startsWith('HS') && secret && hs256) {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: hs256.issuer, audience: hs256.audience, requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS });
      return { payload, authType: 'jwt' };
    }
    if (oauth) {
      const { payload } = await jwtVerify(token, await keySet(), { algorithms: [...oauth.algorithms], issuer: oauth.issuer, audience: oauth.audience(), requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS });
      return { payload, authType: 'oauth' };
    }
    throw invalid('The token is signed with an algorithm that is not allowed');
  };

  return {
    accepts: (token) => JWT_SHAPE.test(token),
    async verify(token): Promise<Identity> {
      let result: { payload: JWTPayload; authType: 'jwt' | 'oauth' };
      try {
        result = await check(token);
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        if (isUpstreamFailure(error)) throw new ServiceError('unavailable', 'The authorization server cannot be reached to verify the token', { cause: error });
        const { description, reason } = describe(error);
        throw invalid(description, reason);
      }
      return identityFromClaims(result.payload, result.authType, (description) => invalid(description));
    },
  };
}

export interface MintJwtOptions {
  /** JWT_SECRET. */
  secret: string;
  /** The `sub`, used as the client id. */
  clientId: string;
  permissions: readonly Permission[];
  /** JWT_ISSUER, default `a2a-mcp`. */
  issuer?: string;
  /** JWT_AUDIENCE, default `a2a-mcp`. */
  audience?: string;
  /** Lifetime; JWT_EXPIRATION_HOURS, default 24. */
  expiresInHours?: number;
  now?: Date;
}

/**
 * Mints an HS256 token the services accept (for the operator: CI jobs, scripts, other agents).
 *
 * @example await mintJwt({ secret: config.JWT_SECRET!, clientId: 'ci', permissions: ['write'] })
 */
export function mintJwt({ secret, clientId, permissions, issuer = 'a2a-mcp', audience = 'a2a-mcp', expiresInHours = 24, now = new Date() }: MintJwtOptions): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ permissions: [...permissions] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(clientId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.round(expiresInHours * 3600))
    .sign(new TextEncoder().encode(secret));
}
