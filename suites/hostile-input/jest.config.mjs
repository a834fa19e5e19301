import { createJestConfig } from '../../tooling/jest.base.mjs';
// Real services, a real Redis and deliberately heavy requests on a shared 2-core machine.
export default createJestConfig(import.meta.url, { testTimeout: 120_000 });
