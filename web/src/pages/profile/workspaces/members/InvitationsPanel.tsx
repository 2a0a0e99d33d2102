import { Box, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { AppDialog } from '../../../../ui/AppDialog';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { DataTable } from '../../../../ui/DataTable';
import { LoadStatus } from '../../../../ui/LoadStatus';
import { RowActionButton } from '../../../../ui/RowActionButton';
import { TimeWithExact } from '../../../../ui/TimeWithExact';
import { calendarDate, parseTime } from '../../../../ui/times';
import { useInvites } from '../../../../workspaces/workspace-queries';
import { SendInviteForm } from '../../../../workspaces/SendInvite';
import classes from './Members.module.css';
import { useRevokeInvite } from './members-queries';
import type { Invite, InviteStatus } from '@foyer/contract';

const STATUS_NAMES: Record<InviteStatus, string> = {
  pending: 'Open',
  used_up: 'Used up',
  expired: 'Expired',
  revoked: 'Revoked',
};

const INVITE_COLUMNS = ['Link for', 'Status', 'Uses', 'Joined through it'];

const STATUS_ORDER: Record<InviteStatus, number> = { pending: 0, used_up: 1, expired: 2, revoked: 3 };

function restriction(invite: Invite): string {
  if (invite.email) return invite.email;
  if (invite.email_domains?.length) return `Addresses at ${invite.email_domains.join(', ')}`;
  return 'Anyone with the link';
}

function describeLink(invite: Invite): string {
  const created = parseTime(invite.created);
  const note = invite.note ? ` (${invite.note})` : '';
  return `the link for ${restriction(invite)}${note}${created ? ` created ${calendarDate(created)}` : ''} by ${invite.created_by.name}`;
}

/** The workspace's invitation links: open ones first, with uses, expiry, who joined through each, and revoking. */
export function InvitationsPanel({ workspace }: { workspace: { id: string; name: string } }) {
  const invites = useInvites(workspace.id);
  const [revoking, setRevoking] = useState<Invite | undefined>();
  const [sending, setSending] = useState<Invite | undefined>();
  const list = [...(invites.data ?? [])].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const open = list.filter((invite) => invite.status === 'pending').length;

  return (
    <Stack gap="xs">
      <Box>
        <Title order={4} fz="md" id="invitations-heading">
          Invitation links
        </Title>
        {invites.data && (
          <Text size="sm" c="dimmed" mt={2}>
            {list.length === 0
              ? 'No links yet. A link stays listed after it is used up, with who joined through it.'
              : `${open} open. Used links stay listed, with who joined through each.`}
          </Text>
        )}
      </Box>
      <LoadStatus query={invites} loadingLabel="Loading invitation links" errorTitle="The invitation links could not be loaded" />
      {list.length > 0 && (
        <DataTable columns={INVITE_COLUMNS} withActions labelledBy="invitations-heading" minWidth={680} verticalSpacing="xs">
          {list.map((invite) => (
            <Table.Tr key={invite.id}>
              <Table.Td className={classes.email}>
                {restriction(invite)}
                {invite.note && (
                  <Text size="sm" className={classes.note}>
                    {invite.note}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  As {invite.role === 'admin' ? 'admin' : 'member'} · by {invite.created_by.name},{' '}
                  <TimeWithExact iso={invite.created} display={calendarDate} />
                  {invite.holds_seat && ' · holds a seat'}
                  {invite.accept_unverified && ' · accepts unverified addresses'}
                </Text>
                {invite.last_sent && (
                  <Text size="xs" c="dimmed">
                    Sent by email to {invite.last_sent.to}, <TimeWithExact iso={invite.last_sent.at} display={calendarDate} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {STATUS_NAMES[invite.status]}
                {(invite.status === 'pending' || invite.status === 'expired') && (
                  <Text size="xs" c="dimmed" className={classes.nowrap}>
                    {invite.status === 'pending' ? 'until ' : ''}
                    <TimeWithExact iso={invite.expires} display={calendarDate} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td className={classes.nowrap}>
                {invite.uses} of {invite.max_uses}
              </Table.Td>
              <Table.Td>
                {invite.joined.length === 0 ? (
                  <span className={classes.muted}>Nobody yet</span>
                ) : (
                  <ul className={classes.people}>
                    {invite.joined.map((use) => (
                      <li key={use.user.id}>
                        {use.user.name}
                        <Text size="xs" c="dimmed" className={classes.email}>
                          {use.user.email}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
              </Table.Td>
              <Table.Td className={classes.nowrap}>
                {invite.can.send && (
                  <RowActionButton kind="send" tooltip="Invite by email" label={`Send ${describeLink(invite)} by email`} onClick={() => setSending(invite)} />
                )}
                {invite.status === 'pending' && invite.can.revoke && (
                  <RowActionButton kind="remove" tooltip="Revoke the link" label={`Revoke ${describeLink(invite)}`} onClick={() => setRevoking(invite)} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      <RevokeInviteDialog workspace={workspace} invite={revoking} onClose={() => setRevoking(undefined)} />
      <AppDialog opened={sending !== undefined} onClose={() => setSending(undefined)} title="Invite by email" size="md">
        {sending && (
          <Stack gap="md">
            <Text size="sm">
              We mail {describeLink(sending)} to one address. The mail holds a link of its own to the same invitation: its uses, expiry and
              revoking are shared.
            </Text>
            <SendInviteForm workspaceId={workspace.id} inviteId={sending.id} boundEmail={sending.email} domains={sending.email_domains} autoFocus />
          </Stack>
        )}
      </AppDialog>
    </Stack>
  );
}

function RevokeInviteDialog({
  workspace,
  invite,
  onClose,
}: {
  workspace: { id: string; name: string };
  invite: Invite | undefined;
  onClose: () => void;
}) {
  const revoke = useRevokeInvite(workspace.id);
  return (
    <ConfirmDialog item={invite} title="Revoke invitation link?" confirmLabel="Revoke link"
      action={revoke} variablesOf={(shown) => shown.id} onClose={onClose}>
      {(shown) => (
        <Text>
          Revoke {describeLink(shown)}? Nobody can join {workspace.name} with it any more
          {shown.joined.length > 0 ? '; the people who already joined through it stay members.' : '.'}
        </Text>
      )}
    </ConfirmDialog>
  );
}
