import type { Request } from 'express';
import type { AuditActor } from '../../audit/audit-log';
import type { AuditSource } from '../../audit/audit-event.entity';
import type { Session } from '../sessions/session';

/** Who is calling an authorised route: a machine with the shared secret, or a signed-in person. */
export type Caller =
  | { kind: 'machine'; actor: AuditActor; auditSource: AuditSource }
  | { kind: 'session'; session: Session; actor: AuditActor; auditSource: AuditSource };

/** The actor recorded for everything done with API_SHARED_SECRET. */
export const MACHINE_CALLER: Caller = {
  kind: 'machine',
  actor: { id: 'api', name: 'API shared secret' },
  auditSource: 'api',
};

export const sessionCaller = (session: Session): Caller => ({
  kind: 'session',
  session,
  actor: { id: session.subject, name: session.name },
  auditSource: 'admin_dashboard',
});

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by AccessGuard on every route that is not public. */
    caller?: Caller;
  }
}

/** The session AccessGuard found, on `signed_in` and `admin` routes. */
export function sessionOf(req: Request): Session {
  if (req.caller?.kind !== 'session') throw new Error('No session on a route that requires one');
  return req.caller.session;
}
