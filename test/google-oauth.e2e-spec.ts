import { GoogleAccessTokens } from '../src/integrations/google/access/google-access-tokens';
import { GoogleAccountUnusableError } from '../src/integrations/google/oauth/google-oauth-errors';
import { GoogleOAuthAccounts } from '../src/integrations/google/oauth/google-oauth-accounts';
import { loadConfig } from '../src/platform/config/app-config';
import { SecretBox } from '../src/platform/security/secret-box';
import { resealSecrets } from '../src/secrets/reseal-secrets.command';
import { Browser } from './support/browser';
import { bootstrapBrowser, dashboardBrowser, visibleText } from './support/dashboard';
import { FakeIdentityProvider } from './support/fake-identity-provider';
import {
  CALENDAR_SCOPE,
  FakeGoogleOAuth,
  GMAIL_SCOPE,
  GOOGLE_CLIENT_ID,
  GOOGLE_USERS,
} from './support/fake-google-oauth';
import { captureLogs } from './support/log-capture';
import { startTestApp, TestApp } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const CALLBACK_PATH = '/dashboard/google-accounts/callback';
/** startTestApp's SECRETS_KEY, and the one it is rotated to. */
const TEST_SECRETS_KEY = 'test-secrets-key-0123456789-abcdefghij';
const NEW_KEY = 'rotated-secrets-key-0123456789-abcdefghij';

interface AccountRow {
  id: string;
  subject: string;
  email: string;
  scopes: string[];
  refresh_token_sealed: string | null;
  connected_by_id: string;
  needs_reconnect_at: Date | null;
  revoked_at: Date | null;
}

