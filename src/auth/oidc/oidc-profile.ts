import type { OidcSettings } from '../../platform/config/auth-config';
import type { NewSession } from '../sessions/session';

export type Claims = Record<string, unknown>;

/** A claim by name, or by a dotted path for nested claims (`realm_access.roles`). */
export function claimAt(claims: Claims, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split('.').reduce<unknown>((value, key) => {
    return value !== null && typeof value === 'object' ? (value as Claims)[key] : undefined;
  }, claims);
}

/** Groups as providers send them: an array of names, or one name, or a comma/space list. */
export function groupsIn(claims: Claims, path: string): string[] | undefined {
  const value = claimAt(claims, path);
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return value.split(/[,\s]+/).filter(Boolean);
  return undefined;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The session for a verified sign-in: admin when any group is one of OIDC_ADMIN_GROUPS. */
export function oidcSessionFor(claims: Claims, groups: string[], settings: OidcSettings): NewSession {
  const admins = new Set(settings.adminGroups.map((g) => g.toLowerCase()));
  return {
    method: 'oidc',
    subject: String(claims.sub),
    name: text(claims.name) ?? text(claims.preferred_username) ?? text(claims.email),
    email: text(claims.email),
    groups,
    isAdmin: groups.some((g) => admins.has(g.toLowerCase())),
  };
}
