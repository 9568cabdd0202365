import { Browser } from './browser';
import { FakeIdentityProvider } from './fake-identity-provider';
import { signIn } from './sign-in';

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
