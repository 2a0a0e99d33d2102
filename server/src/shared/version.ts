import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Foyer's own version (dotted digits, as the SDK compares it numerically). */
export const SERVER_VERSION = pkg.version;

/** The checkout Foyer runs from (this file is server/src/shared/version.ts, or server/dist/shared/version.js). */
const checkoutDir = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The commit of Foyer's own git checkout, read once when the server starts; undefined when Foyer runs from no
 * checkout of its own (a copied or packaged tree, even one inside another project's repository) or git is missing.
 */
function checkoutCommit(): string | undefined {
  try {
    const output = execFileSync('git', ['rev-parse', '--show-toplevel', 'HEAD'], {
      cwd: checkoutDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    });
    const [topLevel, commit] = output.trim().split('\n');
    if (!topLevel || !commit || realpathSync(topLevel) !== realpathSync(checkoutDir)) return undefined;
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}

const BUILD_PATTERN = /^[\w.+-]{1,64}$/;

/**
 * Pure rule: the build that server.info and tokens name beside the version (the ClearML web app's footer shows
 * "Server: <version>-<build>"). FOYER_BUILD when an operator or packager sets it; otherwise the checkout's commit,
 * shortened; otherwise "release" (a tree that is no checkout came from a release). Never empty.
 */
export function serverBuild(override: string | undefined, commit: string | undefined): string {
  const chosen = override?.trim();
  if (chosen) {
    if (!BUILD_PATTERN.test(chosen)) {
      throw new Error(`FOYER_BUILD must be 1 to 64 letters, digits, ".", "+", "-" or "_" (it is "${chosen.slice(0, 80)}")`);
    }
    return chosen;
  }
  return commit ? commit.slice(0, 12) : 'release';
}

/** The full commit Foyer runs from, or "" when unknown (as the reference's server.info gives it). */
export const SERVER_COMMIT = checkoutCommit() ?? '';
/** The ClearML API version Foyer speaks; the SDK picks its request versions from it. */
export const API_VERSION = '2.31';
