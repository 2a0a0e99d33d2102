// `foyer secrets rotate-key`: re-encrypts every stored cloud secret under a new master key, in one transaction.
// The new key comes from FOYER_NEW_SECRET_KEY, or is generated and written to the data dir's secret.key when
// that file is where the current key lives. Run it with every Foyer node stopped.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, decodeKey, type Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { openSecrets, storageKey } from './store.ts';
import { open, seal } from '../shared/sealed.ts';
import { resealTwoFactorSecrets } from '../two-factor/store.ts';

export interface RotationResult {
  rotated: number;
  /** rows already sealed under the new key (a rerun after an interruption) */
  alreadyNew: number;
  /** ids of rows left as they were (--skip-unreadable) */
  skipped: string[];
  /** two-factor secrets re-sealed, and the accounts whose secret could not be read (--skip-unreadable) */
  twoFactorResealed: number;
  twoFactorSkipped: string[];
}

/** Re-seals every row's secrets from oldMaster to newMaster in one transaction; all or nothing. */
async function rotateStorageSecrets(db: Db, oldMaster: Buffer, newMaster: Buffer, options: { skipUnreadable?: boolean } = {}): Promise<RotationResult> {
  const oldKey = storageKey(oldMaster);
  const newKey = storageKey(newMaster);
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('storage_access').select(['id', 'bucket', 'secrets', 'version']).orderBy('id').execute();
    const result: RotationResult = { rotated: 0, alreadyNew: 0, skipped: [], twoFactorResealed: 0, twoFactorSkipped: [] };
    for (const row of rows) {
      const secrets = openSecrets(oldKey, row);
      if (!secrets) {
        if (openSecrets(newKey, row)) {
          result.alreadyNew += 1;
          continue;
        }
        if (options.skipUnreadable) {
          result.skipped.push(row.id);
          continue;
        }
        throw new ConfigError(
          `The secrets of cloud access row ${row.id} (bucket "${row.bucket}") cannot be decrypted with the current key, so nothing was changed. ` +
            'Run again with --skip-unreadable to leave such rows as they are (their owners then enter the secret again).',
        );
      }
      const sealed = seal(newKey, row.id, JSON.stringify(secrets));
      await tx.updateTable('storage_access').set({ secrets: sealed, version: row.version + 1 }).where('id', '=', row.id).execute();
      result.rotated += 1;
    }
    const twoFactor = await resealTwoFactorSecrets(tx, oldMaster, newMaster, options.skipUnreadable === true);
    result.twoFactorResealed = twoFactor.resealed;
    result.twoFactorSkipped = twoFactor.unreadable;
    return result;
  });
}

/** Whether a sealed value opens with a master key (for tests and checks). */
export function opensWith(masterKey: Buffer, rowId: string, sealed: string): boolean {
  try {
    open(storageKey(masterKey), rowId, sealed);
    return true;
  } catch {
    return false;
  }
}

type Env = Record<string, string | undefined>;

/** The CLI command. Prints what happened and what the operator must do next. */
export async function rotateKeyCommand(config: Config, env: Env, options: { skipUnreadable?: boolean }, print: (line: string) => void = console.log): Promise<number> {
  const keyInEnv = Boolean(env.FOYER_SECRET_KEY);
  const keyFile = join(config.dataDir, 'secret.key');
  let newKey: Buffer;
  if (env.FOYER_NEW_SECRET_KEY) {
    const decoded = decodeKey(env.FOYER_NEW_SECRET_KEY.trim());
    if (!decoded) throw new ConfigError('FOYER_NEW_SECRET_KEY must be 64 hex characters or 32 bytes in base64');
    newKey = decoded;
  } else if (!keyInEnv) {
    newKey = randomBytes(32);
  } else {
    throw new ConfigError(
      'The master key comes from FOYER_SECRET_KEY, so Foyer cannot store a new one for you. Make a new key (for example `openssl rand -hex 32`), ' +
        'run this again with FOYER_NEW_SECRET_KEY set to it, then set FOYER_SECRET_KEY to that value on every node.',
    );
  }
  if (newKey.equals(config.secretKey)) throw new ConfigError('FOYER_NEW_SECRET_KEY is the key already in use; give a new one');

  const database = openDatabase(config);
  const { db, location } = database;
  const pendingFile = `${keyFile}.new`;
  let result: RotationResult;
  try {
    await migrateToLatest(db);
    if (!keyInEnv) writeFileSync(pendingFile, newKey.toString('hex') + '\n', { mode: 0o600 });
    try {
      result = await rotateStorageSecrets(db, config.secretKey, newKey, options);
    } catch (error) {
      if (!keyInEnv) rmSync(pendingFile, { force: true });
      throw error;
    }
  } finally {
    await database.close();
  }
  if (!keyInEnv) renameSync(pendingFile, keyFile); // replaces the old key file atomically

  print(`Re-encrypted the secrets of ${result.rotated} cloud access row(s) in ${location} under the new master key.`);
  if (result.alreadyNew > 0) print(`${result.alreadyNew} row(s) were already under the new key.`);
  if (result.skipped.length > 0) {
    print(`${result.skipped.length} row(s) could not be decrypted and were left as they were; their owners must enter the secret again: ${result.skipped.join(', ')}`);
  }
  if (result.twoFactorResealed > 0) print(`Re-encrypted the two-factor secrets of ${result.twoFactorResealed} account(s).`);
  if (result.twoFactorSkipped.length > 0) {
    print(`${result.twoFactorSkipped.length} account(s) had a two-factor secret that could not be decrypted and was left; they sign in with a recovery code: ${result.twoFactorSkipped.join(', ')}`);
  }
  if (keyInEnv) print('Now set FOYER_SECRET_KEY to the value of FOYER_NEW_SECRET_KEY on every Foyer node, and restart them all.');
  else print(`The new key is in ${keyFile} (mode 0600). Restart every Foyer node that uses this data dir${existsSync(keyFile) ? '' : ' (the key file is missing!)'}.`);
  print('Everyone is signed out when the nodes restart: session tokens are signed with a key derived from the master key. API key pairs keep working.');
  print('Backups of the database made before now still need the old key to read their cloud secrets.');
  return 0;
}
