// The one verb: every endpoint's handler decides through authorize(); answers carry abilities() for the web app.
import { actorOf, reasonOf, refusalOf, type Actor, type Asker, type Rule, type Verdict } from './core.ts';
import { agentPolicy } from './agents.ts';
import { cloudAccessPolicy } from './cloud-access.ts';
import { credentialsPolicy } from './credentials.ts';
import { invitePolicy } from './invite.ts';
import { memberPolicy } from './member.ts';
import { publicPolicy } from './public.ts';
import { passwordResetPolicy } from './password-reset.ts';
import { serverInfoPolicy } from './server-info.ts';
import { serverSettingsPolicy } from './server-settings.ts';
import { securityLogPolicy } from './security-log.ts';
import { sessionPolicy } from './session.ts';
import { signUpPolicy } from './sign-up.ts';
import { ssoPolicy } from './sso.ts';
import { twoFactorPolicy } from './two-factor.ts';
import { userAccountPolicy } from './user-account.ts';
import { workspacePolicy } from './workspace.ts';

export { actorOf, type Actor, type Asker, type DecisionRecord } from './core.ts';

const POLICIES = [
  workspacePolicy,
  memberPolicy,
  invitePolicy,
  credentialsPolicy,
  cloudAccessPolicy,
  serverSettingsPolicy,
  sessionPolicy,
  securityLogPolicy,
  twoFactorPolicy,
  userAccountPolicy,
  publicPolicy,
  passwordResetPolicy,
  serverInfoPolicy,
  signUpPolicy,
  ssoPolicy,
  agentPolicy,
] as const;

type Policies = (typeof POLICIES)[number];
type RulesOf<N extends Policies['noun']> = Extract<Policies, { noun: N }>['rules'];

/** Every action there is a rule for, as 'noun.action'. */
export type Action = { [P in Policies as P['noun']]: `${P['noun']}.${Extract<keyof P['rules'], string>}` }[Policies['noun']];

/** What the rule of an action is asked about. */
export type SubjectOf<A extends Action> = A extends `${infer N extends Policies['noun']}.${infer Act}`
  ? RulesOf<N>[Act & keyof RulesOf<N>] extends Rule<infer S>
    ? S
    : never
  : never;

/** The actions whose rule is asked about nothing (who calls is enough): an endpoint may declare one (http/endpoint.ts). */
export type SubjectlessAction = { [A in Action]: undefined extends SubjectOf<A> ? A : never }[Action];

const RULES = new Map<string, Rule<unknown>>();
for (const { noun, rules } of POLICIES) {
  for (const [action, rule] of Object.entries(rules)) RULES.set(`${noun}.${action}`, rule as Rule<unknown>);
}

/** Every action, for listing (the unit tests check each has a rule that answers). */
export function allActions(): string[] {
  return [...RULES.keys()];
}

export function verdictOf<A extends Action>(actor: Actor | undefined, action: A, subject: SubjectOf<A>): Verdict {
  const rule = RULES.get(action);
  if (!rule) throw new Error(`No rule for ${action}`);
  return rule(actor, subject);
}

/** Whether the actor may; for answers that show what can be done. */
export function can<A extends Action>(actor: Actor | undefined, action: A, subject: SubjectOf<A>): boolean {
  return verdictOf(actor, action, subject) === true;
}

/** Why the actor may not, or undefined when they may. */
export function whyNot<A extends Action>(actor: Actor | undefined, action: A, subject: SubjectOf<A>): string | undefined {
  return reasonOf(verdictOf(actor, action, subject));
}

/**
 * The decision of a handler: returns when allowed, throws the one refusal otherwise (403/20, error_data.action and
 * .reason; a key pair past its workspace: ClearML's 400/92). Either way the call context records that a decision
 * was made.
 */
export function authorize<A extends Action>(asker: Asker, action: A, subject: SubjectOf<A>): void {
  asker.decision?.actions.push(action);
  const verdict = verdictOf(actorOf(asker.identity), action, subject);
  if (verdict !== true) throw refusalOf(action, verdict);
}

type Ask = { [A in Action]: readonly [A, SubjectOf<A>] }[Action];

/**
 * The can / why_not pair an answer carries: for each ability named, whether the actor may, and the refusal
 * sentence when not.
 */
export function abilities<K extends string>(actor: Actor | undefined, asks: Record<K, Ask>): { can: Record<K, boolean>; why_not: Partial<Record<K, string>> } {
  const allowed = {} as Record<K, boolean>;
  const whyNotMap: Partial<Record<K, string>> = {};
  for (const key of Object.keys(asks) as K[]) {
    const [action, subject] = asks[key];
    const reason = reasonOf(verdictOf(actor, action, subject as never));
    allowed[key] = reason === undefined;
    if (reason !== undefined) whyNotMap[key] = reason;
  }
  return { can: allowed, why_not: whyNotMap };
}
