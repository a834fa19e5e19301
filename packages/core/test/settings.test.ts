/** loadSettings: a service's own variables, defaults, `VAR: message` problems and `<NAME>_FILE` for secret fields. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadSettings } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'a2a-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = z.object({
  DEMO_MAX_ITEMS: z.coerce.number().int().min(1).default(10),
  DEMO_API_KEY: z.string().min(1).optional().meta({ secret: true }),
  DEMO_TOKEN: z.string().min(3).default('tok').meta({ secret: true }),
  DEMO_PLAIN: z.string().min(1).optional(),
});

const problems = (env: Record<string, string>): string[] => {
  try {
    loadSettings(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const secretFile = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('loadSettings', () => {
  it('takes defaults for unset and empty variables and parses set ones', () => {
    expect(loadSettings(schema, { DEMO_MAX_ITEMS: '' })).toEqual({ DEMO_MAX_ITEMS: 10, DEMO_TOKEN: 'tok' });
    expect(loadSettings(schema, { DEMO_MAX_ITEMS: '25', DEMO_API_KEY: 'sk-direct' })).toEqual({
      DEMO_MAX_ITEMS: 25,
      DEMO_API_KEY: 'sk-direct',
      DEMO_TOKEN: 'tok',
    });
  });

  it('reads a secret field from <NAME>_FILE, trimmed', () => {
    const path = secretFile('api-key', '  sk-from-file\n');
    expect(loadSettings(schema, { DEMO_API_KEY_FILE: path }).DEMO_API_KEY).toBe('sk-from-file');
    expect(loadSettings(schema, { DEMO_TOKEN_FILE: secretFile('token', 'file-token\n') }).DEMO_TOKEN).toBe('file-token');
  });

  it('validates the file content like the variable itself', () => {
    expect(problems({ DEMO_TOKEN_FILE: secretFile('short-token', 'ab\n') })).toEqual([
      'DEMO_TOKEN: Too small: expected string to have >=3 characters',
    ]);
  });

  it('refuses the variable and its _FILE together, and an unreadable file, without echoing either', () => {
    const path = secretFile('both', 'sk-in-file');
    const both = problems({ DEMO_API_KEY: 'sk-in-env', DEMO_API_KEY_FILE: path });
    expect(both).toEqual(['DEMO_API_KEY_FILE: cannot be set together with DEMO_API_KEY']);
    const missing = join(dir, 'does-not-exist');
    const unreadable = problems({ DEMO_API_KEY_FILE: missing });
    expect(unreadable).toEqual(['DEMO_API_KEY_FILE: cannot read the file it names']);
    expect(JSON.stringify([...both, ...unreadable])).not.toMatch(/sk-in|does-not-exist/);
  });

  it('reports every problem at once', () => {
    expect(problems({ DEMO_MAX_ITEMS: '0', DEMO_API_KEY_FILE: join(dir, 'nope') })).toEqual([
      'DEMO_API_KEY_FILE: cannot read the file it names',
      'DEMO_MAX_ITEMS: Too small: expected number to be >=1',
    ]);
  });

  it('ignores <NAME>_FILE for fields not marked secret', () => {
    const path = secretFile('plain', 'from-file');
    expect(loadSettings(schema, { DEMO_PLAIN_FILE: path }).DEMO_PLAIN).toBeUndefined();
    expect(loadSettings(schema, { DEMO_PLAIN_FILE: path, DEMO_PLAIN: 'direct' }).DEMO_PLAIN).toBe('direct');
  });

  it('treats an empty _FILE as unset', () => {
    expect(loadSettings(schema, { DEMO_API_KEY_FILE: '' }).DEMO_API_KEY).toBeUndefined();
  });
});
