/**
 * Shared jest preset: TypeScript through SWC (fast, no type check: `typecheck` does that),
 * native ES modules (run jest with NODE_OPTIONS=--experimental-vm-modules).
 * A package's jest.config.mjs is `export default createJestConfig(import.meta.url)`.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function createJestConfig(configUrl, overrides = {}) {
  return {
    rootDir: dirname(fileURLToPath(configUrl)),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    // Generous: many tests start real processes, Redis servers and HTTP services on a shared CI machine.
    testTimeout: 60_000,
    // One JSON report per package; scripts/test-summary.mjs adds them up for CI.
    reporters: ['default', ['<rootDir>/../../tooling/jest-summary-reporter.mjs', {}]],
    ...overrides,
  };
}
