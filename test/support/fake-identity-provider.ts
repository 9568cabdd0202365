import { generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { answerInteraction, type InteractionPages } from './oidc-interactions';

export interface TestUser {
  password: string;
  name: string;
  email: string;
  groups: string[];
}

export const CLIENT_ID = 'switchyard-test';
export const CLIENT_SECRET = 'switchyard-test-client-secret';

/** Two people: an admin (in "Steering Committee") and someone in no admin group. */
export const USERS: Record<string, TestUser> = {
  ada: {
    password: 'ada-password',
    name: 'Ada Admin',
    email: 'ada@example.org',
    groups: ['Members', 'Steering Committee'],
  },
  bob: { password: 'bob-password', name: 'Bob Member', email: 'bob@example.org', groups: ['Members'] },
};

const PAGES: InteractionPages = {
  title: 'Fake IdP',
  signIn: 'Sign in',
  signInButton: 'Sign in',
  consent: (client, scope) => `Allow ${client} to see ${scope}?`,
};

/**
 * A real OpenID Connect provider (npm oidc-provider) on loopback, with its own login and consent
 * pages (user + password, then "Allow"), RS256 ID tokens from a key made per run, PKCE required,
 * and groups as a scope-bound claim (served from userinfo, not the ID token, as many providers do).
 * `tamperNextIdToken` rewrites a claim of the next ID token without re-signing it.
 */
export class FakeIdentityProvider {
  url = '';
  private server?: Server;
  private provider?: Provider;
  private tamper?: (claims: Record<string, unknown>) => void;

  /** Listens first, so the application can be started with this issuer URL. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** Switchyard's settings for signing in here as the registered client. */
  clientEnv(): Record<string, string> {
    return { OIDC_ISSUER_URL: this.url, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET };
  }

  /** Registers Switchyard as the client, once its callback URL is known. */
  async register(redirectUris: string[]): Promise<void> {
    // Its start-up advice (in-memory storage, Node version) is about running it in production.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await this.createProvider(redirectUris);
    } finally {
      console.warn = warn;
    }
  }

  private async createProvider(redirectUris: string[]): Promise<void> {
    const { default: OidcProvider } = await import('oidc-provider');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.provider = new OidcProvider(this.url, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      pkce: { required: () => true },
      scopes: ['openid', 'profile', 'email', 'groups'],
      claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
      findAccount: (_ctx: unknown, sub: string) => {
        const user = USERS[sub];
        return user
          ? { accountId: sub, claims: () => ({ sub, name: user.name, email: user.email, groups: user.groups }) }
          : undefined;
      },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false } },
      // Fixed lifetimes: the defaults are functions that print a notice each time they are used.
      ttl: { Interaction: 3600, Session: 86_400, Grant: 86_400, AccessToken: 3600, IdToken: 3600 },
      cookies: { keys: ['fake-idp-cookie-key-0123456789'] },
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next token response carries an ID token with this change, and its original signature. */
  tamperNextIdToken(change: (claims: Record<string, unknown>) => void): void {
    this.tamper = change;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.provider) {
      res.writeHead(503).end('no client registered yet');
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    if (await answerInteraction(this.provider, req, res, url.pathname, (login) => USERS[login]?.password, PAGES))
      return;
    if (url.pathname === '/token' && this.tamper) this.tamperTokenResponse(res, this.tamper);
    this.tamper = url.pathname === '/token' ? undefined : this.tamper;
    this.provider.callback()(req, res);
  }

  /** Rewrites the ID token's payload in the JSON token response, keeping header and signature. */
  private tamperTokenResponse(res: ServerResponse, change: (claims: Record<string, unknown>) => void): void {
    const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
    res.end = ((body?: unknown) => {
      const json = JSON.parse(Buffer.from(body as Buffer).toString('utf8')) as { id_token?: string };
      if (json.id_token) {
        const [header, payload, signature] = json.id_token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
        change(claims);
        json.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
      }
      const text = JSON.stringify(json);
      res.setHeader('content-length', Buffer.byteLength(text));
      return end(text);
    }) as typeof res.end;
  }
}
