/**
 * `WWW-Authenticate` values (RFC 6750 §3, RFC 9728 §5.1). With OAuth configured every challenge
 * names the protected resource metadata, so a client that got a 401 or 403 can find the
 * authorization server.
 */

/** Builds a `WWW-Authenticate` value: `error` (invalid_token, insufficient_scope), its description, the needed scope. */
export type Challenge = (error?: string, description?: string, scope?: string) => string;

export interface ChallengeOptions {
  /** Default `a2a-mcp`. */
  realm?: string;
  /** The RFC 9728 metadata URL; read per call because the listening URL is known only after listen. */
  resourceMetadataUrl?: () => string | undefined;
}

// A quoted-string must not carry `"` or `\` unescaped (RFC 9110 §5.6.4); descriptions are ours, but stay safe.
const quote = (value: string): string => `"${value.replace(/["\\]/g, '')}"`;

/**
 * Creates the challenge builder.
 *
 * @example createChallenge({ resourceMetadataUrl: () => 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp' })('invalid_token', 'The token has expired')
 * // Bearer realm="a2a-mcp", resource_metadata="https://…/mcp", error="invalid_token", error_description="The token has expired"
 */
export function createChallenge({ realm = 'a2a-mcp', resourceMetadataUrl }: ChallengeOptions = {}): Challenge {
  return (error, description, scope) => {
    const parts = [`realm=${quote(realm)}`];
    const metadata = resourceMetadataUrl?.();
    if (metadata) parts.push(`resource_metadata=${quote(metadata)}`);
    if (error) parts.push(`error=${quote(error)}`);
    if (scope) parts.push(`scope=${quote(scope)}`);
    if (error) parts.push(`error_description=${quote(description ?? error)}`);
    return `Bearer ${parts.join(', ')}`;
  };
}
