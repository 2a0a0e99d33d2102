import type { ListedSession, SessionClient } from '@foyer/contract';

/** "Chrome 131 on Linux", "ClearML SDK 1.17.0", "ClearML agent 1.9.2": what the person recognises a session by. */
export function clientName(client: SessionClient): string {
  const versioned = client.version ? `${client.name} ${client.version}` : client.name;
  return client.os ? `${versioned} on ${client.os}` : versioned;
}

/** The second line under the client: the machine, and the key pair that opened it. */
export function clientDetail(session: ListedSession): string | undefined {
  const parts: string[] = [];
  if (session.client.host) parts.push(`on ${session.client.host}`);
  if (session.key) {
    const key = session.key.label ? `"${session.key.label}" (${session.key.access_key})` : session.key.access_key;
    parts.push(`key ${key}${session.key.old_secret ? ', its old secret' : ''}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}
