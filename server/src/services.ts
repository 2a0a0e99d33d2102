// The shared services every handler receives: configuration, database, token issuer, what this node remembers of
// sign-ins, the session writer, the last-used recorder, the storage signers and the region finder. Everything a
// node keeps between calls lives here, one per Foyer instance, so tests set it up on the instance they start.
import type { Config } from './config.ts';
import type { Db, DialectName } from './db/database.ts';
import type { TokenIssuer } from './auth/tokens.ts';
import type { LastUsedRecorder } from './credentials/last-used.ts';
import type { SignInCache } from './auth/sign-in-cache.ts';
import type { SessionWriter } from './auth/sessions.ts';
import type { SignerCache } from './storage-access/signer-cache.ts';
import type { RegionFinder } from './storage-access/region.ts';
import type { KeySignInLog } from './audit/key-sign-ins.ts';
import type { Logger } from './shared/logger.ts';
import type { OidcClients } from './oidc/client.ts';

export type { Logger } from './shared/logger.ts';
import type { Mailer } from './mail/mailer.ts';

export interface Services {
  config: Config;
  db: Db;
  dialect: DialectName;
  tokens: TokenIssuer;
  signIns: SignInCache;
  sessions: SessionWriter;
  lastUsed: LastUsedRecorder;
  signers: SignerCache;
  regionFinder: RegionFinder;
  /** which key sign-ins the security log has had lately, so it keeps one per place an hour */
  keySignIns: KeySignInLog;
  log: Logger;
  /** outgoing mail (mail/mailer.ts); undefined on a server without FOYER_SMTP_URL, which sends none */
  mail: Mailer | undefined;
  /** the OpenID Connect providers' discovered configurations (oidc/client.ts) */
  oidc: OidcClients;
  /** milliseconds since the epoch; one place so tests can move time */
  now(): number;
}
