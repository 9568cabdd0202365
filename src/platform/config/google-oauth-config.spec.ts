import { ConfigError, loadConfig } from './app-config';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('Google OAuth settings', () => {
  it('are off without the client id', () => {
    expect(loadConfig({}).googleOAuth).toBeUndefined();
  });

  it("read the client and Google's endpoints, each configurable", () => {
    expect(
      loadConfig({ GOOGLE_OAUTH_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_OAUTH_CLIENT_SECRET: 's' })
        .googleOAuth,
    ).toEqual({
      clientId: 'id.apps.googleusercontent.com',
      clientSecret: 's',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
    });
    expect(
      loadConfig({
        GOOGLE_OAUTH_CLIENT_ID: 'id',
        GOOGLE_OAUTH_CLIENT_SECRET: 's',
        GOOGLE_OAUTH_AUTHORIZE_URL: 'http://127.0.0.1:9/auth',
        GOOGLE_TOKEN_URL: 'http://127.0.0.1:9/token',
        GOOGLE_OAUTH_REVOKE_URL: 'http://127.0.0.1:9/revoke',
        GOOGLE_OAUTH_USERINFO_URL: 'http://127.0.0.1:9/me',
      }).googleOAuth,
    ).toMatchObject({
      authorizeUrl: 'http://127.0.0.1:9/auth',
      tokenUrl: 'http://127.0.0.1:9/token',
      revokeUrl: 'http://127.0.0.1:9/revoke',
      userinfoUrl: 'http://127.0.0.1:9/me',
    });
  });

  it('name what is missing or wrong', () => {
    expect(problems({ GOOGLE_OAUTH_CLIENT_ID: 'id' })).toEqual([
      'GOOGLE_OAUTH_CLIENT_ID is set but GOOGLE_OAUTH_CLIENT_SECRET is not (the same OAuth client)',
    ]);
    expect(problems({ GOOGLE_OAUTH_CLIENT_SECRET: 's' })).toEqual([
      'GOOGLE_OAUTH_CLIENT_SECRET is set but GOOGLE_OAUTH_CLIENT_ID is not',
    ]);
    expect(problems({ GOOGLE_TOKEN_URL: 'oauth2.googleapis.com/token' })).toEqual([
      'GOOGLE_TOKEN_URL must be an http(s) URL such as https://oauth2.googleapis.com/token',
    ]);
  });
});
