import { Alert, Button, Checkbox, Group, NativeSelect, NumberInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createInvite } from '../api/invites';
import { AppDialog } from '../ui/AppDialog';
import { DialogActions } from '../ui/DialogActions';
import { CopyTextButton } from '../ui/CopyTextButton';
import { ExactTime } from '../ui/TimeWithExact';
import { useCopy, type CopyState } from '../ui/use-copy';
import { useCurrentUser } from '../session/current-user';
import { fullReason, seatLine } from './seats';
import { SendInviteForm } from './SendInvite';
import { invalidateWorkspace, useMembers } from './workspace-queries';
import { isEmailAddress, MAX_INVITE_NOTE_LENGTH, type InviteOptions, type InviteRole, type NewInvite, type UserCompany } from '@foyer/contract';

const EXPIRY_CHOICES = [
  { value: '1', label: '1 day' },
  { value: '3', label: '3 days' },
  { value: '7', label: '7 days' },
  { value: '14', label: '14 days' },
  { value: '30', label: '30 days (the longest)' },
];
const MAX_USES = 1000;
const MAX_DOMAINS = 20;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;
/** what the server refuses in a note: control characters and direction overrides */
const NOTE_FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

interface InviteDialogProps {
  opened: boolean;
  onClose: () => void;
  workspace: { id: string; name: string };
  /** what the inviter may do there, as the server answers it: whether a link may make admins, whether they can free seats */
  can: UserCompany['can'] | undefined;
  /** false when the opener puts the focus back itself (the element that opened it may be gone, as a menu item is) */
  returnFocus?: boolean;
}

interface Draft {
  role: InviteRole;
  expires: string;
  uses: number | string;
  email: string;
  domains: string;
  note: string;
  /** a server without mail: the bound link admits an address nobody verified */
  acceptUnverified: boolean;
}

interface FieldErrors {
  uses?: string;
  email?: string;
  domains?: string;
  note?: string;
}

/** The link's optional limits and note, in the order the form shows them; the browser fills in none of them. */
const OPTIONAL_TEXT_FIELDS: Array<{ name: 'email' | 'domains' | 'note'; label: string; description: string; type?: 'email' }> = [
  {
    name: 'email',
    label: 'Only for this email address (optional)',
    description: 'The link then works only for an account with this address, and keeps a seat for it.',
    type: 'email',
  },
  { name: 'domains', label: 'Only for addresses at these domains (optional)', description: 'Separated by commas, like example.com, example.org.' },
  {
    name: 'note',
    label: 'Note for your team (optional)',
    description: 'Shown in the list of invitation links, such as “for the data team”. The people you invite do not see it.',
  },
];

const EMPTY_DRAFT: Draft = { role: 'member', expires: '7', uses: 1, email: '', domains: '', note: '', acceptUnverified: false };

/** A link bound to one address or to domains: it admits only a verified address (or, without mail, as chosen). */
function isBound(draft: Draft): boolean {
  return draft.email.trim() !== '' || domainList(draft.domains).length > 0;
}

/** "example.com, @example.org" → ["example.com", "example.org"] */
function domainList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
}

function validate(draft: Draft): FieldErrors {
  const uses = Number(draft.uses);
  const domains = domainList(draft.domains);
  const badDomain = domains.find((domain) => !DOMAIN.test(domain));
  const note = draft.note.trim();
  return {
    uses: draft.email.trim() || (Number.isInteger(uses) && uses >= 1 && uses <= MAX_USES) ? undefined : `Enter a whole number from 1 to ${MAX_USES}.`,
    email: !draft.email.trim() || isEmailAddress(draft.email) ? undefined : 'Enter an email address, like ada@example.com.',
    domains: badDomain
      ? `“${badDomain}” is not a domain name such as example.com.`
      : domains.length > MAX_DOMAINS
        ? `List at most ${MAX_DOMAINS} domains.`
        : undefined,
    note:
      note.length > MAX_INVITE_NOTE_LENGTH
        ? `Use at most ${MAX_INVITE_NOTE_LENGTH} characters (now ${note.length}).`
        : NOTE_FORBIDDEN.test(note)
          ? 'Use one line of plain text, without tabs or other control characters.'
          : undefined,
  };
}

