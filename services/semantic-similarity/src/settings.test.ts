import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadSettings } from '@a2a-mcp/core';
import { settingsSchema } from './settings.js';

const dir = mkdtempSync(join(tmpdir(), 'semsim-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (env: Record<string, string>): string[] => {
  try {
    loadSettings(settingsSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('embeddings settings', () => {
  it('reads EMBEDDINGS_API_KEY from EMBEDDINGS_API_KEY_FILE', () => {
    const file = join(dir, 'key');
    writeFileSync(file, 'sk-from-file\n');
    expect(
      loadSettings(settingsSchema, { EMBEDDINGS_URL: 'http://127.0.0.1:11434/v1', EMBEDDINGS_API_KEY_FILE: file }).EMBEDDINGS_API_KEY,
    ).toBe('sk-from-file');
    expect(problems({ EMBEDDINGS_API_KEY: 'sk-env', EMBEDDINGS_API_KEY_FILE: file })).toEqual([
      'EMBEDDINGS_API_KEY_FILE: cannot be set together with EMBEDDINGS_API_KEY',
    ]);
  });

  it('refuses credentials inside EMBEDDINGS_URL without echoing them', () => {
    const found = problems({ EMBEDDINGS_URL: 'https://user:hunter2@embeddings.example/v1' });
    expect(found).toEqual(['EMBEDDINGS_URL: must not contain credentials; put the key in EMBEDDINGS_API_KEY or EMBEDDINGS_API_KEY_FILE']);
    expect(problems({ EMBEDDINGS_URL: 'ftp://embeddings.example' })).toEqual(['EMBEDDINGS_URL: must be an http(s) URL']);
    expect(problems({ EMBEDDINGS_URL: 'not a url' })).toEqual(['EMBEDDINGS_URL: must be an http(s) URL']);
  });
});