describe('Google accounts connected with OAuth (authorization code + PKCE, against a real OAuth server)', () => {
  let idp: FakeIdentityProvider;
  let google: FakeGoogleOAuth;
  let db: TestDatabase;
  let app: TestApp;
  let admin: Browser;
  let csrf: string;
  const logs = captureLogs();

  beforeAll(async () => {
    idp = await new FakeIdentityProvider().start();
    google = await new FakeGoogleOAuth().start();
    db = await createTestDatabase();
    app = await startTestApp({
      databaseUrl: db.url,
      roles: ['api'],
      logger: logs.logger,
      env: { ...idp.clientEnv(), ...google.clientEnv(), AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    await idp.register([`${app.url}/auth/callback`]);
    await google.register([`${app.url}${CALLBACK_PATH}`]);
    ({ browser: admin, csrf } = await dashboardBrowser(app.url, idp, 'ada'));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await google?.stop();
    await idp?.stop();
  });

  const accounts = () => app.app.get(GoogleOAuthAccounts);
  const box = () => app.app.get(SecretBox, { strict: false });
  const rows = () => db.query<AccountRow>('SELECT * FROM google_accounts ORDER BY created_at');
  const rowOf = async (id: string) =>
    (await db.query<AccountRow>('SELECT * FROM google_accounts WHERE id = $1', [id]))[0]!;

  /** "Connect a Google account" pressed on the dashboard: the answer, a redirect to Google. */
  const pressConnect = (browser: Browser, token: string, scopes: string[]) =>
    browser.fetch(`${app.url}/dashboard/google-accounts/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', token], ...scopes.map((s): [string, string] => ['scopes', s])]).toString(),
    });

  /** The person at Google: signs in as `user` (unless Google remembers them) and allows; returns where Google sends them back. */
  async function atGoogle(browser: Browser, start: Response, user: string) {
    expect(start.status).toBe(303);
    // Signed out at Google: the person signs in as `user` (Google would offer its account chooser).
    browser.forget(google.url);
    const authorizeUrl = new URL(start.headers.get('location')!);
    const backHome = (url: URL) => url.origin === app.url;
    let step = await browser.follow(start, `${app.url}/dashboard/google-accounts/connect`, backHome);
    const pages: string[] = [];
    while (!step.next && pages.length < 2) {
      const interaction = /^\/interaction\/([\w-]+)$/.exec(step.url.pathname);
      if (!interaction)
        throw new Error(
          `Expected a page of Google, got ${step.response.status} ${step.url.href}: ${await step.response.text()}`,
        );
      const page = await step.response.text();
      const login = page.includes('/login"');
      pages.push(login ? 'login' : 'consent');
      const submit: { url: string; form: Record<string, string> } = login
        ? {
            url: `${google.url}/interaction/${interaction[1]}/login`,
            form: { login: user, password: GOOGLE_USERS[user]!.password },
          }
        : { url: `${google.url}/interaction/${interaction[1]}/confirm`, form: {} };
      step = await browser.follow(await browser.post(submit.url, submit.form), submit.url, backHome);
    }
    if (!step.next) throw new Error(`Google did not send the browser back: ${step.response.status}`);
    return { authorizeUrl, callbackUrl: step.next, pages };
  }

  /** A whole connection from the dashboard's button; returns the callback's answer. */
  async function connect(user: string, scopes = ['calendar.readonly']) {
    const { callbackUrl } = await atGoogle(admin, await pressConnect(admin, csrf, scopes), user);
    return admin.fetch(callbackUrl);
  }

  it('connects an account from the dashboard: PKCE S256, offline access, the refresh token stored sealed, audited', async () => {
    const page = await admin.fetch(`${app.url}/dashboard/google-accounts`);
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain('Connect a Google account');

    const start = await pressConnect(admin, csrf, ['calendar.readonly', 'gmail.readonly']);
    const { authorizeUrl, callbackUrl, pages } = await atGoogle(admin, start, 'team-calendar');
    expect(pages).toEqual(['login', 'consent']);
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${google.url}/o/oauth2/v2/auth`);
    const params = Object.fromEntries(authorizeUrl.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: GOOGLE_CLIENT_ID,
      redirect_uri: `${app.url}${CALLBACK_PATH}`,
      scope: `openid email ${CALENDAR_SCOPE} ${GMAIL_SCOPE}`,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
    });
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state).toMatch(/^[\w-]{43}$/);
    expect(callbackUrl.pathname).toBe(CALLBACK_PATH);

    const back = await admin.fetch(callbackUrl);
    expect(back.status).toBe(303);
    // The request log names the callback with the code redacted.
    expect(logs.text()).toContain(CALLBACK_PATH);
    expect(logs.text()).not.toContain(callbackUrl.searchParams.get('code')!);
    expect(back.headers.get('location')).toBe('/dashboard/google-accounts?done=connected');

    const [row] = await rows();
    expect(row).toMatchObject({
      subject: 'team-calendar',
      email: 'team-calendar@example.org',
      connected_by_id: 'ada',
      needs_reconnect_at: null,
      revoked_at: null,
    });
    expect(row!.scopes).toEqual(expect.arrayContaining([CALENDAR_SCOPE, GMAIL_SCOPE]));
    // Sealed: not the token, and opening it with SECRETS_KEY gives a refresh token Google honours.
    const sealed = row!.refresh_token_sealed!;
    expect(sealed).toMatch(/^v1:/);
    const refreshToken = box().open(sealed);
    expect(sealed).not.toContain(refreshToken);
    expect(await google.introspect(refreshToken)).toMatchObject({ active: true, client_id: GOOGLE_CLIENT_ID });
    const everything = await db.query<{ dump: string }>(
      `SELECT (SELECT coalesce(string_agg(g::text, '|'), '') FROM google_accounts g) ||
              (SELECT coalesce(string_agg(s::text, '|'), '') FROM google_oauth_states s) ||
              (SELECT coalesce(string_agg(a::text, '|'), '') FROM audit_events a) AS dump`,
    );
    expect(everything[0]!.dump).not.toContain(refreshToken);
    // Spent: the state of this connection is gone.
    expect(await db.query('SELECT 1 FROM google_oauth_states')).toEqual([]);

    const [event] = await db.query(
      'SELECT source, actor_id, actor_name, action, target, data FROM audit_events WHERE action = $1',
      ['google_account.connect'],
    );
    expect(event).toEqual({
      source: 'admin_dashboard',
      actor_id: 'ada',
      actor_name: 'Ada Admin',
      action: 'google_account.connect',
      target: row!.id,
      data: {
        email: 'team-calendar@example.org',
        scopes: expect.arrayContaining(['calendar.readonly', 'gmail.readonly']),
        renewed: false,
      },
    });

    const list = visibleText(await (await admin.fetch(`${app.url}/dashboard/google-accounts?done=connected`)).text());
    expect(list).toContain('Google account connected');
    expect(list).toContain('team-calendar@example.org');
    expect(list).toContain(row!.id);
    expect(list).toContain('calendar.readonly gmail.readonly');

    const api = await app.api('/google/accounts');
    expect(api.status).toBe(200);
    const body = (await api.json()) as { accounts: Record<string, unknown>[] };
    expect(body.accounts).toEqual([
      expect.objectContaining({ id: row!.id, email: 'team-calendar@example.org', status: 'connected' }),
    ]);
    expect(JSON.stringify(body)).not.toContain('v1:');
  });

  it('gives access tokens by refresh that Google accepts, cached until shortly before they expire', async () => {
    const [row] = await rows();
    const before = google.tokenRequests;
    const token = await accounts().accessToken(row!.id);
    expect(google.tokenRequests).toBe(before + 1);

    const userinfo = await fetch(`${google.url}/v1/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: 'team-calendar', email: 'team-calendar@example.org' });
    const introspected = await google.introspect(token);
    expect(introspected.active).toBe(true);
    expect(introspected.scope!.split(' ')).toEqual(expect.arrayContaining([CALENDAR_SCOPE, GMAIL_SCOPE]));

    expect(await accounts().accessToken(row!.id)).toBe(token);
    expect(google.tokenRequests).toBe(before + 1);
    expect(await rowOf(row!.id)).toMatchObject({ id: row!.id });
    const [used] = await db.query<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM google_accounts WHERE id = $1',
      [row!.id],
    );
    expect(used!.last_used_at).not.toBeNull();
  });

  it("resolves a sync source's oauth_account credential to the account's access token", async () => {
    const [row] = await rows();
    const access = app.app.get(GoogleAccessTokens, { strict: false });
    const credential = JSON.stringify({ type: 'oauth_account', accountId: row!.id });
    const token = await access.accessToken(credential, { scopes: [CALENDAR_SCOPE], subject: 'ignored@example.org' });
    expect(token).toBe(await accounts().accessToken(row!.id));
    expect((await google.introspect(token)).active).toBe(true);
    await expect(
      access.accessToken(JSON.stringify({ type: 'oauth_account' }), { scopes: [CALENDAR_SCOPE] }),
    ).rejects.toMatchObject({ name: 'GoogleAccessError', details: { credentials: true } });
  });

  it('shares one refresh among concurrent callers, renews short-lived tokens early, keeps a rotated refresh token, stops for an aborted caller', async () => {
    const [row] = await rows();
    const id = row!.id;
    accounts().forget(id);
    let before = google.tokenRequests;
    const tokens = await Promise.all(Array.from({ length: 5 }, () => accounts().accessToken(id)));
    expect(new Set(tokens).size).toBe(1);
    expect(google.tokenRequests).toBe(before + 1);

    // A token living 2 s is handed out for its first second only.
    google.accessTokenTtlSeconds = 2;
    try {
      accounts().forget(id);
      const short = await accounts().accessToken(id);
      expect(await accounts().accessToken(id)).toBe(short);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      before = google.tokenRequests;
      const renewed = await accounts().accessToken(id);
      expect(renewed).not.toBe(short);
      expect(google.tokenRequests).toBe(before + 1);
    } finally {
      google.accessTokenTtlSeconds = 3600;
    }

    // A server that rotates refresh tokens: the new one is stored (sealed), the old one is spent.
    google.rotateRefreshTokens = true;
    try {
      const old = box().open((await rowOf(id)).refresh_token_sealed!);
      accounts().forget(id);
      await accounts().accessToken(id);
      const current = box().open((await rowOf(id)).refresh_token_sealed!);
      expect(current).toBe(google.issuedRefreshTokens.at(-1));
      expect(current).not.toBe(old);
      expect(await google.introspect(old)).toMatchObject({ active: false });
      accounts().forget(id);
      expect(await accounts().accessToken(id)).toEqual(expect.any(String));
    } finally {
      google.rotateRefreshTokens = false;
    }

    const aborted = AbortSignal.abort(new Error('the sync run was cancelled'));
    await expect(accounts().accessToken(id, aborted)).rejects.toThrow('the sync run was cancelled');
    await expect(accounts().accessToken('not-an-id')).rejects.toMatchObject({ reason: 'unknown' });
  });

  describe('refuses', () => {
    const answer = async (browser: Browser, url: URL | string) => {
      const res = await browser.fetch(url);
      return { status: res.status, text: visibleText(await res.text()) };
    };

    it('a callback whose state was changed or left out, or brought by another session; the real one works once', async () => {
      const before = (await rows()).length;
      const { callbackUrl } = await atGoogle(admin, await pressConnect(admin, csrf, ['gmail.readonly']), 'team-inbox');

      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', 'x'.repeat(43));
      expect(await answer(admin, tampered)).toMatchObject({
        status: 400,
        text: expect.stringContaining('not started in this session, or was already completed'),
      });
      const missing = new URL(callbackUrl);
      missing.searchParams.delete('state');
      expect((await answer(admin, missing)).status).toBe(400);
      // The same admin signed in elsewhere (another session) cannot finish this browser's connection.
      const elsewhere = await dashboardBrowser(app.url, idp, 'ada');
      expect(await answer(elsewhere.browser, callbackUrl)).toMatchObject({
        status: 400,
        text: expect.stringContaining('started in another session'),
      });
      expect(await rows()).toHaveLength(before);

      const done = await admin.fetch(callbackUrl);
      expect(done.status).toBe(303);
      expect(await rows()).toHaveLength(before + 1);
      expect(await answer(admin, callbackUrl)).toMatchObject({
        status: 400,
        text: expect.stringContaining('already completed'),
      });
      expect(await rows()).toHaveLength(before + 1);
    });

    it('a callback after the state expired', async () => {
      const before = (await rows()).length;
      const { callbackUrl } = await atGoogle(admin, await pressConnect(admin, csrf, ['gmail.readonly']), 'team-inbox');
      await db.query(`UPDATE google_oauth_states SET expires_at = now() - interval '1 second'`);
      expect(await answer(admin, callbackUrl)).toMatchObject({
        status: 400,
        text: expect.stringContaining('took longer than 10 minutes'),
      });
      expect(await rows()).toHaveLength(before);
    });

    it('a callback where Google says the person declined, saying so', async () => {
      const start = await pressConnect(admin, csrf, ['calendar.readonly']);
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const declined = `${app.url}${CALLBACK_PATH}?error=access_denied&error_description=The+user+denied&state=${state}`;
      expect(await answer(admin, declined)).toMatchObject({
        status: 400,
        text: expect.stringContaining('Google did not grant access (access_denied: The user denied)'),
      });
    });

    it('a connection Google gave no refresh token for', async () => {
      const before = (await rows()).length;
      const { callbackUrl } = await atGoogle(
        admin,
        await pressConnect(admin, csrf, ['calendar.readonly']),
        'team-inbox',
      );
      google.withholdRefreshTokens = true;
      try {
        expect(await answer(admin, callbackUrl)).toMatchObject({
          status: 502,
          text: expect.stringContaining('Google sent no refresh token (offline access)'),
        });
      } finally {
        google.withholdRefreshTokens = false;
      }
      expect(await rows()).toHaveLength(before);
    });

    it('starting without the CSRF token, or without a valid choice of what to read', async () => {
      expect((await pressConnect(admin, 'forged', ['calendar.readonly'])).status).toBe(403);
      const none = await pressConnect(admin, csrf, []);
      expect(none.status).toBe(400);
      expect(visibleText(await none.text())).toContain('Choose at least one thing Switchyard may read');
      const unknown = await pressConnect(admin, csrf, ['drive']);
      expect(unknown.status).toBe(400);
      expect(visibleText(await unknown.text())).toContain('Unknown scope drive');
      expect((await fetch(`${app.url}/dashboard/google-accounts`, { redirect: 'manual' })).status).toBe(401);
    });
  });

  it('marks an account Google stopped honouring as needing reconnection, with an alert and no token in the logs; connecting it again renews it', async () => {
    const inbox = (await rows()).find((r) => r.subject === 'team-inbox')!;
    const refreshToken = box().open(inbox.refresh_token_sealed!);
    const accessToken = await accounts().accessToken(inbox.id);
    // The person removes Switchyard's access in their Google account.
    await google.revokeDirectly(refreshToken);
    accounts().forget(inbox.id);

    const failure = await accounts()
      .accessToken(inbox.id)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleAccountUnusableError);
    expect(failure).toMatchObject({
      reason: 'needs_reconnect',
      message: expect.stringContaining('team-inbox@example.org'),
    });
    expect((failure as Error).message).toContain('Connect it again on the dashboard');
    expect(await rowOf(inbox.id)).toMatchObject({ needs_reconnect_at: expect.any(Date), revoked_at: null });
    const [alert] = await db.query<{ kind: string; message: string }>(
      `SELECT kind, message FROM operator_alerts WHERE subject = $1 AND resolved_at IS NULL`,
      [inbox.id],
    );
    expect(alert).toMatchObject({
      kind: 'google_account.needs_reconnect',
      message: expect.stringContaining('invalid_grant'),
    });
    // Later calls stop before Google.
    const requests = google.tokenRequests;
    await expect(accounts().accessToken(inbox.id)).rejects.toThrow(/needs connecting again/);
    expect(google.tokenRequests).toBe(requests);
    const page = visibleText(await (await admin.fetch(`${app.url}/dashboard/google-accounts`)).text());
    expect(page).toContain('needs connecting again');
    for (const secret of [refreshToken, accessToken]) expect(logs.text()).not.toContain(secret);

    expect((await connect('team-inbox', ['gmail.readonly'])).status).toBe(303);
    const renewed = await rowOf(inbox.id);
    expect(renewed).toMatchObject({ needs_reconnect_at: null, revoked_at: null });
    expect(box().open(renewed.refresh_token_sealed!)).not.toBe(refreshToken);
    expect(await accounts().accessToken(inbox.id)).toEqual(expect.any(String));
    expect(
      await db.query(`SELECT 1 FROM operator_alerts WHERE subject = $1 AND resolved_at IS NULL`, [inbox.id]),
    ).toEqual([]);
    const [event] = await db.query<{ data: { renewed: boolean } }>(
      `SELECT data FROM audit_events WHERE action = 'google_account.connect' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [inbox.id],
    );
    expect(event!.data.renewed).toBe(true);
  });

  it('revokes from the dashboard: Google no longer honours the refresh token nor its access tokens, the account is unusable, audited', async () => {
    const calendar = (await rows()).find((r) => r.subject === 'team-calendar')!;
    const refreshToken = box().open(calendar.refresh_token_sealed!);
    const accessToken = await accounts().accessToken(calendar.id);

    const res = await admin.fetch(`${app.url}/dashboard/google-accounts/${calendar.id}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/google-accounts?done=revoked');

    expect(await google.introspect(refreshToken)).toMatchObject({ active: false });
    expect(await google.introspect(accessToken)).toMatchObject({ active: false });
    const refused = await google.refreshDirectly(refreshToken);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });

    expect(await rowOf(calendar.id)).toMatchObject({ revoked_at: expect.any(Date), refresh_token_sealed: null });
    await expect(accounts().accessToken(calendar.id)).rejects.toMatchObject({
      reason: 'revoked',
      message: expect.stringContaining('was revoked'),
    });
    await expect(
      app.app
        .get(GoogleAccessTokens, { strict: false })
        .accessToken(JSON.stringify({ type: 'oauth_account', accountId: calendar.id }), { scopes: [CALENDAR_SCOPE] }),
    ).rejects.toMatchObject({ name: 'GoogleAccessError', details: { credentials: true } });
    const [event] = await db.query(
      `SELECT source, actor_id, action, target FROM audit_events WHERE action = 'google_account.revoke'`,
    );
    expect(event).toEqual({
      source: 'admin_dashboard',
      actor_id: 'ada',
      action: 'google_account.revoke',
      target: calendar.id,
    });
    const page = visibleText(await (await admin.fetch(`${app.url}/dashboard/google-accounts?done=revoked`)).text());
    expect(page).toContain('Google account revoked');
    expect(page).toMatch(/team-calendar@example\.org .* revoked/);

    const again = await app.api(`/google/accounts/${calendar.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
  });

  it('revokes through the API (DELETE /google/accounts/:id), audited under the caller', async () => {
    const inbox = (await rows()).find((r) => r.subject === 'team-inbox' && r.revoked_at === null)!;
    const refreshToken = box().open(inbox.refresh_token_sealed!);
    const res = await app.api(`/google/accounts/${inbox.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: inbox.id, status: 'revoked' });
    expect(await google.introspect(refreshToken)).toMatchObject({ active: false });
    const [event] = await db.query(
      `SELECT source, actor_id FROM audit_events WHERE action = 'google_account.revoke' AND target = $1`,
      [inbox.id],
    );
    expect(event).toEqual({ source: 'api', actor_id: 'api' });
    expect((await app.api('/google/accounts/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
  });

  it('stores nothing, and leaves no grant at Google, when the audit event cannot be written', async () => {
    const before = await db.query('SELECT id, refresh_token_sealed FROM google_accounts ORDER BY id');
    const { callbackUrl } = await atGoogle(
      admin,
      await pressConnect(admin, csrf, ['calendar.readonly']),
      'team-calendar',
    );
    await db.query(`ALTER TABLE audit_events ADD CONSTRAINT trail_down CHECK (false) NOT VALID`);
    let status: number;
    try {
      status = (await admin.fetch(callbackUrl)).status;
    } finally {
      await db.query('ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS trail_down');
    }
    expect(status).toBe(500);
    expect(await db.query('SELECT id, refresh_token_sealed FROM google_accounts ORDER BY id')).toEqual(before);
    // The refresh token Google issued for it was handed back.
    expect(await google.introspect(google.issuedRefreshTokens.at(-1)!)).toMatchObject({ active: false });
  });

  it('is resealed by reseal-secrets after SECRETS_KEY is rotated (last: the app keeps the old key)', async () => {
    expect((await connect('team-calendar', ['calendar.readonly'])).status).toBe(303);
    const live = (await rows()).find((r) => r.revoked_at === null)!;
    const refreshToken = box().open(live.refresh_token_sealed!);
    const lines: string[] = [];
    await resealSecrets(
      loadConfig({ RUNTIME_ENV: 'test', DATABASE_URL: db.url, SECRETS_KEY: `${NEW_KEY},${TEST_SECRETS_KEY}` }),
      (line) => lines.push(line),
    );
    expect(lines).toContain('Google account refresh tokens: 1 resealed, 0 already under the newest key, 0 unreadable');
    expect(new SecretBox(NEW_KEY).open((await rowOf(live.id)).refresh_token_sealed!)).toBe(refreshToken);
    const [event] = await db.query(
      `SELECT actor_name, target FROM audit_events WHERE action = 'google_account.reseal_secrets'`,
    );
    expect(event).toEqual({ actor_name: 'reseal-secrets', target: live.id });
  });
});

describe('Google accounts without GOOGLE_OAUTH_CLIENT_ID', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { AUTH_BOOTSTRAP_LOGIN: 'on' } });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('says on the page that the feature is off and what to set; connecting is a 404 with the same reason', async () => {
    const { browser } = await bootstrapBrowser(app.url, db);
    const page = await browser.fetch(`${app.url}/dashboard/google-accounts`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = visibleText(html);
    expect(text).toContain('Google accounts are off. Set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET');
    expect(text).toContain(`${app.url}${CALLBACK_PATH}`);
    expect(text).not.toContain('Connect a Google account');
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const sources = visibleText(await (await browser.fetch(`${app.url}/dashboard/sources`)).text());
    expect(sources).toContain('Google account connected here');

    const connect = await browser.post(`${app.url}/dashboard/google-accounts/connect`, {
      _csrf: csrfToken,
      scopes: 'calendar.readonly',
    });
    expect(connect.status).toBe(404);
    expect(visibleText(await connect.text())).toContain('Google accounts are off: set GOOGLE_OAUTH_CLIENT_ID');
    expect((await app.api('/google/accounts')).status).toBe(200);
  });
});
