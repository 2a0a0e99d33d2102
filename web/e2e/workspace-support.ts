// What the workspace and invitation tests share: people who do not exist yet (they sign up in the test), key pairs
// tried from a client with no session, the workspace a token names, and an invitation whose time is up.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { WEB_DIR } from './environment';
import { apiCall, basicAuthorization, type Account } from './support';

/** Someone with a unique email, not yet known to any server. */
export function newPerson(name: string): Account {
  const tag = randomBytes(4).toString('hex');
  return { email: `person-${tag}@example.com`, password: `pw-${tag}-long-enough`, name };
}

/** Signs up by API on a server open to sign-up (multi mode), in the page's cookie jar. */
export async function signUpByApi(request: APIRequestContext, person: Account): Promise<{ id: string; name: string }> {
  const data = await apiCall<{ workspace: { id: string; name: string } }>(request, 'auth.sign_up', person);
  return data.workspace;
}

export interface Workspace {
  id: string;
  name: string;
  role: string;
  current: boolean;
  allocated: number;
  allowed: number | null;
}

export async function workspacesOf(request: APIRequestContext): Promise<Workspace[]> {
  const data = await apiCall<{ companies: Workspace[] }>(request, 'organization.get_user_companies');
  return data.companies;
}

export async function workspaceNamed(request: APIRequestContext, name: string): Promise<Workspace> {
  const found = (await workspacesOf(request)).find((workspace) => workspace.name === name);
  expect(found, `a workspace named ${name}`).toBeTruthy();
  return found!;
}

/** auth.login with a key pair from a client with no session: the HTTP status and, on 200, the token. */
export async function keyLogin(request: APIRequestContext, accessKey: string, secretKey: string): Promise<{ status: number; token?: string }> {
  const response = await request.post('/api/auth.login', { headers: { Authorization: basicAuthorization(accessKey, secretKey) }, data: {} });
  const body = (await response.json()) as { data?: { token?: string } };
  return { status: response.status(), ...(body.data?.token ? { token: body.data.token } : {}) };
}

export interface TokenClaims {
  identity: { user: string; company: string; role: string; user_name: string; company_name: string };
  exp: number;
  api_version: string;
}

/** The claims of a JWT (the signature is the server's business; the test reads what the token says). */
export function jwtClaims(token: string): TokenClaims {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
}

export function inviteToken(url: string): string {
  return new URL(url).pathname.replace(/^\/invite\//, '');
}

/**
 * Moves an invitation's expiry into the past, in the server's SQLite database: no API can age a link, and
 * waiting a day is not a test. better-sqlite3 is the server's dependency, so this runs in the server's folder.
 */
export function expireInvite(dataDir: string, inviteId: string): void {
  const script = [
    "const Database = require('better-sqlite3');",
    'const db = new Database(process.argv[1]);',
    "db.pragma('busy_timeout = 5000');",
    "const changed = db.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run(Date.now() - 60000, process.argv[2]).changes;",
    'db.close();',
    "if (changed !== 1) { console.error('no invitation ' + process.argv[2]); process.exit(1); }",
  ].join('\n');
  execFileSync(process.execPath, ['-e', script, join(dataDir, 'foyer.sqlite'), inviteId], { cwd: join(WEB_DIR, '..', 'server'), stdio: 'pipe' });
}

/** The WORKSPACES section of the Profile page. */
export function workspacesSection(page: Page) {
  return page.getByRole('region', { name: 'Workspaces' });
}

/** Opens the Profile button's menu. */
export async function openProfileMenu(page: Page) {
  await page.getByRole('button', { name: /^Profile menu/ }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  return menu;
}
