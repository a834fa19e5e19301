/**
 * Bearer JWTs: HS256 tokens the operator mints with JWT_SECRET, and OAuth 2.1 access tokens from
 * an external authorization server verified against its JWKS. The algorithm in the token header
 * only chooses which check to run; each check fixes its own allowed algorithms, so `none` and
 * "HS256 signed with the RSA public key" fail whatever the header says.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { ServiceError } from '../errors.js';
import { loadJose } from './jose.js';
import type { TokenVerifier } from './authenticate.js';
import type { Challenge } from './challenge.js';
import { identityFromClaims, type PermissionPolicy, type PrincipalClaim } from './claims.js';
import type { Identity, Permission } from './identity.js';
import type { IssuerKeys } from './issuer-keys.js';

/** Default clock skew accepted on `exp`, `nbf` and `iat` (TOKEN_CLOCK_SKEW_SECONDS). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Limits every bearer token must meet, HS256 and OAuth alike. */
export interface TokenPolicy {
  /** TOKEN_CLOCK_SKEW_SECONDS: tolerance on `exp`, `nbf` and a future `iat`. Default 30. */
  clockSkewSeconds?: number;
  /**
   * TOKEN_MAX_LIFETIME_SECONDS: the longest lifetime accepted, `exp − iat` (or `exp − now` for a
   * token without `iat`). Default 7 days.
   */
  maxLifetimeSeconds?: number;
  now?: () => number;
}

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
  /** The audience checked: OAUTH_AUDIENCE, else the canonical resource URL; read per call (known only after listen). */
  audience: () => string;
  /** The issuer's signing keys (cached, refreshed with backoff). */
  keys: IssuerKeys;
  /** OAUTH_ALGORITHMS: asymmetric algorithms only. */
  algorithms: readonly string[];
  /** OAUTH_REQUIRE_TYP: accept only RFC 9068 access tokens (`typ` `at+jwt` or `application/at+jwt`). */
  requireAccessTokenType?: boolean;
  /** OAUTH_PRINCIPAL_CLAIM (and its fallbacks). */
  principalClaims?: readonly PrincipalClaim[];
  /** OAUTH_PERMISSIONS_CLAIM / OAUTH_PERMISSIONS_MODE. */
  permissions?: PermissionPolicy;
}

