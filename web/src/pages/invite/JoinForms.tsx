import { Alert, Button, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { needsSecondFactor, signInAndJoin, signUp } from '../../api/auth';
import { isApiError } from '../../api/client';
import { addressProblem, inviteRefusal, listOfDomains } from '../../api/invites';
import { EmailField } from '../../ui/fields/EmailField';
import { ENTER_YOUR_EMAIL, ENTER_YOUR_PASSWORD } from '../../ui/fields/messages';
import { PasswordField } from '../../ui/fields/PasswordField';
import { NewAccountForm } from '../sign-up/NewAccountForm';
import { SecondFactorForm } from '../sign-in/SecondFactorForm';
import { joinedLine, joinProblemOf, welcome, type JoinProblem } from './join';
import type { InviteInfo } from '@foyer/contract';

interface JoinFormProps {
  token: string;
  info: InviteInfo;
  /** a refusal of the invitation itself, shown above the forms */
  onProblem: (problem: JoinProblem | undefined) => void;
  /** switches to the other tab ("I have an account") */
  onUseOtherTab: () => void;
  /** the account was made, and joins once its address is verified; no session yet (single mode) */
  onWaiting: (waiting: { sentTo: string | null; workspace: string }) => void;
}

function domainHint(info: InviteInfo): string | undefined {
  return info.email_domains?.length ? `Use your address at ${listOfDomains(info.email_domains)}.` : undefined;
}

/** A new account and the membership, made together by the server: a refused invitation creates no account. */
export function SignUpAndJoinForm({ token, info, onProblem, onUseOtherTab, onWaiting }: JoinFormProps) {
  const queryClient = useQueryClient();
  const waitsForLink = info.verified_address_required && info.mail_available;
  return (
    <NewAccountForm
      create={(account) => signUp({ ...account, invite_token: token })}
      {...(info.email ? { lockedEmail: info.email } : {})}
      {...(domainHint(info) ? { emailHint: domainHint(info) } : {})}
      submitLabel="Create account and join"
      footnote={
        waitsForLink
          ? `We send a link to your address; you join ${info.company_name} when you follow it.`
          : `You join ${info.company_name} as soon as the account is created.`
      }
      accountExists={(email) => (
        <>
          An account with the email {email} already exists.{' '}
          <Button variant="subtle" size="compact-sm" onClick={onUseOtherTab}>
            Sign in with it to join
          </Button>
        </>
      )}
      onCreated={(result, name) => {
        if (result.waiting_to_join === null && result.workspace) {
          welcome(queryClient, `Welcome, ${name}. You joined ${result.workspace.name}.`, 'Create credentials below to use the ClearML SDK and agents in this workspace.');
        } else if (result.workspace) {
          welcome(queryClient, `Welcome, ${name}. Check your inbox to join ${result.waiting_to_join}.`, waitingLine(result.verification_sent, result.waiting_to_join ?? info.company_name, result.workspace.name));
        } else {
          onWaiting({ sentTo: result.verification_sent, workspace: result.waiting_to_join ?? info.company_name });
        }
      }}
      onRefused={(error) => {
        if (!inviteRefusal(error)) return false;
        onProblem(joinProblemOf(error));
        return true;
      }}
    />
  );
}

/** What a new account waiting to join is told: where the link went, and where the account is meanwhile. */
export function waitingLine(sentTo: string | null, workspace: string, meanwhile?: string): string {
  const link = sentTo
    ? `We sent a link to ${sentTo}: follow it to verify your address and join ${workspace}.`
    : `The mail to verify your address could not be sent. Open this invitation again and sign in to get a new link, or use "Send the link again" on your Profile page.`;
  return meanwhile ? `${link} Until then you are in ${meanwhile}.` : link;
}

/**
 * An existing account: email and password, and the server signs in and joins in one step. That is also the way back
 * for an account that belongs to no workspace any more, which cannot sign in by itself.
 */
export function SignInAndJoinForm({ token, info, onProblem }: Omit<JoinFormProps, 'onUseOtherTab' | 'onWaiting'>) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(info.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [askingForCode, setAskingForCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const found = {
      email: !email.trim() ? ENTER_YOUR_EMAIL : addressProblem(info, email),
      password: password ? undefined : ENTER_YOUR_PASSWORD,
    };
    setErrors(found);
    if (found.email || found.password) return;
    setSubmitting(true);
    setFailure(undefined);
    onProblem(undefined);
    try {
      const joined = await signInAndJoin(email.trim(), password, token);
      welcome(queryClient, joinedLine(joined));
    } catch (error) {
      setSubmitting(false);
      if (needsSecondFactor(error)) {
        setAskingForCode(true); // the password stays, for the second step
        return;
      }
      setPassword('');
      if (inviteRefusal(error)) onProblem(joinProblemOf(error));
      else if (isApiError(error, 401)) setFailure('Wrong email or password.');
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  if (askingForCode) {
    return (
      <SecondFactorForm
        email={email.trim()}
        submitLabel={`Sign in and join ${info.company_name}`}
        submit={async (code) => {
          try {
            welcome(queryClient, joinedLine(await signInAndJoin(email.trim(), password, token, code)));
          } catch (error) {
            if (!inviteRefusal(error)) throw error;
            setAskingForCode(false);
            setPassword('');
            onProblem(joinProblemOf(error));
          }
        }}
        onBack={() => {
          setAskingForCode(false);
          setPassword('');
        }}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <EmailField locked={info.email !== null} hint={domainHint(info)} value={email} error={errors.email} onChange={setEmail} />
        <PasswordField purpose="current" name="password" value={password} error={errors.password} onChange={setPassword} />
        {failure && <Alert color="red" variant="light" title={failure} role="alert" />}
        <Button type="submit" fullWidth loading={submitting}>
          Sign in and join {info.company_name}
        </Button>
      </Stack>
    </form>
  );
}
