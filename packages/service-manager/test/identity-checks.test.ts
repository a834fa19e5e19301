/**
 * What the manager says about identities: API-key client ids cannot take a token principal's or a
 * dead-letter mailbox's form, and nine services sharing one OAuth audience are named (issue #21).
 */
import { describe, expect, it } from '@jest/globals';
import { sharedAudienceWarning } from '../src/commands/start.js';
import { runCli, tempDir } from './helpers.js';

describe('keys create --client', () => {
  it.each(['dead-letter:ingest-job', 'oauth:https://auth.example.com#ops', 'jwt:ci', 'two words', 'local'])(
    'refuses %s (exit 2, nothing written)',
    async (client) => {
      const dir = tempDir('identity-keys');
      const result = await runCli(['keys', 'create', '--client', client, '--permissions', 'read', '--state-dir', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--client "${client}" is not allowed: 1 to 200 printable characters without spaces or ":"`);
      const listed = await runCli(['keys', 'list', '--json', '--state-dir', dir]);
      expect((JSON.parse(listed.stdout) as { keys: unknown[] }).keys).toEqual([]);
    },
  );

  it('accepts a bare id', async () => {
    const dir = tempDir('identity-keys');
    const result = await runCli(['keys', 'create', '--client', 'ingest-job', '--permissions', 'write', '--state-dir', dir]);
    expect(result.code).toBe(0);
  });
});

describe('sharedAudienceWarning', () => {
  it('names the audience all services would share', () => {
    expect(sharedAudienceWarning(9, { OAUTH_ISSUER: 'https://auth.example.com', PUBLIC_URL: 'https://mcp.example.com/' })).toBe(
      "all 9 services get the OAuth audience https://mcp.example.com/mcp, so they accept each other's tokens; give each service its own PUBLIC_URL (run them separately, or under Kubernetes/compose as docs/deployment.md shows)",
    );
    expect(sharedAudienceWarning(2, { OAUTH_ISSUER: 'https://auth.example.com', OAUTH_AUDIENCE: 'api://mcp' })).toContain(
      'the OAuth audience api://mcp',
    );
  });

  it('is quiet for one service, without OAuth, or without a fixed audience', () => {
    expect(sharedAudienceWarning(1, { OAUTH_ISSUER: 'https://a', PUBLIC_URL: 'https://b' })).toBeUndefined();
    expect(sharedAudienceWarning(9, { PUBLIC_URL: 'https://b' })).toBeUndefined();
    expect(sharedAudienceWarning(9, { OAUTH_ISSUER: 'https://a' })).toBeUndefined();
  });
});
