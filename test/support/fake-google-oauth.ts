import { generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { answerInteraction, type InteractionPages } from './oidc-interactions';

export const GOOGLE_CLIENT_ID = 'switchyard-google-test.apps.googleusercontent.com';
export const GOOGLE_CLIENT_SECRET = 'switchyard-google-test-secret';
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
export const GMAIL_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';

/** Google accounts that can sign in and consent here. */
export const GOOGLE_USERS: Record<string, { password: string; email: string }> = {
  'team-calendar': { password: 'calendar-password', email: 'team-calendar@example.org' },
  'team-inbox': { password: 'inbox-password', email: 'team-inbox@example.org' },
};

const PAGES: InteractionPages = {
  title: 'Fake Google',
  signIn: 'Sign in with Google',
  signInButton: 'Next',
  consent: (client, scope) => `${client} wants to access your Google Account: ${scope}`,
};

/**
 * Google's OAuth server as Switchyard meets it, played by a real OAuth 2 / OpenID provider (npm
 * oidc-provider) on loopback at Google's paths: PKCE (S256) required, the client authenticating with
 * client_secret_post, a refresh token only for `access_type=offline` with `prompt=consent` (mapped to
 * oidc-provider's offline_access rule, which also needs consent), refresh tokens not rotated (as
 * Google), revocation (a refresh token's revocation ends the grant and its access tokens),
 * introspection and userinfo. Its own sign-in and consent pages: user + password, then "Allow".
 */
export class FakeGoogleOAuth {
  url = '';
  /** Requests to the token endpoint (code exchanges and refreshes). */
  tokenRequests = 0;
  /** Every refresh token the token endpoint handed out, in order. */
  readonly issuedRefreshTokens: string[] = [];
  /** Answers code exchanges without the refresh token (as Google does without access_type=offline). */
  withholdRefreshTokens = false;
  /** How long new access tokens live. */
  accessTokenTtlSeconds = 3600;
  /** Whether a refresh hands out a new refresh token and ends the old one (Google does not; others do). */
  rotateRefreshTokens = false;
  private server?: Server;
  private provider?: Provider;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** Switchyard's settings for this server as Google. */
  clientEnv(): Record<string, string> {
    return {
      GOOGLE_OAUTH_CLIENT_ID: GOOGLE_CLIENT_ID,
      GOOGLE_OAUTH_CLIENT_SECRET: GOOGLE_CLIENT_SECRET,
      GOOGLE_OAUTH_AUTHORIZE_URL: `${this.url}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${this.url}/token`,
      GOOGLE_OAUTH_REVOKE_URL: `${this.url}/revoke`,
      GOOGLE_OAUTH_USERINFO_URL: `${this.url}/v1/userinfo`,
    };
  }

  async register(redirectUris: string[]): Promise<void> {
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const { default: OidcProvider } = await import('oidc-provider');
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.provider = new OidcProvider(this.url, {
        clients: [
          {
            client_id: GOOGLE_CLIENT_ID,
            client_secret: GOOGLE_CLIENT_SECRET,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        routes: {
          authorization: '/o/oauth2/v2/auth',
          token: '/token',
          revocation: '/revoke',
          introspection: '/introspect',
          userinfo: '/v1/userinfo',
        },
        pkce: { required: () => true },
        scopes: ['openid', 'email', 'offline_access', CALENDAR_SCOPE, GMAIL_SCOPE],
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        findAccount: (_ctx: unknown, sub: string) => {
          const user = GOOGLE_USERS[sub];
          return user
            ? { accountId: sub, claims: () => ({ sub, email: user.email, email_verified: true }) }
            : undefined;
        },
        interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
        features: {
          devInteractions: { enabled: false },
          revocation: {
            enabled: true,
            allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
              token.clientId === client.clientId,
          },
          introspection: {
            enabled: true,
            allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
              token.clientId === client.clientId,
          },
        },
        rotateRefreshToken: () => this.rotateRefreshTokens,
        ttl: {
          Interaction: 3600,
          Session: 86_400,
          Grant: 86_400,
          AccessToken: () => this.accessTokenTtlSeconds,
          IdToken: 3600,
          RefreshToken: 86_400,
        },
        cookies: { keys: ['fake-google-cookie-key-0123456789'] },
        jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'google-test', use: 'sig', alg: 'RS256' }] },
      });
    } finally {
      console.warn = warn;
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** What the server says of a token (as a resource server would ask). */
  async introspect(token: string): Promise<{ active: boolean; scope?: string; sub?: string; client_id?: string }> {
    return (await this.clientPost('/introspect', { token })).json() as Promise<{ active: boolean }>;
  }

  /** A refresh-token grant made directly, as Switchyard would make it. */
  refreshDirectly(refreshToken: string): Promise<Response> {
    return this.clientPost('/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** The person revokes the access in their Google account settings. */
  async revokeDirectly(token: string): Promise<void> {
    const res = await this.clientPost('/revoke', { token });
    if (res.status !== 200) throw new Error(`Revocation answered ${res.status}`);
  }

  private clientPost(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, client_id: GOOGLE_CLIENT_ID, client_secret: GOOGLE_CLIENT_SECRET }),
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.provider) {
      res.writeHead(503).end('no client registered yet');
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    if (await answerInteraction(this.provider, req, res, url.pathname, (login) => GOOGLE_USERS[login]?.password, PAGES))
      return;
    if (url.pathname === '/token') {
      this.tokenRequests += 1;
      this.recordRefreshTokens(res);
    }
    if (url.pathname === '/o/oauth2/v2/auth' && url.searchParams.get('access_type') === 'offline') {
      // Google's way of asking for a refresh token, in oidc-provider's terms.
      const scope = url.searchParams.get('scope') ?? '';
      url.searchParams.set('scope', `${scope} offline_access`.trim());
      url.searchParams.delete('access_type');
      req.url = `${url.pathname}${url.search}`;
    }
    this.provider.callback()(req, res);
  }

  private recordRefreshTokens(res: ServerResponse): void {
    const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
    res.end = ((body?: unknown) => {
      let json: { refresh_token?: string };
      try {
        json = JSON.parse(Buffer.from(body as Buffer).toString('utf8')) as { refresh_token?: string };
      } catch {
        return end(body);
      }
      if (json.refresh_token) this.issuedRefreshTokens.push(json.refresh_token);
      if (!this.withholdRefreshTokens || !json.refresh_token) return end(body);
      delete json.refresh_token;
      const text = JSON.stringify(json);
      res.setHeader('content-length', Buffer.byteLength(text));
      return end(text);
    }) as typeof res.end;
  }
}
