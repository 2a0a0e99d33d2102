#!/usr/bin/env node
// `npx foyer …` in the checkout: runs the CLI from source through tsx, so it never lags behind a stale build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/cli.ts', import.meta.url).href);
main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(`foyer: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