function optionsOf(draft: Draft, mailAvailable: boolean): InviteOptions {
  const email = draft.email.trim();
  const domains = domainList(draft.domains);
  const note = draft.note.trim();
  return {
    role: draft.role,
    expires_in_days: Number(draft.expires),
    ...(email ? { email } : { max_uses: Number(draft.uses) }),
    ...(domains.length > 0 ? { email_domains: domains } : {}),
    ...(note ? { note } : {}),
    ...(!mailAvailable && isBound(draft) && draft.acceptUnverified ? { accept_unverified: true } : {}),
  };
}

/**
 * INVITE USER: a link with a role, a lifetime, a number of uses, and optionally one email address or a list of
 * email domains. The link is shown once (the server keeps only its hash) and copied at once.
 */
export function InviteDialog({ opened, onClose, workspace, can, returnFocus = true }: InviteDialogProps) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<{ invite: NewInvite; options: InviteOptions } | undefined>();
  const { state: copyState, copy } = useCopy(60_000);
  const members = useMembers(workspace.id, {}, { enabled: opened });
  const mailAvailable = useCurrentUser().data?.mail_available ?? false;
  const create = useMutation({
    mutationFn: (options: InviteOptions) => createInvite(workspace.id, options),
    onSuccess: (invite, options) => {
      setCreated({ invite, options });
      void copy(invite.url);
      void invalidateWorkspace(queryClient, workspace.id);
    },
    onError: () => void invalidateWorkspace(queryClient, workspace.id),
  });

  const seats = members.data;
  const full = seats?.full === true && !created;

  function reset() {
    setDraft(EMPTY_DRAFT);
    setErrors({});
    setCreated(undefined);
    create.reset();
  }

  function close() {
    reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(draft);
    setErrors(found);
    if (found.uses || found.email || found.domains || found.note) return;
    create.mutate(optionsOf(draft, mailAvailable));
  }

  const change = (fields: Partial<Draft>) => setDraft((current) => ({ ...current, ...fields }));
  const canGrantAdmin = can?.invite_admins ?? false;

  return (
    <AppDialog opened={opened} onClose={close} title={`Invite to ${workspace.name}`} size={created ? 620 : 'md'} returnFocus={returnFocus}>
      {created ? (
        <CreatedLink
          workspaceName={workspace.name}
          invite={created.invite}
          options={created.options}
          workspaceId={workspace.id}
          mailAvailable={mailAvailable}
          copyState={copyState}
          onAnother={reset}
          onDone={close}
        />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            {seats && (
              <Text size="sm" c="dimmed">
                {seatLine(seats)}
              </Text>
            )}
            {full && seats && (
              <Alert color="orange" variant="light" title={`${workspace.name} is full`} role="status">
                {fullReason(workspace.name, seats, can?.update ?? false)}
              </Alert>
            )}
            {canGrantAdmin ? (
              <Radio.Group label="Role" value={draft.role} onChange={(value) => change({ role: value as InviteRole })}>
                <Stack gap="xs" mt={6}>
                  <Radio value="member" label="Member" description="Uses the workspace and its credentials." data-autofocus />
                  <Radio value="admin" label="Admin" description="Also invites people, manages members and changes settings." />
                </Stack>
              </Radio.Group>
            ) : (
              <Text size="sm">People who join through this link become members.</Text>
            )}
            <NativeSelect
              label="The link expires after"
              data-autofocus={canGrantAdmin ? undefined : true}
              data={EXPIRY_CHOICES}
              value={draft.expires}
              onChange={(event) => change({ expires: event.currentTarget.value })}
            />
            <NumberInput
              label="People who can join with it"
              description={draft.email.trim() ? 'A link for one email address admits one person.' : `From 1 to ${MAX_USES}.`}
              min={1}
              max={MAX_USES}
              allowDecimal={false}
              allowNegative={false}
              disabled={Boolean(draft.email.trim())}
              value={draft.email.trim() ? 1 : draft.uses}
              error={errors.uses}
              onChange={(value) => change({ uses: value })}
            />
            {OPTIONAL_TEXT_FIELDS.map((field) => (
              <TextInput
                key={field.name}
                label={field.label}
                description={field.description}
                type={field.type}
                autoComplete="off"
                value={draft[field.name]}
                error={errors[field.name]}
                onChange={(event) => change({ [field.name]: event.currentTarget.value })}
              />
            ))}
            {isBound(draft) &&
              (mailAvailable ? (
                <Text size="sm" c="dimmed">
                  The link admits only a verified address: someone whose address is not verified yet gets a link by mail, and joins when they follow it.
                </Text>
              ) : (
                <Checkbox
                  label="Accept addresses that are not verified"
                  description="This server sends no mail, so it cannot verify addresses. Off: only an account whose address is verified can use the link. On: anyone who types an address the link admits gets in."
                  checked={draft.acceptUnverified}
                  onChange={(event) => change({ acceptUnverified: event.currentTarget.checked })}
                />
              ))}
            {create.error && (
              <Alert color="red" variant="light" title="The link was not created">
                {create.error.message}
              </Alert>
            )}
            <DialogActions onCancel={close} confirmLabel="Create and copy link" loading={create.isPending} disabled={full} />
          </Stack>
        </form>
      )}
    </AppDialog>
  );
}

