// npm start: install what is missing, build what is stale, migrate and serve (SQLite in ./data by default).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ensureNodeModules, newestMtime, root, run } from './lib.mjs';

ensureNodeModules();

const builds = [
  { name: 'API contract', output: join(root, 'contract/dist/index.js'), sources: ['contract/src', 'contract/tsconfig.build.json', 'tsconfig.base.json'], workspace: 'contract' },
  { name: 'web app', output: join(root, 'web/dist/index.html'), sources: ['web/src', 'contract/src', 'web/index.html', 'web/vite.config.ts', 'web/package.json'], workspace: 'web' },
  { name: 'server', output: join(root, 'server/dist/cli.js'), sources: ['server/src', 'contract/src', 'server/tsconfig.build.json', 'tsconfig.base.json'], workspace: 'server' },
];
for (const build of builds) {
  const built = existsSync(build.output) ? statSync(build.output).mtimeMs : 0;
  if (built < newestMtime(build.sources.map((s) => join(root, s)))) {
    console.log(`Building the ${build.name}…`);
    run('npm', ['run', 'build', '--workspace', build.workspace]);
  }
}

// The built server imports the built contract (contract/package.json's "foyer-dist" condition); tests and
// `npx foyer` run both from source through tsx.
const child = spawn(process.execPath, ['--conditions=foyer-dist', join(root, 'server/dist/cli.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
