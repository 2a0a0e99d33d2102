// What the page says for each reason a sign-in with a provider did not go through (SSO_REFUSALS): what happened, and
// what to do. Pure, so each reason has words.
import type { SsoRefusal } from '@foyer/contract';

export interface SsoProblemWords {
  title: string;
  /** what to do next */
  advice: string;
  /** the server's own sentence says more (the workspace's name, the provider's words) */
  showServerMessage: boolean;
}

export const SSO_PROBLEMS: Record<SsoRefusal, SsoProblemWords> = {
  unknown_provider: { title: 'This sign-in provider is not set up here', advice: 'Go back to the sign-in page and choose one of the providers it lists.', showServerMessage: false },
  flow_unknown: {
    title: 'This sign-in could not be checked',
    advice: 'The answer from the provider does not belong to a sign-in this browser began, or it was used already. Start again from the sign-in page.',
    showServerMessage: false,
  },
  flow_expired: { title: 'This sign-in took too long', advice: 'For your safety a sign-in must be finished within 10 minutes. Start again from the sign-in page.', showServerMessage: false },
  other_browser: {
    title: 'This sign-in was begun in another browser',
    advice: 'Open the sign-in page in this browser and choose the provider again (a link copied from another browser cannot finish a sign-in).',
    showServerMessage: false,
  },
  provider_refused: { title: 'The provider did not sign you in', advice: 'Try again. If it happens again, ask whoever runs your sign-in provider.', showServerMessage: true },
  token_invalid: {
    title: 'The provider’s answer did not pass the checks',
    advice: 'Nothing was changed. Try again; if it happens again, tell an administrator of this server: the provider’s settings may be wrong.',
    showServerMessage: false,
  },
  provider_unavailable: { title: 'The sign-in provider cannot be reached', advice: 'Try again in a few minutes. If it lasts, tell an administrator of this server.', showServerMessage: false },
  email_missing: { title: 'The provider did not give your email address', advice: 'Ask an administrator to let Foyer read your address (the “email” scope).', showServerMessage: false },
  email_unverified: { title: 'Your email address is not verified', advice: 'Verify your address with your sign-in provider, then sign in again.', showServerMessage: true },
  workspace_full: { title: 'The workspace is full', advice: 'Ask one of its owners to free a seat or raise its limit, then sign in again.', showServerMessage: true },
  no_access: { title: 'No workspace for your account', advice: 'Ask an administrator to give your team a rule, or send you an invitation link.', showServerMessage: true },
  step_unknown: { title: 'This sign-in step is over', advice: 'It was finished already, or begun in another browser. Start again from the sign-in page.', showServerMessage: false },
};

export function ssoProblemOf(reason: unknown): SsoProblemWords {
  return typeof reason === 'string' && reason in SSO_PROBLEMS ? SSO_PROBLEMS[reason as SsoRefusal] : SSO_PROBLEMS.provider_unavailable;
}
