import { randomUUID } from 'node:crypto';
import { ACCESS_RULES } from '../src/auth/access/access-rules';
import type { RouteKey, RouteRule } from '../src/auth/access/route-rule';
import { type Scope, TOKEN_SCOPES } from '../src/auth/tokens/token-scopes';
import { Browser } from './support/browser';
import { FakeDiscord } from './support/fake-discord';
import { FakeIdentityProvider } from './support/fake-identity-provider';
import { signIn } from './support/sign-in';
import { startTestApp, TEST_API_SECRET, TestApp, waitFor } from './support/switchyard';
import { FakeEspoCrm } from './support/fake-espocrm';
import { createTestDatabase, TestDatabase } from './support/test-database';

type TokenCaller = `token ${Scope}`;
const CALLERS = [
  'anonymous',
  'non-admin session',
  'admin session',
  'shared secret',
  'revoked token',
  ...TOKEN_SCOPES.map((scope): TokenCaller => `token ${scope}`),
] as const;
type Caller = (typeof CALLERS)[number];

const scopeOf = (caller: Caller): Scope | undefined =>
  caller.startsWith('token ') ? (caller.slice('token '.length) as Scope) : undefined;

/** What the table promises each caller: through to the route, or refused with this status. */
function promised(rule: RouteRule, caller: Caller): 'through' | 401 | 403 {
  const session = caller === 'admin session' || caller === 'non-admin session';
  const bearer = caller === 'shared secret' || caller === 'revoked token' || scopeOf(caller) !== undefined;
  // The shared secret holds every scope; a live token only its own.
  const holds = (scope: Scope) => caller === 'shared secret' || scopeOf(caller) === scope;
  switch (rule.access) {
    case 'public':
      return 'through';
    case 'machine':
      // A cookie is no credential here; only the Authorization header counts.
      if (caller === 'revoked token' || !bearer) return 401;
      return holds(rule.scope) ? 'through' : 403;
    case 'signed_in':
      return session ? 'through' : bearer ? 403 : 401;
    case 'admin':
      return caller === 'admin session' ? 'through' : caller === 'anonymous' ? 401 : 403;
    case 'admin_or_machine':
      if (caller === 'admin session') return 'through';
      if (caller === 'non-admin session') return 403;
      if (caller === 'revoked token' || !bearer) return 401;
      return holds(rule.scope) ? 'through' : 403;
  }
}

const PARAMS: Record<string, () => string> = {
  id: () => randomUUID(),
  slug: () => 'no-such-source',
  source: () => 'no-such-source',
  topic: () => 'no-such-topic',
  token: () => 'x'.repeat(43),
  name: () => 'no-such-template',
  file: () => 'crm-nosuchattachment1',
};

/**
 * Every route the running api serves, called as each kind of caller (an API token of each scope, a
 * revoked one and the shared secret, the bootstrap token, among them), answered as ACCESS_RULES
 * says: refused with exactly 401 or 403, or let through (then never a 401, 403 or 5xx for these
 * harmless inputs). A route the table does not know fails here, whatever its controller does.
 */
