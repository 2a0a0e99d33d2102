// The `foyer` command: serve, migrate, and what operators script (users, credentials).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createFoyer } from './app.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { ensureConfiguredAdmin, createSetupToken, isSetupRequired } from './users/first-admin.ts';
import { purgeExpiredSessions, revokeUserSessions } from './auth/sessions.ts';
import { purgeOldAuditEvents } from './audit/store.ts';
import { assertAcceptablePassword, hashPassword } from './auth/passwords.ts';
import { createUserAccount } from './users/accounts.ts';
import { findUserByEmail, setPasswordHash } from './users/store.ts';
import { createCredentials } from './credentials/create.ts';
import { findMembership, signInWorkspace } from './workspaces/store.ts';
import { startStatsReporter } from './server-info/stats-report.ts';
import { ApiError } from './http/errors.ts';
import type { Services } from './services.ts';
import { rotateKeyCommand } from './storage-access/rotate.ts';
import { issueResetLink } from './password-reset/links.ts';
import { recordEvents } from './audit/record.ts';
import { deleteTwoFactor } from './two-factor/store.ts';
import { sendKeyExpiryNotices } from './credentials/expiry-notices.ts';
import { revokeUnusedKeyPairs } from './credentials/unused-keys.ts';
import { PASSWORD_RESET_LINK_MINUTES } from '@foyer/contract';

/** Where the security log says an operator's change came from. */
const CLI_ORIGIN = { ip: null, client: 'foyer CLI', worker: null, userAgent: null };

const USAGE = `Usage: foyer <command> [options]

Commands:
  serve                                   migrate, then serve the web app and the API
  migrate                                 bring the database schema up to date
  users create --email E --password P --name N [--admin]
  users set-password --email E --password P
  users reset-link --email E              print a link that sets a new password (once, for 30 minutes; a newer
                                          link voids it); works without SMTP, for mailing or handing it on yourself
  users turn-off-two-factor --email E     for someone who lost both their phone and their recovery codes: their
                                          password alone signs them in again (check who asks first)
  credentials create --email E [--label L] [--workspace W] [--expires 2027-03-01]
                                          print a new key pair (for automation), expiring at that time (ISO 8601;
                                          default: never, or the workspace's maximum key lifetime)
  secrets rotate-key [--skip-unreadable]  re-encrypt stored cloud and two-factor secrets under a new master key
                                          (FOYER_NEW_SECRET_KEY, or a new data-dir key file); stop every node first

Configuration comes from FOYER_* environment variables (see README.md).`;

