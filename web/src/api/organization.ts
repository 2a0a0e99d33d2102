import { callApi } from './client';
import type { WhoCanInvite, WorkspaceRole } from './workspaces';

export interface UserCompany {
  id: string;
  name: string;
  /** members now */
  allocated: number;
  /** the member limit in force (the workspace's own, capped by the server's), or null for none */
  allowed: number | null;
  /** the caller's role in it */
  role: WorkspaceRole;
  /** the caller's own personal workspace (multi mode) */
  personal?: boolean;
  /** the workspace the session is in */
  current?: boolean;
  /** the workspace's own limit and invitation setting, when the server reports them */
  max_members?: number | null;
  who_can_invite?: WhoCanInvite;
  /** what the caller may do here, by the server's own rules */
  can: {
    update: boolean;
    invite: boolean;
    invite_admins: boolean;
    see_all_invites: boolean;
    change_roles: boolean;
    remove_members: boolean;
    leave: boolean;
  };
  /** why not, where the server says (one line) */
  why_not: { leave?: string };
}

export async function getUserCompanies(): Promise<UserCompany[]> {
  const data = await callApi<{ companies: UserCompany[] }>('organization.get_user_companies');
  return data.companies;
}
