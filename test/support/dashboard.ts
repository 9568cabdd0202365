import { BOOTSTRAP_LINK_PATH, createBootstrapLink } from '../../src/auth/bootstrap/bootstrap-links';
import { Browser } from './browser';
import { FakeIdentityProvider } from './fake-identity-provider';
import { signIn } from './sign-in';
import { startTestApp, type TestApp } from './switchyard';
import { createTestDatabase, type TestDatabase } from './test-database';

/** A browser signed in through the identity provider, and the CSRF token its pages carry. */
export async function dashboardBrowser(appUrl: string, idp: FakeIdentityProvider, user: string) {
  const browser = new Browser();
  await signIn(browser, appUrl, idp, user);
  const page = await browser.fetch(`${appUrl}/dashboard`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  return { browser, csrf: csrf ?? '' };
}

/** The text of a page with tags removed and whitespace collapsed, as a person reads it. */
export const visibleText = (html: string): string =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/**
 * A browser signed in with a one-time bootstrap link (the app needs `AUTH_BOOTSTRAP_LOGIN=on`), the
 * way an operator does from the link printed at startup. Returns the link too.
 */
export async function bootstrapBrowser(appUrl: string, db: TestDatabase) {
  const link = await bootstrapLink(appUrl, db);
  const browser = new Browser();
  const used = await browser.fetch(link);
  if (used.status !== 302) throw new Error(`The bootstrap link answered ${used.status}`);
  const cookie = browser.cookie('switchyard_session', appUrl);
  if (!cookie) throw new Error('The bootstrap link set no session cookie');
  return { browser, cookie: `${cookie.name}=${cookie.value}` };
}

/** A fresh, unused bootstrap sign-in link. */
export async function bootstrapLink(appUrl: string, db: TestDatabase): Promise<string> {
  const { token } = await createBootstrapLink((sql, params) => db.query(sql, params), 600);
  return `${appUrl}${BOOTSTRAP_LINK_PATH}/${token}`;
}

/** A fresh database, the app (api + worker) behind the loopback identity provider, and Ada signed in as admin. */
export interface SignedInDashboard {
  idp: FakeIdentityProvider;
  db: TestDatabase;
  app: TestApp;
  admin: Browser;
  csrf: string;
  stop(): Promise<void>;
}

export async function signedInDashboard(env: Record<string, string> = {}): Promise<SignedInDashboard> {
  const idp = await new FakeIdentityProvider().start();
  const db = await createTestDatabase();
  const app = await startTestApp({
    databaseUrl: db.url,
    roles: ['api', 'worker'],
    env: {
      ...idp.clientEnv(),
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    },
  });
  await idp.register([`${app.url}/auth/callback`]);
  const { browser: admin, csrf } = await dashboardBrowser(app.url, idp, 'ada');
  return {
    idp,
    db,
    app,
    admin,
    csrf,
    stop: async () => {
      await app.stop();
      await db.drop();
      await idp.stop();
    },
  };
}
