// The workspace state that both the Profile button and the Profile page use: the caller's workspaces, the current
// one and the caller's role in it, its members and seats, its invitation links, and switching between workspaces.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { getInvites } from '../api/invites';
import { getUserCompanies } from '../api/organization';
import { getMembers, switchWorkspace, type MemberQuery } from '../api/workspaces';
import { showNotice } from '../session/notice';
import { useServerInfo } from '../session/server-info';
import type { CurrentUser, UserCompany, WorkspaceRole } from '@foyer/contract';

export const USER_COMPANIES_QUERY_KEY = ['organization.get_user_companies'] as const;

export function useUserCompanies() {
  return useQuery({ queryKey: USER_COMPANIES_QUERY_KEY, queryFn: getUserCompanies });
}

export const ROLE_NAMES: Record<WorkspaceRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export interface CurrentWorkspace {
  id: string;
  name: string;
  /** the caller's role there, from the membership (it may have changed since the session began) */
  role: WorkspaceRole | undefined;
  /** the row of organization.get_user_companies, once loaded */
  company: UserCompany | undefined;
  /** all the caller's workspaces, once loaded */
  all: UserCompany[] | undefined;
  /** multi mode: several workspaces, switching, creating */
  multi: boolean;
}

export function useCurrentWorkspace(user: CurrentUser): CurrentWorkspace {
  const companies = useUserCompanies();
  const info = useServerInfo();
  const company = companies.data?.find((item) => item.current) ?? companies.data?.find((item) => item.id === user.company.id);
  return {
    id: company?.id ?? user.company.id,
    name: company?.name ?? user.company.name,
    role: company?.role ?? user.workspace_role,
    company,
    all: companies.data,
    multi: info.data?.mode === 'multi',
  };
}

export const membersQueryKey = (workspace: string, query: MemberQuery = {}) =>
  ['workspaces.get_members', workspace, { search: query.search ?? '', page: query.page ?? 0 }] as const;

/** A page of members with the workspace's seat figures; the first page without a search also serves seat checks. */
export function useMembers(workspace: string, query: MemberQuery = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: membersQueryKey(workspace, query),
    queryFn: () => getMembers(workspace, query),
    placeholderData: (previous) => previous,
    enabled: options.enabled ?? true,
  });
}

/** After a change to members or links: members, seats, links and the workspace list all show it. */
export function invalidateWorkspace(queryClient: QueryClient, workspace: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['workspaces.get_members', workspace] }),
    queryClient.invalidateQueries({ queryKey: invitesQueryKey(workspace) }),
    queryClient.invalidateQueries({ queryKey: USER_COMPANIES_QUERY_KEY }),
    // every change to a workspace is an entry of its audit log, which owners and admins may have open
    queryClient.invalidateQueries({ queryKey: ['workspaces.get_audit_log', workspace] }),
  ]);
}

export const invitesQueryKey = (workspace: string) => ['invites.get_all', workspace] as const;

export function useInvites(workspace: string, options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: invitesQueryKey(workspace), queryFn: () => getInvites(workspace), enabled: options.enabled ?? true });
}

/** After the session moved to another workspace (or ended there): everything loaded belongs to the old one. */
export async function reloadEverything(queryClient: QueryClient): Promise<void> {
  await queryClient.resetQueries();
}

/** Switches the session to another workspace, says so, and reloads what the page shows. */
export function useSwitchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (workspace: string) => switchWorkspace(workspace),
    onSuccess: async (result) => {
      showNotice(`You are now in ${result.workspace.name}.`);
      await reloadEverything(queryClient);
    },
    onError: (error) => showNotice('The workspace was not switched', error.message, 'problem'),
  });
}
