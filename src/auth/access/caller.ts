import type { Request } from 'express';
import type { AuditActor } from '../../audit/audit-log';
import type { AuditSource } from '../../audit/audit-event.entity';
import type { Session } from '../sessions/session';
import type { TokenHolder } from '../tokens/api-tokens';
import { type Scope, TOKEN_SCOPES } from '../tokens/token-scopes';

/** Who is calling an authorised route: a machine (an API token, or the shared secret), or a signed-in person. */
export type Caller =
  | { kind: 'machine'; actor: AuditActor; auditSource: AuditSource; scopes: readonly Scope[] }
  | { kind: 'session'; session: Session; actor: AuditActor; auditSource: AuditSource };

/** API_SHARED_SECRET: the bootstrap token, with every scope. */
export const MACHINE_CALLER: Caller = {
  kind: 'machine',
  actor: { id: 'api', name: 'API shared secret' },
  auditSource: 'api',
  scopes: TOKEN_SCOPES,
};

/** An API token acts (and is audited) under its own name. */
export const tokenCaller = (token: TokenHolder): Caller => ({
  kind: 'machine',
  actor: { id: `token:${token.id}`, name: token.name },
  auditSource: 'api',
  scopes: token.scopes,
});

export const sessionCaller = (session: Session): Caller => ({
  kind: 'session',
  session,
  actor: { id: session.subject, name: session.name },
  auditSource: 'admin_dashboard',
});

/** What the caller may do with API tokens' scopes: an admin session holds them all. */
export const scopesOf = (caller: Caller): readonly Scope[] =>
  caller.kind === 'session' ? TOKEN_SCOPES : caller.scopes;

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

/** The caller AccessGuard found, on any route that is not public. */
export function callerOf(req: Request): Caller {
  if (!req.caller) throw new Error('No caller on a route that requires one');
  return req.caller;
}
