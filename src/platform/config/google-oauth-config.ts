import type { Environment } from './environment';

/** Google accounts connected from the dashboard with OAuth (src/integrations/google/oauth). */
export interface GoogleOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** Where the admin's browser is sent to consent (authorization code with PKCE). */
  authorizeUrl: string;
  /** Code and refresh-token grants. */
  tokenUrl: string;
  revokeUrl: string;
  /** Asked with the new access token for the account's `sub` and `email`. */
  userinfoUrl: string;
}

export const GOOGLE_OAUTH_DEFAULTS = {
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
} as const;

/** On with GOOGLE_OAUTH_CLIENT_ID and its secret together; undefined (the feature off) without the id. */
export function readGoogleOAuthConfig(env: Environment, problems: string[]): GoogleOAuthSettings | undefined {
  if (env.GOOGLE_OAUTH_CLIENT_ID && !env.GOOGLE_OAUTH_CLIENT_SECRET) {
    problems.push('GOOGLE_OAUTH_CLIENT_ID is set but GOOGLE_OAUTH_CLIENT_SECRET is not (the same OAuth client)');
  }
  if (!env.GOOGLE_OAUTH_CLIENT_ID && env.GOOGLE_OAUTH_CLIENT_SECRET) {
    problems.push('GOOGLE_OAUTH_CLIENT_SECRET is set but GOOGLE_OAUTH_CLIENT_ID is not');
  }
  if (!env.GOOGLE_OAUTH_CLIENT_ID || !env.GOOGLE_OAUTH_CLIENT_SECRET) return undefined;
  return {
    clientId: env.GOOGLE_OAUTH_CLIENT_ID,
    clientSecret: env.GOOGLE_OAUTH_CLIENT_SECRET,
    authorizeUrl: env.GOOGLE_OAUTH_AUTHORIZE_URL ?? GOOGLE_OAUTH_DEFAULTS.authorizeUrl,
    tokenUrl: env.GOOGLE_TOKEN_URL ?? GOOGLE_OAUTH_DEFAULTS.tokenUrl,
    revokeUrl: env.GOOGLE_OAUTH_REVOKE_URL ?? GOOGLE_OAUTH_DEFAULTS.revokeUrl,
    userinfoUrl: env.GOOGLE_OAUTH_USERINFO_URL ?? GOOGLE_OAUTH_DEFAULTS.userinfoUrl,
  };
}
