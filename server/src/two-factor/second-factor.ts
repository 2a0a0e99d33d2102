// The second step of a password sign-in for an account with two-factor on, and the code that confirms turning it
// off or renewing the recovery codes. Wrong codes count against the sign-in throttle as wrong passwords do: the
// caller's attempt stays counted until the sign-in goes through.
import type { RequestInfo } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { originOf, recordEvents } from '../audit/record.ts';
import { parseCode } from './codes.ts';
import { claimTimeStep, findTwoFactor, openSecret, useRecoveryCode, type TwoFactorRow } from './store.ts';
import { verifyTotp } from './totp.ts';

/** Which kind of code was accepted (and used up), or undefined for a wrong or used one. */
export async function acceptCode(services: Services, row: TwoFactorRow, typed: string): Promise<'app' | 'recovery' | undefined> {
  const code = parseCode(typed);
  if (!code) return undefined;
  if (code.kind === 'recovery') return (await useRecoveryCode(services.db, row.user_id, code.code, services.now())) ? 'recovery' : undefined;
  const step = await verifyTotp(openSecret(services.config.secretKey, row), code.token, services.now(), row.last_time_step);
  if (step === undefined) return undefined;
  return (await claimTimeStep(services.db, row.user_id, step)) ? 'app' : undefined;
}

/**
 * After the right password: nothing for an account without two-factor; else the code, or a 401 that asks for it.
 * Answers whether the account has two-factor on.
 */
export async function requireSecondFactor(services: Services, userId: string, typed: string | undefined, request: RequestInfo): Promise<boolean> {
  const row = await findTwoFactor(services.db, userId);
  if (!row || row.enabled_at === null) return false;
  if (typed === undefined || typed.trim() === '') throw errors.secondFactorRequired();
  const accepted = await acceptCode(services, row, typed);
  const origin = originOf(request);
  if (!accepted) {
    await recordEvents(services.db, services.now(), origin, [{ kind: 'sign_in.second_factor_failed', actor: null, subject: userId }]);
    throw errors.secondFactorInvalid();
  }
  if (accepted === 'recovery') await recordEvents(services.db, services.now(), origin, [{ kind: 'sign_in.recovery_code_used', actor: userId, subject: userId }]);
  return true;
}
