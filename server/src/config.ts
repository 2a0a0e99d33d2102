// Every FOYER_ setting in one place. The README's configuration table mirrors this file.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { DEFAULT_WORKSPACE_NAME, workspaceNameProblem } from './workspaces/names.ts';
import { SERVER_COMMIT, serverBuild } from './shared/version.ts';
import { EMAIL_PATTERN } from '@foyer/contract';
import { z } from 'zod';

export type Mode = 'single' | 'multi';

export interface Config {
  dataDir: string;
  host: string;
  webPort: number;
  apiPort: number;
  publicWebUrl: string;
  publicApiUrl: string;
  publicFilesUrl: string;
  mode: Mode;
  /** single mode: the name the one workspace gets when it is created (FOYER_WORKSPACE_NAME); owners may rename it */
  workspaceName: string;
  /** multi mode: who may create an account (single mode: only people holding an invitation) */
  signup: 'open' | 'invite-only';
  databaseUrl: string | undefined;
  /** 32-byte master key: signs tokens (through a derived key) and encrypts stored cloud secrets. */
  secretKey: Buffer;
  /** FOYER_BUILD, else the checkout's commit, shortened, else "release": what server.info and tokens name beside the version */
  build: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  statsUrl: string | undefined;
  maxCredentials: number;
  /** per workspace: queues, workers reporting (active in the last 10 minutes), cloud access rows in all */
  maxQueues: number;
  maxWorkers: number;
  maxCloudAccessRows: number;
  /** cloud access rows per user in a workspace, and shared rows per workspace */
  maxCloudAccessRowsPerOwner: number;
  /** tags and system_tags lists of queues and workers: entries per list, characters per entry */
  maxTags: number;
  maxTagLength: number;
  /** FOYER_REGION_LOOKUP=off: saving a cloud access row never contacts AWS or the row's endpoint for its region */
  regionLookup: boolean;
  /** lifetime of the object URLs storage_access.sign_urls returns */
  signedUrlExpirySec: number;
  /** server-wide cap on members per workspace; null for none */
  maxMembers: number | null;
  webDist: string | undefined;
  /** the web port as this server listens on it, http://<FOYER_HOST>:<FOYER_WEB_PORT> (a trusted origin) */
  listenWebUrl: string;
  /** further exact origins whose pages may call the API with the session cookie (a ClearML web app elsewhere) */
  corsOrigins: string[];
  /** false; a number of proxy hops to trust; or the proxies' addresses (IPs or CIDR ranges) */
  trustProxy: false | number | string[];
  /** against slow or stuck clients (http/connections.ts) */
  connections: { requestTimeoutSec: number; headersTimeoutSec: number; keepAliveTimeoutSec: number; max: number; maxPerIp: number };
  loginThrottle: { accountFreeFailures: number; ipFreeFailures: number; maxDelaySec: number };
  tokenDefaultExpirationSec: number;
  tokenMaxExpirationSec: number;
  lastUsedFlushMs: number;
  /** security and audit log entries older than this many days are deleted (hourly); 0 keeps them for ever */
  auditRetentionDays: number;
  /** FOYER_SMTP_URL and FOYER_MAIL_FROM; undefined: this server sends no mail (mail/mailer.ts) */
  smtp: SmtpSettings | undefined;
  /** FOYER_OIDC_PROVIDERS: the OpenID Connect providers people may sign in with (oidc/), in the order the sign-in page shows them */
  oidcProviders: OidcProviderSettings[];
  /** FOYER_PASSWORD_SIGNIN=off: passwords sign in the server's administrators only (key pairs always work) */
  passwordSignIn: boolean;
  bodyLimitBytes: number;
  logLevel: string;
}

export class ConfigError extends Error {}

/** Where mail goes out (FOYER_SMTP_URL, taken apart) and whom it comes from (FOYER_MAIL_FROM). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte; smtp://: plain, upgraded with STARTTLS when the server offers it */
  secure: boolean;
  auth: { user: string; pass: string } | undefined;
  /** the address as given, or "Name <address>" */
  from: string;
  /** the URL with any password replaced by "***", for messages */
  display: string;
}

