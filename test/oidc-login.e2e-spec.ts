import { createHash } from 'node:crypto';
import { Browser } from './support/browser';
import { CLIENT_ID, FakeIdentityProvider } from './support/fake-identity-provider';
import { freePort } from './support/free-port';
import { authorize, signIn } from './support/sign-in';
import { startTestApp, TestApp } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const COOKIE = 'switchyard_session';
const CALLBACK_PATH = '/oidc/return';

describe('OIDC sign-in against a real identity provider', () => {
  let idp: FakeIdentityProvider;
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    idp = await new FakeIdentityProvider().start();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: {
        ...idp.clientEnv(),
        // An existing registration's redirect path: Switchyard serves it as /auth/callback.
        OIDC_CALLBACK_PATH: CALLBACK_PATH,
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    await idp.register([`${app.url}${CALLBACK_PATH}`]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await idp?.stop();
  });

  /** fetch with the browser's cookies, as JSON. */
  const asJson = (browser: Browser, path: string, init: RequestInit = {}) =>
    browser.fetch(`${app.url}${path}`, {
      ...init,
      headers: { accept: 'application/json', 'content-type': 'application/json', ...(init.headers as object) },
    });
  const me = async (browser: Browser) => (await (await asJson(browser, '/auth/me')).json()) as Record<string, any>;
  const auditActions = async (actor: string) =>
    (
      await db.query<{ action: string }>('SELECT action FROM audit_events WHERE actor_id = $1 ORDER BY id', [actor])
    ).map((r) => r.action);

  it('signs an admin in with PKCE, state and nonce, into a server-side session behind an opaque cookie', async () => {
    const browser = new Browser();
    const { authorizeUrl, callbackUrl, pages } = await authorize(browser, app.url, idp, 'ada', '/rules?limit=5');
    expect(pages).toEqual(['login', 'consent']);

    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${idp.url}/auth`);
    const params = Object.fromEntries(authorizeUrl.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${app.url}${CALLBACK_PATH}`,
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
    });
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state!.length).toBeGreaterThanOrEqual(32);
    expect(params.nonce!.length).toBeGreaterThanOrEqual(32);
    const loginCookie = browser.cookie(`${COOKIE}_login`, app.url)!;
    expect(loginCookie.httpOnly).toBe(true);
    expect(loginCookie.sameSite).toBe('lax');

    expect(callbackUrl.pathname).toBe(CALLBACK_PATH);
    const callback = await browser.fetch(callbackUrl);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/rules?limit=5');

    const cookie = browser.cookie(COOKIE, app.url)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('lax');
    expect(cookie.path).toBe('/');
    expect(cookie.raw).toMatch(/Max-Age=28800/);
    expect(cookie.secure).toBe(false); // RUNTIME_ENV=test; true by default in staging and production
    expect(cookie.value).toMatch(/^[\w-]{43}$/);
    const [row] = await db.query<{ token_hash: string; subject: string; is_admin: boolean }>(
      'SELECT token_hash, subject, is_admin FROM sessions',
    );
    expect(row).toEqual({
      token_hash: createHash('sha256').update(cookie.value).digest('hex'),
      subject: 'ada',
      is_admin: true,
    });

    expect(await me(browser)).toMatchObject({
      subject: 'ada',
      name: 'Ada Admin',
      email: 'ada@example.org',
      groups: ['Members', 'Steering Committee'],
      admin: true,
      method: 'oidc',
    });
    expect((await asJson(browser, '/jobs')).status).toBe(200);
    expect(await auditActions('ada')).toContain('auth.login');
  });

  it('lets an admin change things only with the CSRF token, and audits it under their name', async () => {
    const browser = new Browser();
    await signIn(browser, app.url, idp, 'ada');
    const body = JSON.stringify({ text: 'when github.push then log' });

    const forged = await asJson(browser, '/rules', { method: 'POST', body });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ message: expect.stringMatching(/CSRF token/) });
    const wrong = await asJson(browser, '/rules', { method: 'POST', body, headers: { 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);

    const { csrfToken } = await me(browser);
    const created = await asJson(browser, '/rules', { method: 'POST', body, headers: { 'x-csrf-token': csrfToken } });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };
    const [event] = await db.query(
      'SELECT source, actor_id, actor_name, action, target, data FROM audit_events WHERE target = $1',
      [rule.id],
    );
    expect(event).toEqual({
      source: 'admin_dashboard',
      actor_id: 'ada',
      actor_name: 'Ada Admin',
      action: 'rule.create',
      target: rule.id,
      data: { request: { text: 'when github.push then log' } },
    });
  });

  it('signs out: the session is deleted server-side and the cookie cleared', async () => {
    const browser = new Browser();
    await signIn(browser, app.url, idp, 'ada');
    const token = browser.cookie(COOKIE, app.url)!.value;
    const { csrfToken } = await me(browser);

    expect((await asJson(browser, '/auth/logout', { method: 'POST' })).status).toBe(403);
    const out = await asJson(browser, '/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(204);
    expect(browser.cookie(COOKIE, app.url)).toBeUndefined();
    expect((await asJson(browser, '/auth/me')).status).toBe(401);
    // The old cookie value is worthless now, even to someone who kept it.
    const replay = await fetch(`${app.url}/auth/me`, { headers: { cookie: `${COOKIE}=${token}` } });
    expect(replay.status).toBe(401);
    expect(
      await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [
        createHash('sha256').update(token).digest('hex'),
      ]),
    ).toEqual([]);
    expect(await auditActions('ada')).toContain('auth.logout');
  });

  it('ends the session a browser already had when it signs in again', async () => {
    const browser = new Browser();
    await signIn(browser, app.url, idp, 'ada');
    const first = browser.cookie(COOKIE, app.url)!.value;
    await signIn(browser, app.url, idp, 'ada');
    expect(browser.cookie(COOKIE, app.url)!.value).not.toBe(first);
    expect((await fetch(`${app.url}/auth/me`, { headers: { cookie: `${COOKIE}=${first}` } })).status).toBe(401);
  });

  it('gives someone outside the admin groups a clear 403, not a loop, and no admin access', async () => {
    const browser = new Browser();
    const callback = await signIn(browser, app.url, idp, 'bob', '/jobs');
    expect(callback.status).toBe(403);
    expect(callback.headers.get('content-type')).toMatch(/text\/html/);
    const page = await callback.text();
    expect(page).toContain('You are signed in as Bob Member, but Switchyard is for admins only');
    expect(page).toContain('action="/auth/logout"');

    expect(await me(browser)).toMatchObject({ subject: 'bob', admin: false });
    const jobs = await asJson(browser, '/jobs');
    expect(jobs.status).toBe(403);
    expect(await jobs.json()).toMatchObject({
      message:
        'Signed in as Bob Member, who is not an admin (admins are in one of the groups: Admin, Owner, Steering Committee)',
    });
    const dashboard = await browser.fetch(`${app.url}/dashboard`);
    expect(dashboard.status).toBe(403);
    expect(await dashboard.text()).toContain('who is not an admin');
  });

  describe('refuses', () => {
    it('a callback whose state was changed, and then the same sign-in again', async () => {
      const browser = new Browser();
      const { callbackUrl } = await authorize(browser, app.url, idp, 'ada');
      const forged = new URL(callbackUrl);
      forged.searchParams.set('state', 'attacker-chosen-state');
      const refused = await browser.fetch(forged, { headers: { accept: 'application/json' } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/could not be verified: .*state/) });
      expect(browser.cookie(COOKIE, app.url)).toBeUndefined();

      const again = await browser.fetch(callbackUrl, { headers: { accept: 'application/json' } });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({
        message: expect.stringMatching(/not started in this browser, or was already completed/),
      });
    });

    it('a replayed authorization code', async () => {
      const browser = new Browser();
      const { callbackUrl } = await authorize(browser, app.url, idp, 'ada');
      expect((await browser.fetch(callbackUrl)).status).toBe(302);

      // The same browser starts a new sign-in and offers the used code with the new state.
      const start = await browser.fetch(`${app.url}/auth/login`);
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const replay = new URL(callbackUrl);
      replay.searchParams.set('state', state);
      const refused = await browser.fetch(replay, { headers: { accept: 'application/json' } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        message: expect.stringMatching(/invalid_grant|grant request is invalid/i),
      });
    });

    it('an ID token changed on its way (a forged admin group), by its signature', async () => {
      const browser = new Browser();
      const before = await db.query('SELECT id FROM sessions');
      idp.tamperNextIdToken((claims) => {
        claims.groups = ['Admin'];
      });
      const refused = await signIn(browser, app.url, idp, 'bob');
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/signature/i);
      expect(browser.cookie(COOKIE, app.url)).toBeUndefined();
      expect(await db.query('SELECT id FROM sessions')).toEqual(before);
    });

    it('a return path on another site, landing on the dashboard instead', async () => {
      for (const next of ['https://evil.example/login', '//evil.example', '/\\evil.example']) {
        const callback = await signIn(new Browser(), app.url, idp, 'ada', next);
        expect(callback.status).toBe(302);
        expect(callback.headers.get('location')).toBe('/dashboard');
      }
    });

    it('a sign-in that took longer than AUTH_STATE_TTL_SECONDS', async () => {
      const browser = new Browser();
      const { callbackUrl } = await authorize(browser, app.url, idp, 'ada');
      await db.query(`UPDATE login_states SET expires_at = now() - interval '1 second'`);
      const refused = await browser.fetch(callbackUrl, { headers: { accept: 'application/json' } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        message: 'This sign-in took longer than 10 minutes. Please start again.',
      });
      expect(browser.cookie(COOKIE, app.url)).toBeUndefined();
    });
  });

  it('lands an admin on the dashboard, which signs out through its form', async () => {
    const anonymous = new Browser();
    const away = await anonymous.fetch(`${app.url}/dashboard`);
    expect(away.status).toBe(302);
    expect(away.headers.get('location')).toBe('/auth/login?next=%2Fdashboard');

    const browser = new Browser();
    const callback = await signIn(browser, app.url, idp, 'ada');
    expect(callback.headers.get('location')).toBe('/dashboard');
    const page = await browser.fetch(`${app.url}/dashboard`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      '<span class="visually-hidden">Signed in as </span><strong>Ada Admin</strong></span> <small>ada@example.org</small>',
    );
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

    const out = await browser.post(`${app.url}/auth/logout`, { _csrf: csrf });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('You are signed out of Switchyard.');
    expect((await browser.fetch(`${app.url}/dashboard`)).status).toBe(302);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After past AUTH_RATE_LIMIT_PER_MINUTE', async () => {
    const idp = await new FakeIdentityProvider().start();
    const db = await createTestDatabase();
    const app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: { OIDC_ISSUER_URL: idp.url, OIDC_CLIENT_ID: CLIENT_ID, AUTH_RATE_LIMIT_PER_MINUTE: '3' },
    });
    try {
      await idp.register([`${app.url}/auth/callback`]);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${app.url}/auth/login`, { redirect: 'manual' })).status);
      expect(statuses).toEqual([302, 302, 302, 429]);
      const limited = await fetch(`${app.url}/auth/callback`, { redirect: 'manual' });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other routes are not counted.
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.stop();
      await db.drop();
      await idp.stop();
    }
  });
});

describe('an unreachable identity provider', () => {
  it('answers 502 naming the provider, and the api keeps serving', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const db = await createTestDatabase();
    const app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      env: { OIDC_ISSUER_URL: closed, OIDC_CLIENT_ID: CLIENT_ID },
    });
    try {
      const res = await fetch(`${app.url}/auth/login`, { headers: { accept: 'application/json' }, redirect: 'manual' });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({
        message: expect.stringContaining(`The identity provider at ${closed} is not usable`),
      });
      expect((await app.api('/jobs')).status).toBe(200);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});
