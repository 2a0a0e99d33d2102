import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Foyer's own version (dotted digits, as the SDK compares it numerically). */
export const SERVER_VERSION = pkg.version;
export const SERVER_BUILD = process.env.FOYER_BUILD ?? '';
/** The ClearML API version Foyer speaks; the SDK picks its request versions from it. */
export const API_VERSION = '2.31';
