import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001_foundation.ts';
import * as invites from './002_invites.ts';
import * as storageAccess from './003_storage_access.ts';
import * as queues from './004_queues.ts';
import * as authEpoch from './005_auth_epoch.ts';
import * as workerDepartures from './006_worker_departures.ts';
import * as sessionsByMember from './007_sessions_by_member.ts';
import * as sessionEnds from './008_session_ends.ts';
import * as mainWorkspaceName from './009_main_workspace_name.ts';
import * as inviteNotes from './010_invite_notes.ts';
import * as sessionClients from './011_session_clients.ts';
import * as auditLog from './012_audit_log.ts';
import * as twoFactor from './013_two_factor.ts';
import * as workspaceRequiresTwoFactor from './014_workspace_requires_two_factor.ts';
import * as passwordResets from './015_password_resets.ts';
import * as verifiedAddresses from './016_verified_addresses.ts';
import * as keyExpiry from './017_key_expiry.ts';
import * as secretLookup from './018_secret_lookup.ts';
import * as unusedKeyRevocation from './019_unused_key_revocation.ts';
import * as oidcIdentities from './022_oidc_identities.ts';
import * as workspaceSsoPolicy from './023_workspace_sso_policy.ts';
import * as keyRotation from './020_key_rotation.ts';

// Listed in code (not read from a folder) so the same list runs from source and from the build.
const migrations: Record<string, Migration> = {
  '001_foundation': foundation,
  '002_invites': invites,
  '003_storage_access': storageAccess,
  '004_queues': queues,
  '005_auth_epoch': authEpoch,
  '006_worker_departures': workerDepartures,
  '007_sessions_by_member': sessionsByMember,
  '008_session_ends': sessionEnds,
  '009_main_workspace_name': mainWorkspaceName,
  '010_invite_notes': inviteNotes,
  '011_session_clients': sessionClients,
  '012_audit_log': auditLog,
  '013_two_factor': twoFactor,
  '014_workspace_requires_two_factor': workspaceRequiresTwoFactor,
  '015_password_resets': passwordResets,
  '016_verified_addresses': verifiedAddresses,
  '017_key_expiry': keyExpiry,
  '018_secret_lookup': secretLookup,
  '019_unused_key_revocation': unusedKeyRevocation,
  '022_oidc_identities': oidcIdentities,
  '023_workspace_sso_policy': workspaceSsoPolicy,
  '020_key_rotation': keyRotation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
