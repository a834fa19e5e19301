import { createJestConfig } from '../../tooling/jest.base.mjs';
export default createJestConfig(import.meta.url);
