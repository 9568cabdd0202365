import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('admin access configuration', () => {
  const production = {
    RUNTIME_ENV: 'production',
    DATABASE_URL: 'postgres://db/x',
    SECRETS_KEY: 'k'.repeat(32),
    MINIO_ROOT_PASSWORD: 'minio-secret',
  };

  it('defaults to secure cookies and no bootstrap links outside local runs', () => {
    expect(loadConfig(production).auth).toMatchObject({
      cookie: { name: 'switchyard_session', secure: true, sameSite: 'lax' },
      sessionTtlSeconds: 28800,
      stateTtlSeconds: 600,
      bootstrapLogin: false,
      dashboardPath: '/dashboard',
      discordLinks: { ttlSeconds: 600 },
    });
    expect(loadConfig({}).auth).toMatchObject({ cookie: { secure: false }, bootstrapLogin: true });
  });

  it('offers bootstrap links locally only without OIDC, elsewhere only when switched on', () => {
    const oidc = { OIDC_ISSUER_URL: 'https://login.example.org', OIDC_CLIENT_ID: 'sy' };
    expect(loadConfig(oidc).auth.bootstrapLogin).toBe(false);
    expect(loadConfig({ ...production, AUTH_BOOTSTRAP_LOGIN: 'on' }).auth.bootstrapLogin).toBe(true);
    expect(loadConfig({ AUTH_BOOTSTRAP_LOGIN: 'off' }).auth.bootstrapLogin).toBe(false);
  });

  it('reads OIDC with its defaults', () => {
    const config = loadConfig({ OIDC_ISSUER_URL: 'https://login.example.org/', OIDC_CLIENT_ID: 'sy' });
    expect(config.auth.oidc).toEqual({
      issuerUrl: 'https://login.example.org/',
      clientId: 'sy',
      clientSecret: undefined,
      scope: 'openid profile email groups',
      callbackPath: '/auth/callback',
      redirectBaseUrl: undefined,
      groupsClaim: 'groups',
      adminGroups: ['Admin', 'Owner', 'Steering Committee'],
    });
  });

  it('lists what does not fit together', () => {
    const problems = problemsOf({
      ...production,
      OIDC_ISSUER_URL: 'http://login.example.org',
      AUTH_COOKIE_SECURE: 'false',
      AUTH_COOKIE_SAMESITE: 'none',
      DISCORD_ADMIN_GUILD_ID: '810000000000000001',
      DASHBOARD_DEFAULT_PATH: 'https://evil.example',
      OIDC_SCOPE: 'profile email',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'OIDC_CLIENT_ID is required when OIDC_ISSUER_URL is set',
        'OIDC_SCOPE must contain openid',
        'DASHBOARD_DEFAULT_PATH must be a path on this server such as /dashboard',
        'AUTH_COOKIE_SAMESITE=none needs AUTH_COOKIE_SECURE=true',
        'OIDC_ISSUER_URL must be https when RUNTIME_ENV is production',
        'DISCORD_ADMIN_GUILD_ID needs DISCORD_BOT_TOKEN (admin roles are checked through Discord REST)',
      ]),
    );
  });
});
