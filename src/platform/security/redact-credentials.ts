export const MASK = '***';

/** A URL in free text: scheme, then everything up to whitespace, a quote or a bracket. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>`]+)/gi;
/** Header-style credentials: `Bearer abc…`, `Basic abc…`. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[\w.~+/=-]{8,}/gi;
/**
 * `token=…`, `apiKey: "…"`, `client_secret == '…'`, `"token": "…"` (JSON): the value of anything named like
 * a credential.
 */
const SECRET_PARAM =
  /\b([\w-]*(?:secret|token|password|passwd|credential|signature|(?:api|access|private)[_-]?key|authorization)[\w-]*)("?\s*(?:==|=|:)\s*)(?!(?:Bearer|Basic|Token)\s)("[^"]*"|'[^']*'|[^\s,;&"']+)/gi;

/** Looks like a key or token rather than a word: long and mixed, or just long. */
const tokenLike = (segment: string): boolean =>
  segment.length >= 32 || (segment.length >= 16 && /\d/.test(segment) && /[a-z]/i.test(segment));

function redactUrl(scheme: string, rest: string): string {
  const cut = rest.search(/[/?#]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  const tail = cut < 0 ? '' : rest.slice(cut);
  const host = authority.includes('@') ? `${MASK}@${authority.slice(authority.lastIndexOf('@') + 1)}` : authority;
  // Whatever follows the path (a query string, a fragment) is hidden as a whole.
  const extraAt = tail.search(/[?#]/);
  const path = extraAt < 0 ? tail : tail.slice(0, extraAt);
  const extra = extraAt < 0 ? '' : `${tail[extraAt]}${MASK}`;
  const maskedPath = path
    .split('/')
    .map((segment) => (tokenLike(segment) ? MASK : segment))
    .join('/');
  return `${scheme}${host}${maskedPath}${extra}`;
}

/**
 * Text fit to show outside the place it is edited (rule text in lists, the bot and the audit trail;
 * job errors in Discord): URL credentials, query strings and fragments, path segments that look
 * like tokens, `Bearer …` values and the values of parameters named like credentials become `***`.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(URL_IN_TEXT, (_match, scheme: string, rest: string) => redactUrl(scheme, rest))
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${MASK}`)
    .replace(SECRET_PARAM, (_match, key: string, operator: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0]! : '';
      return `${key}${operator}${quote}${MASK}${quote}`;
    });
}
