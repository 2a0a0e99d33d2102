// A person's sessions: where they are signed in (browsers, the SDK, agents), and ending one, or all but this one.
import { MAX_LISTED_SESSIONS } from '@foyer/contract';
import { defineEndpoint } from '../http/endpoint.ts';
import { errors } from '../http/errors.ts';
import { isoTime } from '../shared/time.ts';
import { describeClient } from './session-clients.ts';
import { recordEvent } from '../audit/record.ts';
import { listActiveSessions, revokeOtherPasswordSessions, revokeSessionById, storedSessionId } from './sessions.ts';

/** Opened with the secret a rotation of its key pair replaced (the list holds only those whose overlap lasts). */
function oldSecret(row: { secret_generation: number; key_generation: number | null; previous_secret_ends_at: number | null }): boolean {
  return row.key_generation !== null && Number(row.secret_generation) < Number(row.key_generation) && row.previous_secret_ends_at !== null;
}

export const sessionEndpoints = [
  defineEndpoint({
    name: 'users.get_sessions',
    auth: 'required',
    changesState: false,
    beforeTwoFactor: true,
    authorize: 'session.list',
    async handle({ services, identity }) {
      await services.lastUsed.flush();
      const current = identity.sessionId ? storedSessionId(identity.sessionId) : undefined;
      const { rows, total } = await listActiveSessions(services.db, identity.userId, services.now(), MAX_LISTED_SESSIONS);
      const sessions = rows.map((row) => ({
        id: row.id,
        current: row.id === current,
        client: describeClient(row),
        ip: row.ip,
        created: isoTime(row.created_at),
        last_seen: isoTime(row.last_seen_at ?? row.created_at),
        // a session of the old secret ends with its overlap
        expires: isoTime(oldSecret(row) ? Math.min(row.expires_at, Number(row.previous_secret_ends_at)) : row.expires_at),
        workspace: { id: row.workspace_id, name: row.workspace_name },
        ...(row.access_key
          ? { key: { access_key: row.access_key, label: row.label, ...(oldSecret(row) ? { old_secret: true as const } : {}) } }
          : {}),
      }));
      // this session first, wherever its last use puts it
      sessions.sort((a, b) => Number(b.current) - Number(a.current));
      return { sessions, total };
    },
  }),

  defineEndpoint({
    name: 'users.revoke_session',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    authorize: 'session.revoke',
    async handle(ctx, params) {
      const { services, identity } = ctx;
      const revoked = await revokeSessionById(services.db, identity.userId, params.session, services.now());
      if (revoked === 0) throw errors.invalidField('session', 'you have no active session with this id (it may have ended already)');
      const isCurrent = identity.sessionId !== undefined && storedSessionId(identity.sessionId) === params.session;
      await recordEvent(services.db, ctx, { kind: 'session.ended', actor: identity.userId, subject: identity.userId, target: params.session, details: { this_session: isCurrent } });
      if (isCurrent) ctx.cookie.clear();
      return { revoked, current: isCurrent };
    },
  }),

  defineEndpoint({
    name: 'users.revoke_other_sessions',
    auth: 'required',
    changesState: true,
    beforeTwoFactor: true,
    authorize: 'session.revoke_others',
    async handle(ctx) {
      const { services, identity } = ctx;
      const revoked = await revokeOtherPasswordSessions(services.db, identity.userId, services.now(), identity.sessionId);
      if (revoked > 0) await recordEvent(services.db, ctx, { kind: 'session.ended_others', actor: identity.userId, subject: identity.userId, details: { sessions: revoked } });
      return { revoked };
    },
  }),
];
