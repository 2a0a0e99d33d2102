import type { UserCompany } from '@foyer/contract';
import { callApi } from './client';

export async function getUserCompanies(): Promise<UserCompany[]> {
  const data = await callApi('organization.get_user_companies');
  return data.companies;
}
