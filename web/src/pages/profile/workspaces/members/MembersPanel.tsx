import { Alert, Box, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { DoorExitIcon, UserPlusIcon } from '../../../../ui/icons';
import { LoadStatus } from '../../../../ui/LoadStatus';
import { InviteDialog } from '../../../../workspaces/InviteDialog';
import { fullReason, seatLine } from '../../../../workspaces/seats';
import { useMembers, type CurrentWorkspace } from '../../../../workspaces/workspace-queries';
import { InvitationsPanel } from './InvitationsPanel';
import { LeaveWorkspaceDialog } from './LeaveWorkspaceDialog';
import classes from './Members.module.css';
import { MembersTable } from './MembersTable';
import { useSetMemberRole } from './members-queries';
import { RemoveMemberDialog } from './RemoveMemberDialog';
import type { CurrentUser, Member } from '@foyer/contract';

const PAGE_SIZE = 50;
/** The search field appears once a workspace has more members than this. */
const SEARCH_FROM = 10;
const WITH_ARTICLE: Record<Member['role'], string> = { owner: 'an owner', admin: 'an admin', member: 'a member' };

/** For owners and admins of a workspace that requires two-factor sign-in: who is still shut out. */
function twoFactorLine(workspace: string, without: number): string {
  if (without === 0) return `${workspace} requires two-factor sign-in, and every member has it on.`;
  const who = without === 1 ? '1 member does not have it on and keeps' : `${without} members do not have it on and keep`;
  return `${workspace} requires two-factor sign-in: ${who} only their account, with their key pairs refused, until they turn it on.`;
}

/** WORKSPACES > Members: seats, inviting, the members with their roles, the invitation links, and leaving. */
export function MembersPanel({ user, current }: { user: CurrentUser; current: CurrentWorkspace }) {
  const workspace = { id: current.id, name: current.name };
  const can = current.company?.can;
  const canInvite = can?.invite;
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(0);
  const members = useMembers(current.id, { search: debouncedSearch, page, pageSize: PAGE_SIZE });
  const setRole = useSetMemberRole(current.id);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<Member | undefined>();
  const [leaving, setLeaving] = useState(false);
  const [outcome, setOutcome] = useState<string | undefined>();

  const data = members.data;
  const full = data?.full === true;
  const lastPage = data ? Math.max(0, Math.ceil(data.total / PAGE_SIZE) - 1) : 0;
  const continueIn = current.all?.find((item) => item.id !== current.id && item.personal) ?? current.all?.find((item) => item.id !== current.id);

  function changeRole(member: Member, role: Member['role']) {
    setOutcome(undefined);
    setRole.mutate({ user: member.id, role }, { onSuccess: () => setOutcome(`${member.name} is now ${WITH_ARTICLE[role]}.`) });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="md">
        <Box maw={560}>
          <Title order={3} fz="lg" id="members-heading">
            Members
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {data ? seatLine(data) : ' '}
          </Text>
          {current.company?.requires_two_factor && data?.without_two_factor !== undefined && (
            <Text size="sm" c="dimmed" mt={4}>
              {twoFactorLine(current.name, data.without_two_factor)}
            </Text>
          )}
        </Box>
        {canInvite !== false && (
          <Button
            leftSection={<UserPlusIcon size={16} />}
            onClick={() => setInviting(true)}
            disabled={full || canInvite === undefined}
            aria-describedby={full ? 'members-full-reason' : undefined}
          >
            Invite user
          </Button>
        )}
      </Group>

      {full && data && (
        <Alert color="orange" variant="light" title={`${current.name} is full`}>
          <span id="members-full-reason">{fullReason(current.name, data, can?.update ?? false)}</span>
        </Alert>
      )}
      {canInvite === false && (
        <Text size="sm" c="dimmed">
          Only the owners and admins of {current.name} can invite people.
        </Text>
      )}
      {outcome && (
        <Text size="sm" role="status">
          {outcome}
        </Text>
      )}
      {setRole.error && (
        <Alert color="red" variant="light" title="The role was not changed" role="alert">
          {setRole.error.message}
        </Alert>
      )}

      {data && (data.total > SEARCH_FROM || debouncedSearch) && (
        <TextInput
          aria-label="Search members"
          placeholder="Search by name or email"
          maw={360}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(0);
          }}
        />
      )}
      <LoadStatus query={members} loadingLabel="Loading members" errorTitle="The members could not be loaded" />
      {data && data.members.length === 0 && <Text size="sm">No member matches “{debouncedSearch}”.</Text>}
      {data && data.members.length > 0 && (
        <MembersTable
          members={data.members}
          selfId={user.id}
          canRemoveMembers={can?.remove_members ?? false}
          changingRoleOf={setRole.isPending ? setRole.variables?.user : undefined}
          onChangeRole={changeRole}
          onRemove={(member) => {
            setOutcome(undefined);
            setRemoving(member);
          }}
        />
      )}
      {data && data.total > PAGE_SIZE && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {page * PAGE_SIZE + 1}–{Math.min(data.total, (page + 1) * PAGE_SIZE)} of {data.total}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <Button variant="default" size="xs" disabled={page >= lastPage} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </Group>
        </Group>
      )}

      {canInvite && <InvitationsPanel workspace={workspace} />}

      {current.company && (
        <Group justify="space-between" align="center" gap="md" className={classes.leave}>
          {!current.company.can.leave ? (
            <Text size="sm" maw={520}>
              <Text span fw={600} size="sm">
                You cannot leave {current.name}.
              </Text>{' '}
              {current.company.why_not.leave}.
            </Text>
          ) : (
            <>
              <Text size="sm" maw={520}>
                Leaving {current.name} ends your membership, and your credentials in it stop working. You will see
                which before you confirm.
              </Text>
              <Button variant="outline" color="red" leftSection={<DoorExitIcon size={16} />} onClick={() => setLeaving(true)}>
                Leave workspace
              </Button>
            </>
          )}
        </Group>
      )}

      {canInvite && <InviteDialog opened={inviting} onClose={() => setInviting(false)} workspace={workspace} can={can} />}
      <RemoveMemberDialog
        workspace={workspace}
        member={removing}
        onClose={() => setRemoving(undefined)}
        onRemoved={(member, revoked) =>
          setOutcome(
            `${member.name} was removed from ${current.name}${revoked > 0 ? `; ${revoked} ${revoked === 1 ? 'credential' : 'credentials'} of theirs ${revoked === 1 ? 'was' : 'were'} revoked` : ''}.`,
          )
        }
      />
      <LeaveWorkspaceDialog opened={leaving} onClose={() => setLeaving(false)} workspace={workspace} continueIn={continueIn} />
    </Stack>
  );
}