async function serve(config: Config): Promise<void> {
  const foyer = await createFoyer(config, { logger: true });
  const { services } = foyer;
  const admin = await ensureConfiguredAdmin(services);
  await foyer.api.listen({ host: config.host, port: config.apiPort });
  await foyer.web.listen({ host: config.host, port: config.webPort });
  const stopStats = startStatsReporter(services);
  const purge = setInterval(() => {
    void purgeExpiredSessions(services.db, services.now()).catch(() => {});
    void purgeOldAuditEvents(services.db, services.now(), config.auditRetentionDays).catch(() => {});
    void sendKeyExpiryNotices(services).catch((error: unknown) => services.log.warn({ err: error }, 'key expiry notices failed'));
    void revokeUnusedKeyPairs(services).catch((error: unknown) => services.log.warn({ err: error }, 'revoking unused key pairs failed'));
  }, 3600_000);
  purge.unref();

  const lines = [
    '',
    `Foyer is running (${config.mode} mode, ${services.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}).`,
    `  Web app: ${config.publicWebUrl}   (listening on ${config.host}:${config.webPort})`,
    `  API:     ${config.publicApiUrl}   (listening on ${config.host}:${config.apiPort}; also ${config.publicWebUrl}/api)`,
  ];
  if (admin === 'created') lines.push(`  Sign in at ${config.publicWebUrl}/login as ${config.adminEmail} with FOYER_ADMIN_PASSWORD.`);
  else if (await isSetupRequired(services.db)) {
    const token = await createSetupToken(services.db, services.now());
    lines.push(
      '  No administrator exists yet. Open this one-time link within 24 hours to create the first one:',
      `    ${config.publicWebUrl}/setup#${token}`,
      '  (or set FOYER_ADMIN_EMAIL and FOYER_ADMIN_PASSWORD and restart).',
    );
  } else lines.push(`  Sign in at ${config.publicWebUrl}/login.`);
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.log.info(`${signal} received, shutting down`);
    stopStats();
    clearInterval(purge);
    await foyer.close(); // flushes pending last-used times
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** The operator commands need the database, not the servers: open it, bring it up to date, close it after. */
async function withDatabase<T>(config: Config, run: (services: Pick<Services, 'db' | 'config' | 'now'>) => Promise<T>): Promise<T> {
  const database = openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await run({ db: database.db, config, now: () => Date.now() });
  } finally {
    await database.close();
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'serve') {
    await serve(config);
    return -1; // keeps running
  }
  if (command === 'migrate') {
    const database = openDatabase(config);
    const applied = await migrateToLatest(database.db).finally(() => database.close());
    console.log(applied.length > 0 ? `Applied ${applied.join(', ')} to ${database.location}` : `${database.location} is up to date`);
    return 0;
  }
  const args = sub ? rest : [];
  if (command === 'users' && sub === 'create') {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } } });
    return withDatabase(config, async (services) => {
      const { userId } = await createUserAccount(services.db, config, {
        email: required(values, 'email'),
        password: required(values, 'password'),
        name: required(values, 'name'),
        serverRole: values.admin ? 'admin' : 'user',
        now: services.now(),
      });
      console.log(`Created ${values.admin ? 'administrator' : 'user'} ${values.email} (id ${userId})`);
      return 0;
    });
  }
  if (command === 'users' && sub === 'set-password') {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' } } });
    return withDatabase(config, async (services) => {
      const user = await findUserByEmail(services.db, required(values, 'email'));
      if (!user) throw new UsageError(`No user with email ${values.email}`);
      const password = required(values, 'password');
      assertAcceptablePassword(password, user.email);
      const passwordHash = await hashPassword(password);
      const signedOut = await services.db.transaction().execute(async (tx) => {
        await setPasswordHash(tx, user.id, passwordHash);
        return revokeUserSessions(tx, user.id, services.now());
      });
      console.log(`Set a new password for ${user.email}; ${signedOut} session(s) signed out`);
      return 0;
    });
  }
  if (command === 'users' && sub === 'reset-link') {
    const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
    return withDatabase(config, async (services) => {
      const user = await findUserByEmail(services.db, required(values, 'email'));
      if (!user) throw new UsageError(`No user with email ${values.email}`);
      const link = await issueResetLink(services, user, CLI_ORIGIN, 'cli');
      console.log(`${link.url}\n\nThis link sets a new password for ${user.email}: it works once, for ${PASSWORD_RESET_LINK_MINUTES} minutes, and an earlier link no longer does. Setting the password signs that account out everywhere.`);
      return 0;
    });
  }
  if (command === 'users' && sub === 'turn-off-two-factor') {
    const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
    return withDatabase(config, async (services) => {
      const user = await findUserByEmail(services.db, required(values, 'email'));
      if (!user) throw new UsageError(`No user with email ${values.email}`);
      const turnedOff = await services.db.transaction().execute(async (tx) => {
        const deleted = await deleteTwoFactor(tx, user.id);
        if (deleted > 0) {
          await recordEvents(tx, services.now(), CLI_ORIGIN, [{ kind: 'two_factor.disabled', actor: null, subject: user.id, details: { via: 'cli' } }]);
        }
        return deleted > 0;
      });
      console.log(
        turnedOff
          ? `Two-factor sign-in is off for ${user.email}: the password alone signs in again, and the recovery codes no longer work. They can turn it on again on the Profile page.`
          : `${user.email} does not have two-factor sign-in on; nothing changed`,
      );
      return 0;
    });
  }
  if (command === 'credentials' && sub === 'create') {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, label: { type: 'string' }, workspace: { type: 'string' }, expires: { type: 'string' } } });
    return withDatabase(config, async (services) => {
      const user = await findUserByEmail(services.db, required(values, 'email'));
      if (!user) throw new UsageError(`No user with email ${values.email}`);
      const workspace = values.workspace
        ? await findMembership(services.db, values.workspace, user.id)
        : await signInWorkspace(services.db, user.id, user.active_workspace_id);
      if (!workspace) throw new UsageError(values.workspace ? `${user.email} is not a member of workspace ${values.workspace}` : `${user.email} belongs to no workspace`);
      if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires))) throw new UsageError(`--expires must be a date (and time) in ISO 8601, such as 2027-03-01, got "${values.expires}"`);
      const created = await createCredentials(services, { userId: user.id, workspaceId: workspace.id, label: values.label ?? null, expiresAt: values.expires });
      console.log(`CLEARML_API_ACCESS_KEY=${created.accessKey}\nCLEARML_API_SECRET_KEY=${created.secretKey}`);
      if (created.expiresAt !== null) console.error(`It expires on ${new Date(created.expiresAt).toISOString()}.`);
      return 0;
    });
  }
  if (command === 'secrets' && sub === 'rotate-key') {
    const { values } = parseArgs({ args, options: { 'skip-unreadable': { type: 'boolean' } } });
    return rotateKeyCommand(config, process.env, { skipUnreadable: values['skip-unreadable'] === true });
  }
  throw new UsageError(`Unknown command: ${argv.join(' ')}`);
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'));
if (isEntryPoint) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof UsageError || error instanceof ConfigError || error instanceof ApiError) {
        console.error(`foyer: ${error.message}`);
        if (error instanceof UsageError) console.error(`\n${USAGE}`);
        process.exit(2);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
