import { generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

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

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

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
    const interaction = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(url.pathname);
    try {
      if (interaction && req.method === 'GET') return await this.showInteraction(req, res);
      if (interaction?.[2] === 'login' && req.method === 'POST') return await this.login(req, res);
      if (interaction?.[2] === 'confirm' && req.method === 'POST') return await this.confirm(req, res);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      return;
    }
    if (url.pathname === '/token' && this.tamper) this.tamperTokenResponse(res, this.tamper);
    this.tamper = url.pathname === '/token' ? undefined : this.tamper;
    this.provider.callback()(req, res);
  }

  private async showInteraction(req: IncomingMessage, res: ServerResponse, error?: string): Promise<void> {
    const { uid, prompt, params } = await this.provider!.interactionDetails(req, res);
    const body =
      prompt.name === 'login'
        ? `<h1>Sign in</h1>${error ? `<p class="error">${escape(error)}</p>` : ''}
           <form method="post" action="/interaction/${uid}/login">
             <input name="login"><input name="password" type="password"><button>Sign in</button></form>`
        : `<h1>Allow ${escape(String(params.client_id))} to see ${escape(String(params.scope))}?</h1>
           <form method="post" action="/interaction/${uid}/confirm"><button>Allow</button></form>`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Fake IdP</title>${body}`);
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    if (USERS[login]?.password !== form.get('password'))
      return this.showInteraction(req, res, 'Wrong user or password');
    await this.provider!.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
  }

  private async confirm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { prompt, params, session, grantId } = await this.provider!.interactionDetails(req, res);
    const grant =
      (grantId ? await this.provider!.Grant.find(grantId) : undefined) ??
      new this.provider!.Grant({ accountId: session!.accountId!, clientId: String(params.client_id) });
    const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    await this.provider!.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
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
