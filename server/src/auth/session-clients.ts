// Pure rule: what a session's opening request says about its client, in words a person recognises in a list
// ("Chrome on Linux", "ClearML SDK 1.17.0 on gpu-03"). Browsers are told apart by their User-Agent (bowser);
// ClearML's clients by the header they send with every request: the SDK "clearml-<version>", the agent "api-<version>".
import Bowser from 'bowser';
import type { SessionClient } from '@foyer/contract';

export function describeClient(stored: { client: string | null; worker: string | null; user_agent: string | null }): SessionClient {
  const host = stored.worker ? { host: stored.worker } : {};
  const sdk = stored.client?.match(/^clearml-(.+)$/);
  if (sdk) return { kind: 'sdk', name: 'ClearML SDK', version: sdk[1]!, ...host };
  const agent = stored.client?.match(/^api-(.+)$/);
  if (agent) return { kind: 'agent', name: 'ClearML agent', version: agent[1]!, ...host };
  if (stored.client) return { kind: 'other', name: stored.client, ...host };
  if (!stored.user_agent) return { kind: 'unknown', name: 'Unknown client', ...host };
  const { browser, os } = Bowser.parse(stored.user_agent);
  if (browser.name) {
    const major = browser.version?.split('.')[0];
    return { kind: 'browser', name: browser.name, ...(major ? { version: major } : {}), ...(os.name ? { os: os.name } : {}) };
  }
  // a program's first product token: "python-requests/2.31.0", "curl/8.5.0"
  const product = stored.user_agent.match(/^([A-Za-z][\w.-]*)\/([\w.+-]+)/);
  if (product) return { kind: 'other', name: product[1]!, version: product[2]!, ...host };
  return { kind: 'other', name: stored.user_agent.slice(0, 60), ...host };
}