function admits(invite: NewInvite, options: InviteOptions): string {
  const who = options.email
    ? `the account with the address ${options.email}`
    : invite.max_uses === 1
      ? 'one person'
      : `up to ${invite.max_uses} people`;
  const domains = options.email_domains?.length ? `, with an address at ${options.email_domains.join(', ')},` : '';
  return `${who}${domains}`;
}

function CreatedLink({
  workspaceName,
  invite,
  options,
  workspaceId,
  mailAvailable,
  copyState,
  onAnother,
  onDone,
}: {
  workspaceName: string;
  invite: NewInvite;
  options: InviteOptions;
  workspaceId: string;
  mailAvailable: boolean;
  copyState: CopyState;
  onAnother: () => void;
  onDone: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  // The form that had the focus is gone: the link takes it (and is selected, ready to copy by hand too).
  useEffect(() => field.current?.focus(), []);
  return (
    <Stack gap="md">
      <Text size="sm" role="status">
        {copyState === 'copied'
          ? 'The link is copied to your clipboard. '
          : copyState === 'failed'
            ? 'The link could not be copied by itself: use Copy, or select it. '
            : ''}
        Send it to the people you invite by any channel: it is shown only now.
      </Text>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Invitation link"
          value={invite.url}
          readOnly
          ref={field}
          style={{ flex: 1, minWidth: 0 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyTextButton text={invite.url} label="Copy" accessibleLabel="Copy the invitation link" size="sm" style={{ flex: 'none' }} />
      </Group>
      <Text size="sm">
        It admits {admits(invite, options)} to {workspaceName} as {invite.role === 'admin' ? 'an admin' : 'a member'}
        , until <ExactTime iso={invite.expires} />. Anyone holding it can use it, so send it only to them. You can
        revoke it on your Profile page, under Members.
      </Text>
      {(options.email || options.email_domains?.length) && (
        <Text size="sm">
          {options.accept_unverified
            ? 'It admits the address as typed: this server cannot verify addresses.'
            : mailAvailable
              ? 'It admits only a verified address: an unverified one is sent a link to verify it first.'
              : 'It admits only an account whose address is verified, which this server cannot do for anyone else.'}
        </Text>
      )}
      {invite.note && <Text size="sm">The list of links shows it with your note: “{invite.note}”.</Text>}
      {mailAvailable ? (
        <SendInviteForm workspaceId={workspaceId} inviteId={invite.id} boundEmail={options.email ?? null} domains={options.email_domains ?? null} />
      ) : (
        <Text size="sm" c="dimmed">
          Invite by email is not available: this server sends no mail. Send the link yourself.
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onAnother}>
          Create another link
        </Button>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
