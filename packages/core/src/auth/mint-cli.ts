/**
 * `a2a-mint-jwt`: mints an HS256 token with the secret, issuer, audience and lifetime of the
 * services' configuration (JWT_SECRET / JWT_SECRET_KEY / JWT_SECRET_FILE, JWT_ISSUER,
 * JWT_AUDIENCE, JWT_EXPIRATION_HOURS).
 *
 * @example JWT_SECRET_FILE=/run/secrets/jwt a2a-mint-jwt --client ci-pipeline --permissions write --hours 8
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { PERMISSIONS, type Permission } from './identity.js';
import { mintJwt } from './jwt.js';

export const MINT_JWT_USAGE = 'usage: a2a-mint-jwt --client <client-id> --permissions read|write|admin[,…] [--hours <n>]';

/** Parses the arguments, reads the configuration and returns the token (throws ConfigError on bad input). */
export async function runMintJwt(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { client: { type: 'string' }, permissions: { type: 'string' }, hours: { type: 'string' } },
    strict: true,
  });
  const problems: string[] = [];
  const permissions = (values.permissions ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!values.client) problems.push('--client: required');
  if (permissions.length === 0 || permissions.some((p) => !(PERMISSIONS as readonly string[]).includes(p)))
    problems.push('--permissions: one or more of read, write, admin');
  const config = loadConfig(env, { overrides: values.hours ? { JWT_EXPIRATION_HOURS: values.hours } : {} });
  if (!config.JWT_SECRET) problems.push('JWT_SECRET: required to mint a token');
  if (problems.length > 0) throw new ConfigError(problems);
  return mintJwt({
    secret: config.JWT_SECRET!,
    clientId: values.client!,
    permissions: permissions as Permission[],
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    expiresInHours: config.JWT_EXPIRATION_HOURS,
  });
}
