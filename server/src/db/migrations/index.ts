import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './001_foundation.ts';
import * as invites from './002_invites.ts';

// Listed in code (not read from a folder) so the same list runs from source and from the build.
const migrations: Record<string, Migration> = {
  '001_foundation': foundation,
  '002_invites': invites,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
