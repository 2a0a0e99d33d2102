// Pure rule: is this cookie-carried call coming from another site? Browsers say so in Sec-Fetch-Site;
// older ones only send Origin, which must then be one of Foyer's own public origins or the host itself.
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config.ts';

export function isCrossSiteCookieCall(headers: IncomingHttpHeaders, config: Pick<Config, 'publicWebUrl' | 'publicApiUrl'>): boolean {
  const fetchSite = headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite === 'cross-site';
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  let originHost: string;
  try {
    originHost = new URL(origin).hostname;
  } catch {
    return true;
  }
  const ownHosts = new Set([new URL(config.publicWebUrl).hostname, new URL(config.publicApiUrl).hostname]);
  const host = headers.host;
  if (typeof host === 'string') ownHosts.add(host.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
  return !ownHosts.has(originHost);
}
