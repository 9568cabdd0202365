import { Browser } from './browser';
import { FakeIdentityProvider, USERS } from './fake-identity-provider';

export interface Authorized {
  /** Where GET /auth/login sent the browser: the provider's authorization endpoint. */
  authorizeUrl: URL;
  /** Where the provider sends the browser back (not opened yet). */
  callbackUrl: URL;
}

/**
 * A person signing in, up to the provider's redirect back to Switchyard: GET /auth/login, the
 * provider's login form (user and password), its consent page ("Allow").
 */
export async function authorize(
  browser: Browser,
  appUrl: string,
  idp: FakeIdentityProvider,
  user: string,
  next?: string,
): Promise<Authorized> {
  const start = `${appUrl}/auth/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`;
  const backHome = (url: URL) => url.origin === new URL(appUrl).origin;
  const first = await browser.fetch(start);
  if (first.status !== 302) throw new Error(`GET /auth/login answered ${first.status}: ${await first.text()}`);
  const authorizeUrl = new URL(first.headers.get('location')!);
  const loginPage = await browser.follow(first, start, backHome);
  const uid = /\/interaction\/([\w-]+)/.exec(loginPage.url.pathname)?.[1];
  if (!uid) throw new Error(`Expected the provider's login page, got ${loginPage.url.href}`);
  const loggedIn = await browser.post(`${idp.url}/interaction/${uid}/login`, {
    login: user,
    password: USERS[user]!.password,
  });
  const consentPage = await browser.follow(loggedIn, `${idp.url}/interaction/${uid}/login`, backHome);
  const consentUid = /\/interaction\/([\w-]+)/.exec(consentPage.url.pathname)?.[1];
  if (!consentUid) throw new Error(`Expected the provider's consent page, got ${consentPage.url.href}`);
  const allowed = await browser.post(`${idp.url}/interaction/${consentUid}/confirm`, {});
  const back = await browser.follow(allowed, `${idp.url}/interaction/${consentUid}/confirm`, backHome);
  if (!back.next) throw new Error(`The provider did not send the browser back: ${back.response.status}`);
  return { authorizeUrl, callbackUrl: back.next };
}

/** A whole sign-in: the browser ends up holding the session cookie. Returns the callback's answer. */
export async function signIn(browser: Browser, appUrl: string, idp: FakeIdentityProvider, user: string, next?: string) {
  const { callbackUrl } = await authorize(browser, appUrl, idp, user, next);
  return browser.fetch(callbackUrl);
}