/** One membership rule of a provider: who (an address domain, a group, or both; neither: everyone) joins which workspace as what. */
export interface OidcRule {
  email_domain?: string | undefined;
  group?: string | undefined;
  /** a workspace id, or its name */
  workspace: string;
  role: 'member' | 'admin';
}

/** One entry of FOYER_OIDC_PROVIDERS. */
export interface OidcProviderSettings {
  /** in the redirect URI, <FOYER_PUBLIC_WEB_URL>/auth/oidc/<id>/callback */
  id: string;
  /** what the sign-in page says: "Sign in with <name>" */
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  scopes: string[];
  /** accept an address the provider does not say it verified (for providers that never send email_verified) */
  trust_unverified_email: boolean;
  /** the claim that lists the person's groups */
  groups_claim: string;
  rules: OidcRule[];
}

const OIDC_PROVIDER_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const oidcRuleSchema = z.strictObject({
  email_domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, 'an address domain such as "corp.example" (no @)')
    .optional(),
  group: z.string().min(1).max(256).optional(),
  workspace: z.string().trim().min(1).max(100),
  role: z.enum(['member', 'admin']).default('member'),
});

const oidcProviderSchema = z.strictObject({
  id: z.string().regex(OIDC_PROVIDER_ID, 'lower-case letters, digits, "-" or "_", at most 40, starting with a letter or digit'),
  name: z.string().trim().min(1).max(60),
  issuer: z
    .url()
    .refine((raw) => {
      const url = new URL(raw);
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
    }, 'an https URL (http only on localhost)')
    .refine((raw) => new URL(raw).search === '' && new URL(raw).hash === '', 'a URL without query or fragment'),
  client_id: z.string().min(1).max(500),
  client_secret: z.string().min(1).max(2000),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope name'))
    .max(30)
    .refine((scopes) => scopes.includes('openid'), 'a list that includes "openid"')
    .default(['openid', 'email', 'profile']),
  trust_unverified_email: z.boolean().default(false),
  groups_claim: z.string().min(1).max(100).default('groups'),
  rules: z.array(oidcRuleSchema).max(200).default([]),
});

/**
 * FOYER_OIDC_PROVIDERS: a JSON list, or the path of a file that holds one. Every problem stops the server at start,
 * naming the entry and the field; a client secret is never repeated in a message.
 */
