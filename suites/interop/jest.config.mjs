import { createJestConfig } from '../../tooling/jest.base.mjs';
// Starting nine services, loading the frameworks' modules and a Node 22 child on a loaded machine
// takes well over the preset's per-hook minute.
export default createJestConfig(import.meta.url, { testTimeout: 120_000 });
