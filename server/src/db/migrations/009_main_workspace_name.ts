import { sql, type Kysely } from 'kysely';

// The single-mode workspace used to be created as "Foyer", the product's name, so the page said "Foyer is full".
// It is now created as FOYER_WORKSPACE_NAME, else "Main workspace". A database made before gets the new default
// name, but only while its workspace still has the old one: a name an owner chose stays. The default workspace is
// the one the server_settings row default_workspace_id names (its value is the id as JSON, a quoted string).
// The names are written out here, not imported: a migration does what it did when it was written.
const OLD_NAME = 'Foyer';
const NEW_NAME = 'Main workspace';

async function renameDefaultWorkspace(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  await sql`
    update workspaces set name = ${to}
    where name = ${from}
      and personal_of_user_id is null
      and ('"' || id || '"') in (select value from server_settings where key = 'default_workspace_id')
  `.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await renameDefaultWorkspace(db, OLD_NAME, NEW_NAME);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await renameDefaultWorkspace(db, NEW_NAME, OLD_NAME);
}
