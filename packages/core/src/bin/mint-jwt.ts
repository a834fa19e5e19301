#!/usr/bin/env node
/** Entry point of `a2a-mint-jwt` (see auth/mint-cli.ts). Prints the token on stdout; exit 78 on bad input. */
import { MINT_JWT_USAGE, runMintJwt } from '../auth/mint-cli.js';

runMintJwt(process.argv.slice(2)).then(
  (token) => process.stdout.write(`${token}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${MINT_JWT_USAGE}\n`);
    process.exit(78);
  },
);
