// Who may do what: each noun's file declares its rules with allow(); handlers decide with authorize(), and answers
// that list things the caller may act on carry abilities() (the same rules, as booleans and refusal sentences).
// Rules are pure: they read the actor and the subject they are given, never HTTP or the database.
import type { Identity } from '../auth/identity.ts';
import type { ServerRole } from '../db/schema.ts';
import { errors, type ApiError } from '../http/errors.ts';

/** Who asks: a person, and when they act with a key pair (or a token one opened), the one workspace it works in. */
export interface Actor {
  userId: string;
  serverRole: ServerRole;
  keyPairOf?: { workspaceId: string; workspaceName: string } | undefined;
}

/**
 * A refusal ClearML's clients know as "not in this workspace" (400/92, error_data.tenant), which they answer by
 * asking for another workspace: what a key pair is told when it reaches past its own.
 */
export interface TenantRefusal {
  reason: string;
  tenant: string;
}

/** A rule's answer: true allows; a sentence refuses, saying why (shown as it is to the person). */
export type Verdict = true | string | TenantRefusal;

/** undefined: an anonymous caller (a public endpoint). */
export type Rule<S> = (actor: Actor | undefined, subject: S) => Verdict;

/** A noun's rules, by action: what allow() builds up. */
export class Policy<Noun extends string, Rules extends Record<string, Rule<never>>> {
  constructor(
    readonly noun: Noun,
    readonly rules: Rules,
  ) {}

  /** One rule for several actions of this noun. */
  allow<A extends string, S>(actions: readonly A[], rule: Rule<S>): Policy<Noun, Rules & Record<A, Rule<S>>> {
    const added: Record<string, Rule<never>> = { ...this.rules };
    for (const action of actions) {
      if (action in added) throw new Error(`${this.noun}.${action} has two rules`);
      added[action] = rule as Rule<never>;
    }
    return new Policy(this.noun, added as Rules & Record<A, Rule<S>>);
  }
}

export function policy<Noun extends string>(noun: Noun): Policy<Noun, Record<never, never>> {
  return new Policy(noun, {});
}

/** A call context: who calls, and where authorize() records that the handler decided. */
export interface Asker {
  identity: Identity | undefined;
  decision?: DecisionRecord;
}

/** The actor a signed-in identity is; undefined for an anonymous caller. */
export function actorOf(identity: Identity | undefined): Actor | undefined {
  if (!identity) return undefined;
  return {
    userId: identity.userId,
    serverRole: identity.serverRole,
    ...(identity.credentialId ? { keyPairOf: { workspaceId: identity.workspaceId, workspaceName: identity.workspaceName } } : {}),
  };
}

/** Set by authorize(): the dispatcher refuses to answer a call whose handler never decided (http/api-routes.ts). */
export interface DecisionRecord {
  actions: string[];
}

export function refusalOf(action: string, verdict: Exclude<Verdict, true>): ApiError {
  if (typeof verdict === 'string') return errors.refused(action, verdict);
  return errors.refusedInWorkspace(action, verdict.reason, verdict.tenant);
}

/** The refusal sentence of a verdict, or undefined when it allows. */
export function reasonOf(verdict: Verdict): string | undefined {
  if (verdict === true) return undefined;
  return typeof verdict === 'string' ? verdict : verdict.reason;
}

/** For actions any signed-in caller may take (their own things, or their signed-in workspace's). */
export const signedIn = (actor: Actor | undefined): Verdict => actor !== undefined || 'Sign in first';

/**
 * For what a program holding a key pair (or a token one opened) must never reach, so that it cannot lock its owner
 * out or learn where they sign in: a person signed in with the password; `refusal` says what the key pair asked for.
 */
export const passwordSessionOnly =
  (refusal: string) =>
  (actor: Actor | undefined): Verdict => {
    if (!actor) return 'Sign in first';
    if (actor.keyPairOf) return `${refusal} from a session opened with the password, never with a key pair (or a token a key pair opened): sign in with your email and password.`;
    return true;
  };

/** For public actions: anyone, signed in or not. */
export const anyone = (): Verdict => true;
