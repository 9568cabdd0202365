import type { Scope } from '../tokens/token-scopes';

/**
 * Who may call a route:
 * - `public`: anyone (webhook ingest, health, the sign-in endpoints).
 * - `machine`: an API token with the route's scope, or API_SHARED_SECRET (the bootstrap token: every scope).
 * - `signed_in`: any live session, admin or not (who am I, sign out).
 * - `admin`: a session of an admin.
 * - `admin_or_machine`: an admin session, or an API token with the route's scope (the admin API).
 */
export const ACCESS_LEVELS = ['public', 'machine', 'signed_in', 'admin', 'admin_or_machine'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** The levels an API token (or the shared secret) can open. */
export const TOKEN_ACCESS: readonly Access[] = ['machine', 'admin_or_machine'];

interface RuleBase {
  /**
   * The audit action written when the route succeeds (`rule.create`), or null when the route
   * changes nothing worth auditing or its service records the event itself. Required for every
   * state-changing route that is not public, so a new mutation cannot be left out by accident.
   */
  audit?: string | null;
}

export type RouteRule =
  | (RuleBase & { access: 'public' | 'signed_in' | 'admin' })
  /** `scope`: what an API token needs to call it (admin sessions hold every scope). */
  | (RuleBase & { access: 'machine' | 'admin_or_machine'; scope: Scope });

/** `METHOD /path` exactly as the route is declared: `PATCH /rules/:id`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;
