import { createEslintConfig } from '../../tooling/eslint.base.mjs';
// test/fixtures holds plain JavaScript that worker threads load as it is (no project to type-check it in).
export default [{ ignores: ['test/fixtures/**/*.mjs'] }, ...createEslintConfig(import.meta.dirname)];
