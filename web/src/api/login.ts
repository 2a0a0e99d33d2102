import type { LoginModes } from '@foyer/contract';
import { callApi } from './client';

export function getLoginModes(): Promise<LoginModes> {
  return callApi('login.supported_modes');
}