function oidcProvidersSetting(env: Env): OidcProviderSettings[] {
  const raw = (env.FOYER_OIDC_PROVIDERS ?? '').trim();
  if (raw === '') return [];
  let text = raw;
  if (!raw.startsWith('[')) {
    try {
      text = readFileSync(resolve(raw), 'utf8');
    } catch (error) {
      throw new ConfigError(`FOYER_OIDC_PROVIDERS must be a JSON list of providers or the path of a file holding one; the file "${raw.slice(0, 200)}" cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`FOYER_OIDC_PROVIDERS is not valid JSON: ${(error as Error).message}`);
  }
  const result = z.array(oidcProviderSchema).max(20).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [index, ...field] = issue.path;
    const where = typeof index === 'number' ? `entry ${index + 1}${field.length > 0 ? `, field "${field.join('.')}"` : ''}` : 'the list';
    throw new ConfigError(`FOYER_OIDC_PROVIDERS: ${where}: ${issue.message}`);
  }
  const providers = result.data;
  const ids = new Set<string>();
  for (const provider of providers) {
    if (ids.has(provider.id)) throw new ConfigError(`FOYER_OIDC_PROVIDERS: the id "${provider.id}" is given to two providers`);
    ids.add(provider.id);
  }
  return providers; // the issuer as given: it must match the provider's own spelling, trailing slash included
}

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function urlSetting(env: Env, name: string, fallback: string): string {
  const raw = env[name] ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** The key comes from FOYER_SECRET_KEY, else from a key file generated once in the data dir (mode 0600). */
function loadSecretKey(env: Env, dataDir: string): Buffer {
  const fromEnv = env.FOYER_SECRET_KEY;
  if (fromEnv) {
    const key = decodeKey(fromEnv);
    if (!key) throw new ConfigError('FOYER_SECRET_KEY must be 64 hex characters or 32 bytes in base64');
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = decodeKey(readFileSync(file, 'utf8').trim());
  if (!key) throw new ConfigError(`${file} does not hold a 32-byte key`);
  return key;
}

/**
 * FOYER_WORKSPACE_NAME: held to the rule of every workspace name (not empty once trimmed, at most 100 characters).
 * Unset or empty, as every other setting, means the default.
 */
function workspaceNameSetting(env: Env): string {
  const raw = env.FOYER_WORKSPACE_NAME;
  if (raw === undefined || raw === '') return DEFAULT_WORKSPACE_NAME;
  const problem = workspaceNameProblem(raw);
  if (problem) throw new ConfigError(`FOYER_WORKSPACE_NAME ${problem}, got "${raw.slice(0, 120)}"`);
  return raw.trim();
}

function buildSetting(env: Env): string {
  try {
    return serverBuild(env.FOYER_BUILD, SERVER_COMMIT || undefined);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function onOffSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${raw}"`);
}

function originsSetting(env: Env, name: string): string[] {
  const raw = env[name] ?? '';
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || entry.replace(/\/+$/, '') !== url.origin) {
        throw new ConfigError(`${name} must be a comma-separated list of origins such as https://clearml.example.com:8080 (scheme, host and port only), got "${entry}"`);
      }
      return url.origin;
    });
}

/** FOYER_REQUEST_TIMEOUT_SEC and the rest of what guards against slow clients; headers never wait longer than a request. */
function connectionSettings(env: Env): Config['connections'] {
  const requestTimeoutSec = intSetting(env, 'FOYER_REQUEST_TIMEOUT_SEC', 30, 1, 3600);
  return {
    requestTimeoutSec,
    headersTimeoutSec: Math.min(intSetting(env, 'FOYER_HEADERS_TIMEOUT_SEC', 10, 1, 3600), requestTimeoutSec),
    keepAliveTimeoutSec: intSetting(env, 'FOYER_KEEP_ALIVE_TIMEOUT_SEC', 65, 1, 3600),
    max: intSetting(env, 'FOYER_MAX_CONNECTIONS', 4096, 16, 1_000_000),
    maxPerIp: intSetting(env, 'FOYER_MAX_CONNECTIONS_PER_IP', 256, 1, 1_000_000),
  };
}

/** FOYER_TRUST_PROXY: false, true (one proxy in front), a number of proxies, or their addresses. */
function trustProxySetting(env: Env): Config['trustProxy'] {
  const raw = (env.FOYER_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return 1;
  if (/^\d+$/.test(raw)) return intSetting(env, 'FOYER_TRUST_PROXY', 1, 1, 10);
  const addresses = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = addresses.find((entry) => {
    const [address = '', bits, ...rest] = entry.split('/');
    const version = isIP(address);
    return version === 0 || rest.length > 0 || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > (version === 4 ? 32 : 128)));
  });
  if (bad !== undefined || addresses.length === 0) {
    throw new ConfigError(`FOYER_TRUST_PROXY must be false, true, a number of proxies (1-10), or a comma-separated list of proxy addresses or CIDR ranges, got "${bad ?? raw}"`);
  }
  return addresses;
}

