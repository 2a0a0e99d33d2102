import { callApi } from './client';

export interface UserCompany {
  id: string;
  name: string;
  /** members now */
  allocated: number;
  /** the member limit, or null for none */
  allowed: number | null;
  role: string;
}

export async function getUserCompanies(): Promise<UserCompany[]> {
  const data = await callApi<{ companies: UserCompany[] }>('organization.get_user_companies');
  return data.companies;
}
