import { callApi } from './client';

export interface LoginModes {
  basic: { enabled: boolean };
  authenticated: boolean;
  mode: 'single' | 'multi';
  setup_required: boolean;
  signup: 'closed' | 'open' | 'invite-only';
}

export function getLoginModes(): Promise<LoginModes> {
  return callApi<LoginModes>('login.supported_modes');
}
