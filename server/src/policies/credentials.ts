// Key pairs: a person manages their own (the queries find only theirs), and a key pair, with every token opened
// with it, works in its own workspace only.
import { anyone, policy, signedIn, type Actor, type Verdict } from './core.ts';

export interface WorkspaceAsked {
  workspaceId: string;
}

/** The one rule confining a key pair: asked wherever a call names a workspace other than the signed-in one. */
function mayReach(actor: Actor | undefined, subject: WorkspaceAsked): Verdict {
  const keyPair = actor?.keyPairOf;
  if (!keyPair || keyPair.workspaceId === subject.workspaceId) return true;
  return {
    reason: `This key pair belongs to workspace ${keyPair.workspaceName}; create credentials in workspace ${subject.workspaceId} to work there`,
    tenant: subject.workspaceId,
  };
}

export const credentialsPolicy = policy('credentials')
  .allow(['create', 'list', 'edit', 'revoke', 'rotate'], signedIn)
  .allow(['reach_workspace'], mayReach)
  // whoever found a secret: the secret itself is what the report is about, and it only ever revokes
  .allow(['report_leak'], anyone);