/** The URL as it may be shown: never with its password. */
function withoutPassword(raw: string): string {
  return raw.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** "Name <address>" or a bare address (EMAIL_PATTERN's rule). */
const MAIL_FROM = /^(?:[^<>\r\n]*\S\s*<([^<>\s]+)>|([^<>\s]+))$/;

/** FOYER_SMTP_URL (smtp://[user:password@]host[:port] or smtps://…) with FOYER_MAIL_FROM; unset: no mail. */
function smtpSetting(env: Env): SmtpSettings | undefined {
  const raw = (env.FOYER_SMTP_URL ?? '').trim();
  const fromRaw = (env.FOYER_MAIL_FROM ?? '').trim();
  if (raw === '') {
    if (fromRaw !== '') throw new ConfigError('FOYER_MAIL_FROM is set but FOYER_SMTP_URL is not: set the SMTP server too, or neither');
    return undefined;
  }
  const display = withoutPassword(raw);
  const shape = 'smtp://[user:password@]host[:port] or smtps://…';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`FOYER_SMTP_URL must be a URL such as ${shape}, got "${display}"`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`FOYER_SMTP_URL must start with smtp:// or smtps://, got "${display}"`);
  if (url.hostname === '') throw new ConfigError(`FOYER_SMTP_URL must name the SMTP server's host, got "${display}"`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`FOYER_SMTP_URL must be ${shape}, with no path or query, got "${display}"`);
  }
  if (url.password !== '' && url.username === '') throw new ConfigError(`FOYER_SMTP_URL has a password but no user name, got "${display}"`);
  const secure = url.protocol === 'smtps:';
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  if (fromRaw === '') throw new ConfigError('FOYER_MAIL_FROM must be set when FOYER_SMTP_URL is: the address mail comes from, as "foyer@example.com" or "Foyer <foyer@example.com>"');
  const match = MAIL_FROM.exec(fromRaw);
  const address = match ? (match[1] ?? match[2] ?? '') : '';
  if (!match || !EMAIL_PATTERN.test(address)) {
    throw new ConfigError(`FOYER_MAIL_FROM must be an address, as "foyer@example.com" or "Foyer <foyer@example.com>", got "${fromRaw.slice(0, 120)}"`);
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
    auth: url.username === '' ? undefined : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    from: fromRaw,
    display,
  };
}

