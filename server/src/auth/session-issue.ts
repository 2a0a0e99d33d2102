import type { CallContext } from '../http/endpoint.ts';
import { clearmlRole, type Principal } from './identity.ts';
import { createSession } from './sessions.ts';

/** Opens a server-side session for the identity and returns its token (also set as the cookie). */
export async function issueSession(
  ctx: CallContext,
  identity: Principal & { credentialId?: string | undefined; secret?: { generation: number } | undefined },
  expirationSec: number,
): Promise<string> {
  const { services } = ctx;
  const now = services.now();
  const issuedAtSec = Math.floor(now / 1000);
  const expiresAtSec = issuedAtSec + expirationSec;
  const sessionId = await createSession(services.sessions, {
    userId: identity.userId,
    workspaceId: identity.workspaceId,
    ...(identity.credentialId ? { credentialId: identity.credentialId, secretGeneration: identity.secret?.generation ?? 1 } : {}),
    now,
    expiresAt: expiresAtSec * 1000,
    origin: { ip: ctx.request.ip, client: ctx.request.client, worker: ctx.request.worker, userAgent: ctx.request.headers['user-agent'] },
  });
  const token = services.tokens.issue({
    identity: {
      user: identity.userId,
      company: identity.workspaceId,
      role: clearmlRole(identity),
      user_name: identity.userName,
      company_name: identity.workspaceName,
    },
    sessionId,
    issuedAtSec,
    expiresAtSec,
  });
  ctx.cookie.set(token, expirationSec);
  return token;
}

