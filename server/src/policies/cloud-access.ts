// Cloud access rows of the signed-in workspace: one's own rows, and the workspace's shared rows (owners and admins).
import type { MemberRole } from '../db/schema.ts';
import { policy, signedIn, type Actor, type Verdict } from './core.ts';
import { isWorkspaceAdmin } from './workspace.ts';

export type RowScope = 'user' | 'workspace';

export interface InSignedInWorkspace {
  /** the caller's role in the workspace they are signed into */
  role: MemberRole;
  workspaceName: string;
}

export interface NewRow extends InSignedInWorkspace {
  scope: RowScope;
}

export interface ExistingRow extends InSignedInWorkspace {
  row: { scope: RowScope; userId: string | null };
}

const workspaceRowsRefusal = (workspaceName: string) =>
  `Only the owners and admins of workspace "${workspaceName}" can add, change or delete its shared cloud access rows`;

const mayAdd = (_actor: Actor | undefined, subject: NewRow): Verdict =>
  subject.scope === 'user' || isWorkspaceAdmin(subject.role) || workspaceRowsRefusal(subject.workspaceName);

function mayManage(actor: Actor | undefined, subject: ExistingRow): Verdict {
  if (subject.row.scope === 'user') return (actor !== undefined && subject.row.userId === actor.userId) || 'Only its owner can change this cloud access row';
  return isWorkspaceAdmin(subject.role) || workspaceRowsRefusal(subject.workspaceName);
}

export const cloudAccessPolicy = policy('cloud_access')
  // the queries find only one's own rows and the workspace's; signing uses the rows the caller may use
  .allow(['list', 'sign_urls'], signedIn)
  .allow(['add'], mayAdd)
  // seeing a row in full (its settings and the last characters of its secrets) is for those who may change it
  .allow(['update', 'delete', 'read_in_full'], mayManage);
