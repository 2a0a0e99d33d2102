// npm test: every test, starting what it needs. Installs npm dependencies, Debian's Chromium and PostgreSQL
// when missing (as root), starts a throwaway PostgreSQL cluster, runs the API tests on SQLite and PostgreSQL,
// then the browser tests in Chromium, and prints one closing line with the totals.
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDebianPackages, ensureNodeModules, isRoot, root, run, runCapture } from './lib.mjs';
import { freePort } from './free-port.mjs';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const CHROMIUM = '/usr/bin/chromium';

function asPostgres(command) {
  return isRoot() ? ['su', ['postgres', '-s', '/bin/sh', '-c', command]] : ['sh', ['-c', command]];
}

/** A throwaway cluster in a temp dir on a free port; returns its URL and a stop function. */
async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-pg-'));
  if (isRoot()) {
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const [cmd, args] = asPostgres(
    `${PG_BIN}/initdb -D ${dir}/data -U postgres --auth=trust -E UTF8 >/dev/null && ` +
      `${PG_BIN}/pg_ctl -D ${dir}/data -l ${dir}/pg.log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null`,
  );
  run(cmd, args);
  console.log(`PostgreSQL test cluster on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const [stopCmd, stopArgs] = asPostgres(`${PG_BIN}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`);
      spawnSync(stopCmd, stopArgs, { stdio: 'inherit' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => join(dir, file));
}

function count(output, pattern) {
  let total = 0;
  for (const match of output.matchAll(pattern)) total += Number(match[1]);
  return total;
}

ensureNodeModules();
const havePostgres = ensureDebianPackages(['postgresql'], () => existsSync(`${PG_BIN}/initdb`));
const haveChromium = ensureDebianPackages(['chromium'], () => existsSync(CHROMIUM));
if (!havePostgres || !haveChromium) {
  console.error('npm test needs PostgreSQL 15 and Chromium from Debian; run it as root once, or: apt-get install -y postgresql chromium');
  process.exit(1);
}

const postgres = await startPostgres();
const stopAll = () => postgres.stop();
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

let passed = 0;
let failed = 0;
try {
  // 0. Static checks: types and lint. Each failing check counts as one failure.
  for (const [label, args] of [['type check', ['run', 'typecheck']], ['lint', ['run', 'lint']]]) {
    const check = await runCapture('npm', args);
    if (check.code !== 0) {
      console.error(`The ${label} failed.`);
      failed += 1;
    }
  }

  // 1. The contract's own rules (contract/test), the server's unit and API tests (API tests run against SQLite and
  //    PostgreSQL), and the web app's unit tests of its pure rules (web/src/**/*.test.ts, no browser).
  const nodeTests = [...listTests(join(root, 'contract/test')), ...listTests(join(root, 'server/test')), ...listTests(join(root, 'web/src'))];
  const server = await runCapture(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...nodeTests], {
    env: { ...process.env, FOYER_TEST_DATABASE_URL: postgres.url },
  });
  passed += count(server.output, /^# pass (\d+)$/gm);
  failed += count(server.output, /^# fail (\d+)$/gm);
  if (server.code !== 0 && count(server.output, /^# fail (\d+)$/gm) === 0) failed += 1; // a crash before any summary

  // 2. Web app: build, then browser tests in Chromium.
  if (existsSync(join(root, 'web/playwright.config.ts'))) {
    run('npm', ['run', 'build', '--workspace', 'web']);
    const web = await runCapture('npx', ['playwright', 'test', '--reporter=line'], {
      cwd: join(root, 'web'),
      env: { ...process.env, FOYER_TEST_DATABASE_URL: postgres.url },
    });
    const webPassed = count(web.output, /^\s*(\d+) passed/gm);
    const webFailed = count(web.output, /^\s*(\d+) failed/gm) + count(web.output, /^\s*(\d+) flaky/gm);
    passed += webPassed;
    failed += webFailed;
    if (web.code !== 0 && webFailed === 0) failed += 1;
  }
} finally {
  stopAll();
}
if (passed === 0) {
  console.error('No test ran.');
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
