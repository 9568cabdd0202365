/**
 * Who may call a route:
 * - `public`: anyone (webhook ingest, health, the sign-in endpoints).
 * - `machine`: `Authorization: Bearer <API_SHARED_SECRET>` only.
 * - `signed_in`: any live session, admin or not (who am I, sign out).
 * - `admin`: a session of an admin.
 * - `admin_or_machine`: an admin session or the shared secret (the admin API).
 */
export const ACCESS_LEVELS = ['public', 'machine', 'signed_in', 'admin', 'admin_or_machine'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

export interface RouteRule {
  access: Access;
  /**
   * The audit action written when the route succeeds (`rule.create`), or null when the route
   * changes nothing worth auditing or its service records the event itself. Required for every
   * state-changing route that is not public, so a new mutation cannot be left out by accident.
   */
  audit?: string | null;
}

/** `METHOD /path` exactly as the route is declared: `PATCH /rules/:id`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;
