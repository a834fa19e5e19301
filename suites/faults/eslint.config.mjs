import { createEslintConfig } from '../../tooling/eslint.base.mjs';
export default createEslintConfig(import.meta.dirname);
