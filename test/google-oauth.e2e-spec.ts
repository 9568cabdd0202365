import { GoogleAccountUnusableError } from '../src/integrations/google/oauth/google-oauth-errors';
import { GoogleOAuthAccounts } from '../src/integrations/google/oauth/google-oauth-accounts';
import { SecretBox } from '../src/platform/security/secret-box';
import { Browser } from './support/browser';
import { dashboardBrowser, visibleText } from './support/dashboard';
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
  const rowOf = async (id: string) => (await db.query<AccountRow>('SELECT * FROM google_accounts WHERE id = $1', [id]))[0]!;

  /** "Connect a Google account" pressed on the dashboard: the answer, a redirect to Google. */
  const pressConnect = (browser: Browser, token: string, scopes: string[]) =>
    browser.fetch(`${app.url}/dashboard/google-accounts/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', token], ...scopes.map((s) => ['scopes', s])]).toString(),
    });

  /** The person at Google: signs in as `user` (unless Google remembers them) and allows; returns where Google sends them back. */
  async function atGoogle(browser: Browser, start: Response, user: string) {
    expect(start.status).toBe(303);
    const authorizeUrl = new URL(start.headers.get('location')!);
    const backHome = (url: URL) => url.origin === app.url;
    let step = await browser.follow(start, `${app.url}/dashboard/google-accounts/connect`, backHome);
    const pages: string[] = [];
    while (!step.next && pages.length < 2) {
      const interaction = /^\/interaction\/([\w-]+)$/.exec(step.url.pathname);
      if (!interaction) throw new Error(`Expected a page of Google, got ${step.response.status} ${step.url.href}: ${await step.response.text()}`);
      const page = await step.response.text();
      const login = page.includes('/login"');
      pages.push(login ? 'login' : 'consent');
      const submit = login
        ? { url: `${google.url}/interaction/${interaction[1]}/login`, form: { login: user, password: GOOGLE_USERS[user]!.password } }
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

    const [event] = await db.query('SELECT source, actor_id, actor_name, action, target, data FROM audit_events WHERE action = $1', [
      'google_account.connect',
    ]);
    expect(event).toEqual({
      source: 'admin_dashboard',
      actor_id: 'ada',
      actor_name: 'Ada Admin',
      action: 'google_account.connect',
      target: row!.id,
      data: { email: 'team-calendar@example.org', scopes: expect.arrayContaining(['calendar.readonly', 'gmail.readonly']), renewed: false },
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
    expect((await rowOf(row!.id)) as unknown).toMatchObject({ id: row!.id });
    const [used] = await db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM google_accounts WHERE id = $1', [row!.id]);
    expect(used!.last_used_at).not.toBeNull();
  });
});
