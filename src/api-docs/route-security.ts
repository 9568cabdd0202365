import type { SecurityRequirementObject } from '@nestjs/swagger';
import type { RouteRule } from '../auth/access/route-rule';

/** The names of the security schemes (components/securitySchemes). */
export const SESSION = 'session';
export const CSRF = 'csrf';
export const API_TOKEN = 'apiToken';

const CHANGES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Who may call a route, as OpenAPI security requirements (any one of them opens the route): a
 * session (with X-CSRF-Token on changes), and/or an API token holding the route's scope.
 */
export function securityOf(rule: RouteRule, method: string): SecurityRequirementObject[] {
  const session: SecurityRequirementObject = CHANGES.has(method) ? { [SESSION]: [], [CSRF]: [] } : { [SESSION]: [] };
  switch (rule.access) {
    case 'public':
      return [];
    case 'signed_in':
    case 'admin':
      return [session];
    case 'machine':
      return [{ [API_TOKEN]: [rule.scope] }];
    case 'admin_or_machine':
      return [session, { [API_TOKEN]: [rule.scope] }];
  }
}

/** One sentence for the operation's description. */
export function whoMayCall(rule: RouteRule): string {
  switch (rule.access) {
    case 'public':
      return 'No authentication.';
    case 'signed_in':
      return 'Any signed-in session.';
    case 'admin':
      return 'An admin session (the dashboard).';
    case 'machine':
      return `API tokens only, with the scope \`${rule.scope}\` (403 naming the scope otherwise).`;
    case 'admin_or_machine':
      return `An admin session, or an API token with the scope \`${rule.scope}\` (403 naming the scope otherwise).`;
  }
}
