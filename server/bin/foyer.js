#!/usr/bin/env node
// Runs the built CLI when it exists, else the TypeScript source through tsx (in a fresh checkout).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
const { main } = existsSync(built) ? await import(built.href) : await (async () => {
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('../src/cli.ts', import.meta.url).href);
})();

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exit(code); },
  (error) => {
    console.error(`foyer: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error?.constructor?.name === 'UsageError' || error?.constructor?.name === 'ConfigError' ? 2 : 1);
  },
);
