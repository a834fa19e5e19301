/**
 * Shared, type-aware lint rules. A package's eslint.config.mjs is
 * `export default createEslintConfig(import.meta.dirname)`.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export function createEslintConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '*.mjs', '*.cjs'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        'no-console': 'error',
        // Never import another package's src/ (one public surface per package: its exports in package.json).
        'no-restricted-imports': [
          'error',
          { patterns: [{ group: ['@a2a-mcp/*/src/*', '../../*/src/*'], message: 'Import the package, not its src/.' }] },
        ],
      },
    },
    {
      files: ['**/*.test.ts', 'test/**/*.ts'],
      rules: {
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
  );
}
