import type { Environment } from './environment';

export type SameSite = NonNullable<Environment['AUTH_COOKIE_SAMESITE']>;

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  /** Unset: a public client (PKCE only, no client authentication). */
  clientSecret?: string;
  scope: string;
  /** The path the provider sends the browser back to (Switchyard serves it). */
  callbackPath: string;
  /** Unset: the redirect URI is built from each login request's own scheme and host. */
  redirectBaseUrl?: string;
  /** A claim name, dotted for a nested claim (`realm_access.roles`). */
  groupsClaim: string;
  adminGroups: string[];
}

export interface AuthSettings {
  /** Undefined: no OIDC login (see bootstrapLogin). */
  oidc?: OidcSettings;
  cookie: { name: string; secure: boolean; sameSite: SameSite };
  sessionTtlSeconds: number;
  stateTtlSeconds: number;
  /** Requests per minute per client address to the sign-in endpoints. */
  rateLimitPerMinute: number;
  /** Whether one-time bootstrap links (printed at startup, `admin-link`) may sign an admin in. */
  bootstrapLogin: boolean;
  bootstrapLinkTtlSeconds: number;
  dashboardPath: string;
  /** Where people reach Switchyard, for links sent to them; see publicBaseUrl(). */
  publicBaseUrl?: string;
  /** One-time links for Discord admins (who is one: `discord.adminGuildId` and its admin roles). */
  discordLinks: { ttlSeconds: number };
}

const csv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const DEFAULT_ADMIN_GROUPS = 'Admin,Owner,Steering Committee';

/** The admin-access settings, with the checks that span several variables pushed onto `problems`. */
export function readAuthConfig(env: Environment, problems: string[]): AuthSettings {
  const runtimeEnv = env.RUNTIME_ENV ?? 'local';
  const relaxed = runtimeEnv === 'local' || runtimeEnv === 'test';
  const secure = env.AUTH_COOKIE_SECURE === undefined ? !relaxed : env.AUTH_COOKIE_SECURE === 'true';
  const sameSite = env.AUTH_COOKIE_SAMESITE ?? 'lax';
  if (sameSite === 'none' && !secure) problems.push('AUTH_COOKIE_SAMESITE=none needs AUTH_COOKIE_SECURE=true');
  if (env.OIDC_ISSUER_URL?.startsWith('http:') && !relaxed) {
    problems.push(`OIDC_ISSUER_URL must be https when RUNTIME_ENV is ${runtimeEnv}`);
  }
  if (env.DISCORD_ADMIN_GUILD_ID && !env.DISCORD_BOT_TOKEN) {
    problems.push('DISCORD_ADMIN_GUILD_ID needs DISCORD_BOT_TOKEN (admin roles are checked through Discord REST)');
  }
  const oidc: OidcSettings | undefined = env.OIDC_ISSUER_URL
    ? {
        issuerUrl: env.OIDC_ISSUER_URL,
        clientId: env.OIDC_CLIENT_ID ?? '',
        clientSecret: env.OIDC_CLIENT_SECRET,
        scope: env.OIDC_SCOPE ?? 'openid profile email groups',
        callbackPath: env.OIDC_CALLBACK_PATH ?? '/auth/callback',
        redirectBaseUrl: env.OIDC_REDIRECT_BASE_URL?.replace(/\/+$/, ''),
        groupsClaim: env.OIDC_GROUPS_CLAIM ?? 'groups',
        adminGroups: csv(env.OIDC_ADMIN_GROUPS ?? DEFAULT_ADMIN_GROUPS),
      }
    : undefined;
  const bootstrapMode = env.AUTH_BOOTSTRAP_LOGIN ?? 'auto';
  return {
    oidc,
    cookie: { name: env.AUTH_SESSION_COOKIE_NAME ?? 'switchyard_session', secure, sameSite },
    sessionTtlSeconds: env.AUTH_SESSION_TTL_SECONDS ?? 8 * 3600,
    stateTtlSeconds: env.AUTH_STATE_TTL_SECONDS ?? 600,
    rateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE ?? 30,
    bootstrapLogin: bootstrapMode === 'on' || (bootstrapMode === 'auto' && runtimeEnv === 'local' && !oidc),
    bootstrapLinkTtlSeconds: env.AUTH_BOOTSTRAP_LINK_TTL_SECONDS ?? 3600,
    dashboardPath: env.DASHBOARD_DEFAULT_PATH ?? '/dashboard',
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    discordLinks: { ttlSeconds: env.DISCORD_LINK_TTL_SECONDS ?? 600 },
  };
}

/** `true`, `false`, a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`), as Express takes it. */
export function readTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