export interface JwtVerifierOptions {
  hs256?: Hs256Options;
  oauth?: OAuthOptions;
  policy?: TokenPolicy;
  challenge: Challenge;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Header fields that must be strings when present (RFC 7515 §4.1). */
const STRING_HEADER_FIELDS = ['alg', 'kid', 'typ', 'cty'] as const;

type JoseErrors = Awaited<ReturnType<typeof loadJose>>['errors'];

function describe(error: unknown, errors: JoseErrors): { description: string; reason: 'expired' | 'invalid_token' } {
  if (error instanceof errors.JWTExpired) return { description: 'The token has expired', reason: 'expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return { description: 'The token is not yet valid', reason: 'invalid_token' };
      case 'iss':
        return { description: 'The token was issued by an untrusted issuer', reason: 'invalid_token' };
      case 'aud':
        return { description: 'The token is not meant for this resource', reason: 'invalid_token' };
      case 'typ':
        return { description: 'The token is not an access token (typ must be at+jwt)', reason: 'invalid_token' };
      default:
        return {
          description: `The token's ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'invalid'}`,
          reason: 'invalid_token',
        };
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return { description: 'The token is signed with an algorithm that is not allowed', reason: 'invalid_token' };
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return { description: 'The token signature is invalid', reason: 'invalid_token' };
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return { description: 'The token is signed with an unknown key', reason: 'invalid_token' };
  return { description: 'The token is malformed', reason: 'invalid_token' };
}

function decodeHeader(
  token: string,
  decodeProtectedHeader: Awaited<ReturnType<typeof loadJose>>['decodeProtectedHeader'],
): ProtectedHeaderParameters | undefined {
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    for (const field of STRING_HEADER_FIELDS) if (header[field] !== undefined && typeof header[field] !== 'string') return undefined;
    if (typeof header.alg !== 'string') return undefined;
    return header;
  } catch {
    return undefined;
  }
}

/**
 * Creates the TokenVerifier for JWT-shaped bearer tokens. HS* tokens go to the HS256 check (when
 * JWT_SECRET is set), tokens with an allowed asymmetric algorithm to the issuer's keys (when
 * OAUTH_ISSUER is set); anything else is refused without contacting the issuer. Every failure
 * that is the token's is a 401; only the issuer being unreachable is a 503.
 */
export function createJwtVerifier({ hs256, oauth, policy = {}, challenge }: JwtVerifierOptions): TokenVerifier {
  const invalid = (description: string, reason: 'expired' | 'invalid_token' = 'invalid_token') =>
    new ServiceError('unauthenticated', description, {
      data: { reason },
      headers: { 'WWW-Authenticate': challenge('invalid_token', description) },
    });
  const secret = hs256 ? new TextEncoder().encode(hs256.secret) : undefined;
  const skew = policy.clockSkewSeconds ?? CLOCK_TOLERANCE_SECONDS;
  const maxLifetime = policy.maxLifetimeSeconds ?? 7 * 86_400;
  const nowSeconds = () => Math.floor((policy.now ?? Date.now)() / 1000);
  const currentDate = () => new Date(nowSeconds() * 1000);

  const checkLifetime = (payload: JWTPayload) => {
    const now = nowSeconds();
    // jose checks exp/nbf; `iat` in the future and over-long lifetimes are ours to refuse.
    if (payload.iat !== undefined && payload.iat > now + skew) throw invalid('The token was issued in the future');
    const from = payload.iat ?? now;
    if (typeof payload.exp === 'number' && payload.exp - from > maxLifetime)
      throw invalid(`The token lives longer than the ${maxLifetime} s this service accepts`);
  };

  const check = async (token: string): Promise<Identity> => {
    const { decodeProtectedHeader, jwtVerify } = await loadJose();
    const header = decodeHeader(token, decodeProtectedHeader);
    if (header === undefined) throw invalid('The token is malformed');
    const alg = header.alg!;
    if (alg.startsWith('HS') && secret && hs256) {
      const { payload } = await jwtVerify(token, secret, {
        algorithms: ['HS256'],
        issuer: hs256.issuer,
        audience: hs256.audience,
        requiredClaims: ['exp'],
        clockTolerance: skew,
        currentDate: currentDate(),
      });
      checkLifetime(payload);
      return identityFromClaims(
        payload,
        { authType: 'jwt', principalClaims: ['sub', 'client_id'], permissions: { legacyPermissions: true } },
        invalid,
      );
    }
    if (oauth && oauth.algorithms.includes(alg)) {
      if (oauth.requireAccessTokenType && !/^(application\/)?at\+jwt$/i.test(header.typ ?? ''))
        throw invalid('The token is not an access token (typ must be at+jwt)');
      const { payload } = await jwtVerify(token, oauth.keys.getKey, {
        algorithms: [...oauth.algorithms],
        issuer: oauth.issuer,
        audience: oauth.audience(),
        requiredClaims: ['exp'],
        clockTolerance: skew,
        currentDate: currentDate(),
      });
      checkLifetime(payload);
      return identityFromClaims(
        payload,
        {
          authType: 'oauth',
          issuer: oauth.issuer,
          ...(oauth.principalClaims ? { principalClaims: oauth.principalClaims } : {}),
          ...(oauth.permissions ? { permissions: oauth.permissions } : {}),
        },
        invalid,
      );
    }
    throw invalid('The token is signed with an algorithm that is not allowed');
  };

  return {
    accepts: (token) => JWT_SHAPE.test(token),
    async verify(token): Promise<Identity> {
      try {
        return await check(token);
      } catch (error) {
        // ServiceErrors are ours: a 401 for the token, or `unavailable` from the issuer's keys.
        if (error instanceof ServiceError) throw error;
        const { description, reason } = describe(error, (await loadJose()).errors);
        throw invalid(description, reason);
      }
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
export async function mintJwt({
  secret,
  clientId,
  permissions,
  issuer = 'a2a-mcp',
  audience = 'a2a-mcp',
  expiresInHours = 24,
  now = new Date(),
}: MintJwtOptions): Promise<string> {
  const { SignJWT } = await loadJose();
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ scope: permissions.join(' '), permissions: [...permissions] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(clientId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.round(expiresInHours * 3600))
    .sign(new TextEncoder().encode(secret));
}
