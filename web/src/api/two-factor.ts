import type { TwoFactorEnrolment, TwoFactorStatus } from '@foyer/contract';
import { callApi } from './client';

export function getTwoFactor(): Promise<TwoFactorStatus> {
  return callApi('users.get_two_factor');
}

export function beginTwoFactor(password: string): Promise<TwoFactorEnrolment> {
  return callApi('users.begin_two_factor', { password });
}

export async function enableTwoFactor(code: string): Promise<string[]> {
  return (await callApi('users.enable_two_factor', { code })).recovery_codes;
}

export function disableTwoFactor(password: string, code: string): Promise<{ disabled: number }> {
  return callApi('users.disable_two_factor', { password, code });
}

export async function renewRecoveryCodes(password: string, code: string): Promise<string[]> {
  return (await callApi('users.renew_recovery_codes', { password, code })).recovery_codes;
}
