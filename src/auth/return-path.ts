const ORIGIN = 'http://switchyard.invalid';

/**
 * The place to send someone after signing in: `next` when it is a path on this server
 * (`/rules?x=1`), otherwise the fallback. Absolute URLs, `//host`, `/\host`, and anything with
 * control characters or backslashes (which browsers may read as another host) are refused.
 */
export function safeReturnPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next) || hasControlCharacter(next))
    return fallback;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return fallback;
  }
  return url.origin === ORIGIN ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
