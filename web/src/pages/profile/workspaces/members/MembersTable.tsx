import { ActionIcon, Button, Menu, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Member, WorkspaceRole } from '../../../../api/workspaces';
import { CheckIcon, ChevronDownIcon, TrashIcon } from '../../../../ui/icons';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { calendarDate, relativeTime } from '../../../../ui/times';
import { ROLE_NAMES, isAdminRole } from '../../../../workspaces/workspace-queries';
import classes from './Members.module.css';

interface MembersTableProps {
  members: Member[];
  /** the signed-in user */
  selfId: string;
  /** the signed-in user's role in this workspace */
  actorRole: WorkspaceRole | undefined;
  changingRoleOf: string | undefined;
  onChangeRole: (member: Member, role: WorkspaceRole) => void;
  onRemove: (member: Member) => void;
}

/** The roles an actor may give, as the server allows: only owners grant or take away ownership. */
function assignableRoles(actorRole: WorkspaceRole | undefined, member: Member): WorkspaceRole[] {
  if (!isAdminRole(actorRole)) return [];
  if (actorRole === 'owner') return ['owner', 'admin', 'member'];
  return member.role === 'owner' ? [] : ['admin', 'member'];
}

function mayRemove(actorRole: WorkspaceRole | undefined, selfId: string, member: Member): boolean {
  if (!isAdminRole(actorRole) || member.id === selfId) return false;
  return member.role !== 'owner' || actorRole === 'owner';
}

function RoleCell({
  member,
  roles,
  pending,
  onChange,
}: {
  member: Member;
  roles: WorkspaceRole[];
  pending: boolean;
  onChange: (role: WorkspaceRole) => void;
}) {
  if (roles.length === 0) return <>{ROLE_NAMES[member.role]}</>;
  return (
    <Menu position="bottom-start" shadow="md" width={200} withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          rightSection={<ChevronDownIcon size={14} />}
          loading={pending}
          aria-label={`Role of ${member.name}: ${ROLE_NAMES[member.role]}`}
          className={classes.roleButton}
        >
          {ROLE_NAMES[member.role]}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Role of {member.name}</Menu.Label>
        {roles.map((role) => (
          <Menu.Item
            key={role}
            aria-current={role === member.role ? 'true' : undefined}
            rightSection={role === member.role ? <CheckIcon size={14} /> : undefined}
            onClick={() => {
              if (role !== member.role) onChange(role);
            }}
          >
            {ROLE_NAMES[role]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function MembersTable({ members, selfId, actorRole, changingRoleOf, onChangeRole, onRemove }: MembersTableProps) {
  const admin = isAdminRole(actorRole);
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table verticalSpacing="xs" highlightOnHover>
        <VisuallyHidden component="caption">Members of this workspace</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Joined</Table.Th>
            <Table.Th scope="col">Last active</Table.Th>
            {admin && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Td>
                {member.name}
                {member.id === selfId && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    (you)
                  </Text>
                )}
              </Table.Td>
              <Table.Td className={classes.email}>{member.email}</Table.Td>
              <Table.Td>
                <RoleCell
                  member={member}
                  roles={assignableRoles(actorRole, member)}
                  pending={changingRoleOf === member.id}
                  onChange={(role) => onChangeRole(member, role)}
                />
              </Table.Td>
              <Table.Td>
                <TimeWithExact iso={member.joined} display={calendarDate} />
              </Table.Td>
              <Table.Td>
                {member.last_active ? <TimeWithExact iso={member.last_active} display={(date) => relativeTime(date)} /> : 'Never'}
              </Table.Td>
              {admin && (
                <Table.Td>
                  {mayRemove(actorRole, selfId, member) && (
                    <Tooltip label="Remove from the workspace">
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${member.name}`} onClick={() => onRemove(member)}>
                        <TrashIcon size={18} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