export function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const b64 = Buffer.from(text, 'base64');
  return b64.length === 32 ? b64 : undefined;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.FOYER_DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // also when it already existed: it holds the database and the master key
  try {
    chmodSync(dataDir, 0o700);
  } catch (error) {
    throw new ConfigError(`FOYER_DATA_DIR ${dataDir} must belong to the user running Foyer, so that it can be made private (mode 0700): ${(error as Error).message}`);
  }
  const host = env.FOYER_HOST || '127.0.0.1';
  const webPort = intSetting(env, 'FOYER_WEB_PORT', 8080, 1, 65535);
  const apiPort = intSetting(env, 'FOYER_API_PORT', 8008, 1, 65535);
  if (webPort === apiPort) throw new ConfigError('FOYER_WEB_PORT and FOYER_API_PORT must differ');
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const listenWebUrl = `http://${urlHost}:${webPort}`;
  const publicWebUrl = urlSetting(env, 'FOYER_PUBLIC_WEB_URL', listenWebUrl);
  const publicApiUrl = urlSetting(env, 'FOYER_PUBLIC_API_URL', `http://${urlHost}:${apiPort}`);
  const publicFilesUrl = urlSetting(env, 'FOYER_PUBLIC_FILES_URL', `http://${urlHost}:8081`);
  if (new Set([publicWebUrl, publicApiUrl, publicFilesUrl]).size !== 3) {
    throw new ConfigError('FOYER_PUBLIC_WEB_URL, FOYER_PUBLIC_API_URL and FOYER_PUBLIC_FILES_URL must be three distinct URLs (clearml-init refuses identical ones)');
  }
  const mode = (env.FOYER_MODE || 'single') as Mode;
  if (mode !== 'single' && mode !== 'multi') throw new ConfigError(`FOYER_MODE must be "single" or "multi", got "${mode}"`);
  const signup = (env.FOYER_SIGNUP || (mode === 'multi' ? 'open' : 'invite-only')) as Config['signup'];
  if (signup !== 'open' && signup !== 'invite-only') throw new ConfigError(`FOYER_SIGNUP must be "open" or "invite-only", got "${signup}"`);
  if (mode === 'single' && signup === 'open') throw new ConfigError('FOYER_SIGNUP=open needs FOYER_MODE=multi; a single-workspace server admits people by invitation');
  const adminEmail = env.FOYER_ADMIN_EMAIL || undefined;
  const adminPassword = env.FOYER_ADMIN_PASSWORD || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('Set both FOYER_ADMIN_EMAIL and FOYER_ADMIN_PASSWORD, or neither');
  }
  const statsUrl = env.FOYER_STATS_URL ? urlSetting(env, 'FOYER_STATS_URL', '') : undefined;
  return {
    dataDir,
    host,
    webPort,
    apiPort,
    publicWebUrl,
    publicApiUrl,
    publicFilesUrl,
    mode,
    workspaceName: workspaceNameSetting(env),
    signup,
    databaseUrl: env.DATABASE_URL || undefined,
    build: buildSetting(env),
    adminEmail,
    adminPassword,
    statsUrl,
    maxCredentials: intSetting(env, 'FOYER_MAX_CREDENTIALS', 20, 1, 1000),
    maxQueues: intSetting(env, 'FOYER_MAX_QUEUES', 1000, 1, 1_000_000),
    maxWorkers: intSetting(env, 'FOYER_MAX_WORKERS', 1000, 1, 1_000_000),
    maxCloudAccessRows: intSetting(env, 'FOYER_MAX_CLOUD_ACCESS_ROWS', 2000, 1, 1_000_000),
    maxCloudAccessRowsPerOwner: intSetting(env, 'FOYER_MAX_CLOUD_ACCESS_ROWS_PER_OWNER', 200, 1, 1_000_000),
    maxTags: intSetting(env, 'FOYER_MAX_TAGS', 100, 1, 1000),
    maxTagLength: intSetting(env, 'FOYER_MAX_TAG_LENGTH', 200, 1, 1000),
    regionLookup: onOffSetting(env, 'FOYER_REGION_LOOKUP', true),
    signedUrlExpirySec: intSetting(env, 'FOYER_SIGNED_URL_EXPIRY_SEC', 3600, 60, 7 * 24 * 3600),
    maxMembers: env.FOYER_MAX_MEMBERS ? intSetting(env, 'FOYER_MAX_MEMBERS', 0, 1, 1000000) : null,
    webDist: env.FOYER_WEB_DIST ? resolve(env.FOYER_WEB_DIST) : undefined,
    listenWebUrl,
    corsOrigins: originsSetting(env, 'FOYER_CORS_ORIGINS'),
    trustProxy: trustProxySetting(env),
    connections: connectionSettings(env),
    loginThrottle: {
      accountFreeFailures: intSetting(env, 'FOYER_LOGIN_FREE_FAILURES', 5, 1, 1000),
      ipFreeFailures: intSetting(env, 'FOYER_LOGIN_FREE_FAILURES_PER_IP', 20, 1, 100000),
      maxDelaySec: 900,
    },
    tokenDefaultExpirationSec: 30 * 24 * 3600,
    tokenMaxExpirationSec: 365 * 24 * 3600,
    lastUsedFlushMs: 2000,
    auditRetentionDays: intSetting(env, 'FOYER_AUDIT_RETENTION_DAYS', 365, 0, 36500),
    smtp: smtpSetting(env),
    oidcProviders: oidcProvidersSetting(env),
    passwordSignIn: onOffSetting(env, 'FOYER_PASSWORD_SIGNIN', true),
    bodyLimitBytes: 1024 * 1024,
    logLevel: env.FOYER_LOG_LEVEL || 'info',
    // last: a setting refused above leaves no new master key behind in the data dir
    secretKey: loadSecretKey(env, dataDir),
  };
}
