import { createJestConfig } from '../../tooling/jest.base.mjs';
// Loading a service's modules (and semantic-similarity's word vectors) can take many seconds on a
// loaded machine: a minute per test and hook, not the preset's 30 s.
export default createJestConfig(import.meta.url, { testTimeout: 60_000 });
