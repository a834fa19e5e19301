import { createEslintConfig } from '../../tooling/eslint.base.mjs';
export default [{ ignores: ['test/fixtures/**'] }, ...createEslintConfig(import.meta.dirname)];
