// A second Foyer server for the tests of multi mode (FOYER_MODE=multi: sign-up, a personal workspace per person,
// switching, creating workspaces), on its own ports and with its own data folder inside the run's data folder.
// playwright.config.ts starts it beside the single-mode server; tests that need it use `baseURL: MULTI_BASE_URL`.
import { join } from 'node:path';
import { API_PORT, DATA_DIR, HOST, SERVER_ENV, WEB_PORT } from './environment';

export const MULTI_WEB_PORT = Number(process.env.FOYER_E2E_MULTI_WEB_PORT || WEB_PORT + 20);
export const MULTI_API_PORT = Number(process.env.FOYER_E2E_MULTI_API_PORT || API_PORT + 20);
export const MULTI_BASE_URL = `http://${HOST}:${MULTI_WEB_PORT}`;
export const MULTI_DATA_DIR = join(DATA_DIR, 'multi');

export const MULTI_SERVER_ENV: Record<string, string> = {
  ...SERVER_ENV,
  FOYER_DATA_DIR: MULTI_DATA_DIR,
  FOYER_WEB_PORT: String(MULTI_WEB_PORT),
  FOYER_API_PORT: String(MULTI_API_PORT),
  FOYER_MODE: 'multi',
  FOYER_SIGNUP: 'open',
};
