import { Browser } from './browser';
import { FakeIdentityProvider, USERS } from './fake-identity-provider';

export interface Authorized {
  /** Where GET /auth/login sent the browser: the provider's authorization endpoint. */
  authorizeUrl: URL;
  /** Where the provider sends the browser back (not opened yet). */
  callbackUrl: URL;
  /** The provider's pages the person went through: `login`, `consent`. */
  pages: string[];
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
  // The provider shows its login page, then its consent page; either is skipped when it remembers
  // the person (its own session) or their earlier consent.
  let step = await browser.follow(first, start, backHome);
  const pages: string[] = [];
  while (!step.next && pages.length < 2) {
    const interaction = /^\/interaction\/([\w-]+)$/.exec(step.url.pathname);
    if (!interaction) throw new Error(`Expected a page of the provider, got ${step.response.status} ${step.url.href}`);
    const page = await step.response.text();
    pages.push(page.includes('/login"') ? 'login' : 'consent');
    const submit: { url: string; form: Record<string, string> } = page.includes('/login"')
      ? {
          url: `${idp.url}/interaction/${interaction[1]}/login`,
          form: { login: user, password: USERS[user]!.password },
        }
      : { url: `${idp.url}/interaction/${interaction[1]}/confirm`, form: {} };
    step = await browser.follow(await browser.post(submit.url, submit.form), submit.url, backHome);
  }
  if (!step.next) throw new Error(`The provider did not send the browser back: ${step.response.status}`);
  return { authorizeUrl, callbackUrl: step.next, pages };
}

/** A whole sign-in: the browser ends up holding the session cookie. Returns the callback's answer. */
export async function signIn(browser: Browser, appUrl: string, idp: FakeIdentityProvider, user: string, next?: string) {
  const { callbackUrl } = await authorize(browser, appUrl, idp, user, next);
  return browser.fetch(callbackUrl);
}
