import { Badge, Button, Menu, Table, Text } from '@mantine/core';
import { DataTable } from '../../../../ui/DataTable';
import { CheckIcon, ChevronDownIcon } from '../../../../ui/icons';
import { RowActionButton } from '../../../../ui/RowActionButton';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { calendarDate, relativeTime } from '../../../../ui/times';
import { ROLE_NAMES } from '../../../../workspaces/workspace-queries';
import classes from './Members.module.css';
import type { Member, WorkspaceRole } from '@foyer/contract';

const MEMBER_COLUMNS = ['Name', 'Email', 'Role', 'Joined', 'Last active'];
/** owners and admins also see who signs in with two-factor (the server tells only them) */
const ADMIN_COLUMNS = [...MEMBER_COLUMNS.slice(0, 3), 'Two-factor', ...MEMBER_COLUMNS.slice(3)];

interface MembersTableProps {
  members: Member[];
  /** the signed-in user */
  selfId: string;
  /** whether the signed-in user may remove members here (each member's can.remove says whom) */
  canRemoveMembers: boolean;
  changingRoleOf: string | undefined;
  onChangeRole: (member: Member, role: WorkspaceRole) => void;
  onRemove: (member: Member) => void;
}

/**
 * The member's role, and for owners and admins a menu of the roles, as the server answers them (role_choices): a
 * role it would refuse is shown disabled, with the reason beneath it.
 */
function RoleCell({ member, pending, onChange }: { member: Member; pending: boolean; onChange: (role: WorkspaceRole) => void }) {
  const choices = member.role_choices ?? [];
  if (!choices.some((choice) => choice.role !== member.role)) return <>{ROLE_NAMES[member.role]}</>;
  return (
    <Menu position="bottom-start" shadow="md" width={260} withinPortal withInitialFocusPlaceholder={false}>
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
        {choices.map(({ role, refusal }) => {
          const refusalId = refusal ? `role-refusal-${member.id}-${role}` : undefined;
          return (
            // A refused role stays in the arrow-key order (aria-disabled, not disabled), so that its reason is heard.
            <Menu.Item
              key={role}
              aria-label={ROLE_NAMES[role]}
              aria-disabled={refusal !== undefined ? 'true' : undefined}
              className={refusal ? classes.refusedRole : undefined}
              closeMenuOnClick={refusal === undefined}
              aria-current={role === member.role ? 'true' : undefined}
              aria-describedby={refusalId}
              rightSection={role === member.role ? <CheckIcon size={14} /> : undefined}
              onClick={() => {
                if (refusal === undefined && role !== member.role) onChange(role);
              }}
            >
              {ROLE_NAMES[role]}
              {refusal && (
                <Text id={refusalId} size="xs" c="dimmed" className={classes.refusal}>
                  {refusal}.
                </Text>
              )}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}

export function MembersTable({ members, selfId, canRemoveMembers, changingRoleOf, onChangeRole, onRemove }: MembersTableProps) {
  const showTwoFactor = members.some((member) => member.two_factor !== undefined);
  return (
    <DataTable columns={showTwoFactor ? ADMIN_COLUMNS : MEMBER_COLUMNS} withActions={canRemoveMembers} caption="Members of this workspace" minWidth={720} verticalSpacing="xs" highlightOnHover>
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
              pending={changingRoleOf === member.id}
              onChange={(role) => onChangeRole(member, role)}
            />
          </Table.Td>
          {showTwoFactor && (
            <Table.Td>
              <Badge variant="light" color={member.two_factor ? 'blue' : 'gray'}>
                {member.two_factor ? 'On' : 'Off'}
              </Badge>
            </Table.Td>
          )}
          <Table.Td>
            <TimeWithExact iso={member.joined} display={calendarDate} />
          </Table.Td>
          <Table.Td>
            {member.last_active ? <TimeWithExact iso={member.last_active} display={(date) => relativeTime(date)} /> : 'Never'}
          </Table.Td>
          {canRemoveMembers && (
            <Table.Td>
              {member.can.remove && (
                <RowActionButton kind="remove" tooltip="Remove from the workspace" label={`Remove ${member.name}`} onClick={() => onRemove(member)} />
              )}
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </DataTable>
  );
}