describe('authorisation matrix', () => {
  let idp: FakeIdentityProvider;
  let discord: FakeDiscord;
  let db: TestDatabase;
  let app: TestApp;
  const sessions: Partial<Record<Caller, { cookie: string; csrf: string }>> = {};
  const tokens: Partial<Record<Caller, string>> = { 'shared secret': TEST_API_SECRET };

  const espo = new FakeEspoCrm('people-espo-key');
  beforeAll(async () => {
    await espo.start();
    idp = await new FakeIdentityProvider().start();
    discord = await new FakeDiscord('matrix-bot-token').start();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      env: {
        ...idp.clientEnv(),
        DISCORD_BOT_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_ADMIN_GUILD_ID: '810000000000000001',
        DISCORD_ADMIN_ROLES: '820000000000000001',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        // People routes need an EspoCRM: a loopback fake.
        ESPO_BASE_URL: espo.url,
        ESPO_API_KEY: 'people-espo-key',
        ESPO_MAX_ATTEMPTS: '1',
      },
    });
    await idp.register([`${app.url}/auth/callback`]);
    await waitFor(async () => (await fetch(`${app.url}/ready`)).status === 200, 'the worker to be ready');
    for (const [caller, user] of [
      ['admin session', 'ada'],
      ['non-admin session', 'bob'],
    ] as const) {
      const browser = new Browser();
      await signIn(browser, app.url, idp, user);
      const cookie = `switchyard_session=${browser.cookie('switchyard_session', app.url)!.value}`;
      const me = (await (await fetch(`${app.url}/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
      sessions[caller] = { cookie, csrf: me.csrfToken };
    }
    for (const caller of [...TOKEN_SCOPES.map((scope): TokenCaller => `token ${scope}`), 'revoked token' as const]) {
      const scopes = caller === 'revoked token' ? TOKEN_SCOPES : [scopeOf(caller)];
      const made = await app.api('/auth/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: caller, scopes }),
      });
      expect(made.status).toBe(201);
      const { id, token } = (await made.json()) as { id: string; token: string };
      tokens[caller] = token;
      if (caller === 'revoked token')
        expect((await app.api(`/auth/tokens/${id}`, { method: 'DELETE' })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await espo.stop();
    await app?.stop();
    await db?.drop();
    await discord?.stop();
    await idp?.stop();
  });

  /** The controller routes Express serves (Nest's `/{*path}` entries are its middleware, not routes). */
  function registeredRoutes(): RouteKey[] {
    const express = app.app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    return express.router.stack.flatMap(({ route }) =>
      route && route.path !== '/{*path}'
        ? Object.keys(route.methods).map((m) => `${m.toUpperCase()} ${route.path}` as RouteKey)
        : [],
    );
  }

  it('has a rule for every registered route, and no rule for a route that does not exist', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !(route in ACCESS_RULES))).toEqual([]);
    expect(Object.keys(ACCESS_RULES).filter((key) => !routes.includes(key as RouteKey))).toEqual([]);
  });

  it('leaves open only health, the sign-in endpoints, signed download links and the API reference (webhook deliveries are not Nest routes)', () => {
    const open = Object.entries(ACCESS_RULES).filter(([, rule]) => rule.access === 'public');
    expect(open.map(([key]) => key).sort()).toEqual(
      [
        'GET /auth/bootstrap/:token',
        'GET /auth/callback',
        'GET /auth/discord/link/:token',
        'GET /auth/login',
        // A download link's signature is its authorisation (src/storage/download-links.ts).
        'GET /files/:token',
        'GET /health',
        'GET /ready',
        // Swagger UI and the OpenAPI document: routes described, no data.
        'GET /docs',
        'GET /docs/',
        'GET /docs/index.html',
        'GET /docs/swagger-ui-init.js',
        'GET /docs/docs/swagger-ui-init.js',
        'GET /docs/LICENSE',
        'GET /docs-json',
        'GET /docs-yaml',
      ].sort(),
    );
  });

  function call(route: RouteKey, caller: Caller): Promise<Response> {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/:(\w+)/g, (_m, name: string) => PARAMS[name]!());
    const headers: Record<string, string> = { accept: 'application/json' };
    const session = sessions[caller];
    if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
    const bearer = tokens[caller];
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const hasBody = method !== 'GET' && method !== 'DELETE';
    if (hasBody) headers['content-type'] = 'application/json';
    return fetch(`${app.url}${path}`, { method, headers, body: hasBody ? '{}' : undefined, redirect: 'manual' });
  }

  it.each(CALLERS)('answers every route as the table says, called as %s', async (caller) => {
    const problems: string[] = [];
    // Signing out ends the session the other calls use: last.
    const routes = registeredRoutes().sort(
      (a, b) => Number(a === 'POST /auth/logout') - Number(b === 'POST /auth/logout'),
    );
    for (const route of routes) {
      const rule = ACCESS_RULES[route];
      if (!rule) {
        problems.push(`${route}: no rule in ACCESS_RULES`);
        continue;
      }
      const res = await call(route, caller);
      const body = await res.text();
      const promise = promised(rule, caller);
      const kept =
        promise === 'through' ? ![401, 403].includes(res.status) && res.status < 500 : res.status === promise;
      if (!kept)
        problems.push(`${route} (${rule.access}): expected ${promise}, got ${res.status} ${body.slice(0, 200)}`);
      if (res.headers.get('x-content-type-options') !== 'nosniff' || !res.headers.get('content-security-policy')) {
        problems.push(`${route}: answered without helmet's security headers`);
      }
    }
    expect(problems).toEqual([]);
  });
});
