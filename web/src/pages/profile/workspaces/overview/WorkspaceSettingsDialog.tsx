import { Alert, NumberInput, Radio, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../../../api/client';
import { updateWorkspace } from '../../../../api/workspaces';
import { AppDialog } from '../../../../ui/AppDialog';
import { DialogActions } from '../../../../ui/DialogActions';
import { invalidateWorkspace } from '../../../../workspaces/workspace-queries';
import { CREDENTIALS_QUERY_KEY } from '../credentials/credentials-queries';
import { MAX_KEY_LIFETIME_DAYS, MIN_UNUSED_KEY_DAYS, UNUSED_KEY_NOTICE_DAYS, type UserCompany, type WhoCanInvite, type WorkspaceChanges } from '@foyer/contract';

const MAX_NAME_LENGTH = 100;

interface FieldErrors {
  name?: string;
  limit?: string;
  lifetime?: string;
  unused?: string;
}

/** The request fields the server names in a refusal (error_data.field), and the form field each one is. */
const FORM_FIELDS: Record<string, keyof FieldErrors> = { name: 'name', max_members: 'limit', max_key_lifetime_days: 'lifetime', revoke_unused_key_pairs_after_days: 'unused' };

/** A number of days from `min` to the longest the server takes, or empty (null), which means `whenEmpty`. */
function daysProblem(days: number | null, min: number, whenEmpty: string): string | undefined {
  if (days === null || (Number.isInteger(days) && days >= min && days <= MAX_KEY_LIFETIME_DAYS)) return undefined;
  return `Enter a whole number of days from ${min} to ${MAX_KEY_LIFETIME_DAYS}, or leave it empty ${whenEmpty}.`;
}

/** A refusal of one field is shown at that field (the server's message); anything else above the buttons. */
function refusedField(error: Error | null): keyof FieldErrors | undefined {
  if (!isApiError(error, 400)) return undefined;
  const field = error.errorData.field;
  return typeof field === 'string' ? FORM_FIELDS[field] : undefined;
}

/** Owners and admins: the workspace's name, its member limit, who may invite, and (owners) whether two-factor is required. */
export function WorkspaceSettingsDialog({ opened, onClose, company }: { opened: boolean; onClose: () => void; company: UserCompany }) {
  return (
    <AppDialog opened={opened} onClose={onClose} title="Workspace settings" size="md">
      {opened && <SettingsForm company={company} onDone={onClose} />}
    </AppDialog>
  );
}

function SettingsForm({ company, onDone }: { company: UserCompany; onDone: () => void }) {
  const queryClient = useQueryClient();
  // The workspace's own limit when the server reports it, else the limit in force.
  const initialLimit = company.max_members !== undefined ? company.max_members : company.allowed;
  const [name, setName] = useState(company.name);
  const [limit, setLimit] = useState<number | string>(initialLimit ?? '');
  const [whoCanInvite, setWhoCanInvite] = useState<WhoCanInvite | undefined>(company.who_can_invite);
  const [requireTwoFactor, setRequireTwoFactor] = useState(company.requires_two_factor);
  const [lifetime, setLifetime] = useState<number | string>(company.max_key_lifetime_days ?? '');
  const [unusedDays, setUnusedDays] = useState<number | string>(company.revoke_unused_key_pairs_after_days ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (changes: WorkspaceChanges) => updateWorkspace(company.id, changes),
    onSuccess: async (_result, changes) => {
      await invalidateWorkspace(queryClient, company.id);
      // the credentials dialog offers expiries within the maximum it read with the list
      if (changes.max_key_lifetime_days !== undefined || changes.revoke_unused_key_pairs_after_days !== undefined) await queryClient.invalidateQueries({ queryKey: CREDENTIALS_QUERY_KEY });
      onDone();
    },
    // a refusal may come from a change made meanwhile (someone joined): the figures the form shows catch up
    onError: () => void invalidateWorkspace(queryClient, company.id),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim().replace(/\s+/g, ' ');
    const newLimit = limit === '' ? null : Number(limit);
    const newLifetime = lifetime === '' ? null : Number(lifetime);
    const newUnusedDays = unusedDays === '' ? null : Number(unusedDays);
    const found: FieldErrors = {
      name: !trimmed ? 'Enter a name.' : trimmed.length > MAX_NAME_LENGTH ? `Use at most ${MAX_NAME_LENGTH} characters.` : undefined,
      limit:
        newLimit === null
          ? undefined
          : !Number.isInteger(newLimit)
            ? 'Enter a whole number of members, or leave it empty for no limit.'
            : newLimit < 1
              ? 'The limit must be at least 1: a limit of 0 would admit nobody. Leave it empty for no limit.'
              : newLimit < company.allocated
              ? `${company.name} has ${company.allocated} members: the limit cannot be lower. Remove members first.`
              : undefined,
      lifetime: daysProblem(newLifetime, 1, 'for no maximum'),
      unused: daysProblem(newUnusedDays, MIN_UNUSED_KEY_DAYS, 'to keep unused key pairs'),
    };
    setErrors(found);
    save.reset();
    if (found.name || found.limit || found.lifetime || found.unused) return;
    const changes: WorkspaceChanges = {
      ...(trimmed !== company.name ? { name: trimmed } : {}),
      ...(newLimit !== initialLimit ? { max_members: newLimit } : {}),
      ...(whoCanInvite && whoCanInvite !== company.who_can_invite ? { who_can_invite: whoCanInvite } : {}),
      ...(requireTwoFactor !== company.requires_two_factor ? { require_two_factor: requireTwoFactor } : {}),
      ...(newLifetime !== company.max_key_lifetime_days ? { max_key_lifetime_days: newLifetime } : {}),
      ...(newUnusedDays !== company.revoke_unused_key_pairs_after_days ? { revoke_unused_key_pairs_after_days: newUnusedDays } : {}),
    };
    if (Object.keys(changes).length === 0) return onDone();
    save.mutate(changes);
  }

  const serverRefused = refusedField(save.error);
  const fieldError = (field: keyof FieldErrors) => errors[field] ?? (serverRefused === field ? save.error?.message : undefined);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          value={name}
          data-autofocus
          required
          error={fieldError('name')}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <NumberInput
          label="Member limit"
          description={`Leave it empty for no limit. Now ${company.allocated} ${company.allocated === 1 ? 'member' : 'members'}; the limit cannot be lower.`}
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          value={limit}
          error={fieldError('limit')}
          onChange={setLimit}
        />
        <NumberInput
          label="Maximum key lifetime (days)"
          description="New key pairs expire within this many days; leave it empty for no maximum. Key pairs made before keep their expiry."
          min={1}
          max={MAX_KEY_LIFETIME_DAYS}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          value={lifetime}
          error={fieldError('lifetime')}
          onChange={setLifetime}
        />
        <NumberInput
          label="Revoke key pairs unused for (days)"
          description={`A key pair no client has used for this many days is revoked; its owner is told ${UNUSED_KEY_NOTICE_DAYS} days before. Leave it empty to keep unused key pairs.`}
          min={MIN_UNUSED_KEY_DAYS}
          max={MAX_KEY_LIFETIME_DAYS}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          value={unusedDays}
          error={fieldError('unused')}
          onChange={setUnusedDays}
        />
        <Radio.Group
          label="Who can invite"
          description={
            company.who_can_invite
              ? 'Who may create invitation links to this workspace.'
              : 'Who may create invitation links to this workspace. New workspaces let only owners and admins invite.'
          }
          value={whoCanInvite ?? null}
          onChange={(value) => setWhoCanInvite(value as WhoCanInvite)}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="admins" label="Owners and admins" />
            <Radio value="members" label="Every member" />
          </Stack>
        </Radio.Group>
        <Switch
          size="sm"
          label="Require two-factor sign-in"
          description={
            company.can.require_two_factor
              ? requireTwoFactor && !company.requires_two_factor
                ? 'Members without it keep only their account, and their key pairs are refused, until they turn it on. The members table shows who has it.'
                : 'Every member must sign in with a code from an authenticator app to use this workspace.'
              : company.why_not.require_two_factor
          }
          checked={requireTwoFactor}
          disabled={!company.can.require_two_factor}
          onChange={(event) => setRequireTwoFactor(event.currentTarget.checked)}
        />
        {save.error && !serverRefused && (
          <Alert color="red" variant="light" title="The settings were not saved">
            {save.error.message}
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          Changing the name does not change the workspace’s ID, so credentials keep working.
        </Text>
        <DialogActions onCancel={onDone} confirmLabel="Save settings" loading={save.isPending} />
      </Stack>
    </form>
  );
}
