/** One header field of a raw header block, unfolded. */
interface HeaderField {
  name: string;
  value: string;
}

/** The fields of a raw header block (RFC 5322), in order, continuation lines unfolded. */
export function headerFields(raw: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line)) {
      const last = fields.at(-1);
      if (last) last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** RFC 8601 comments `( … )`, nested ones included, removed; quoted strings kept. */
function withoutComments(value: string): string {
  let depth = 0;
  let quoted = false;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      out += c;
      if (c === '\\' && i + 1 < value.length) out += value[++i];
      else if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '(') {
      depth = 1;
    } else {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** `method[/version]=result`, the start of each result in the header. */
const RESINFO = /^\s*([A-Za-z0-9_-]+)(?:\s*\/\s*\d+)?\s*=\s*([A-Za-z]+)/;

export interface AuthenticationResults {
  /** Who wrote the header (the receiving server's name), lower case. */
  authservId: string;
  /** Each method's results in order (`dkim` may appear once per signature). */
  results: Map<string, string[]>;
}

/** One Authentication-Results value: its authserv-id and each `method=result`. */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const segments = withoutComments(value).split(';');
  // Microsoft 365 writes no authserv-id: its header starts with `spf=…`.
  const head = RESINFO.test(segments[0] ?? '') ? '' : (segments.shift() ?? '');
  const authservId = head.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const results = new Map<string, string[]>();
  for (const resinfo of segments) {
    const match = RESINFO.exec(resinfo);
    if (!match) continue;
    const method = match[1]!.toLowerCase();
    results.set(method, [...(results.get(method) ?? []), match[2]!.toLowerCase()]);
  }
  return { authservId, results };
}

export type SenderVerdict = { authenticated: true } | { authenticated: false; reason: string };

const REQUIRED_METHODS = ['spf', 'dkim', 'dmarc'] as const;

/**
 * Whether the receiving server vouched for the sender. Only the topmost Authentication-Results is
 * trusted: the receiving server adds its own above everything the message arrived with, so any
 * lower one may have been written by the sender. SPF, DKIM (any of the signatures) and DMARC must
 * each be `pass`; with `authservId` the topmost header must also be that server's.
 */
export function judgeSender(rawHeaders: string, authservId?: string): SenderVerdict {
  const topmost = headerFields(rawHeaders).find((field) => field.name === 'authentication-results');
  if (!topmost) return { authenticated: false, reason: 'no Authentication-Results header' };
  const parsed = parseAuthenticationResults(topmost.value);
  if (authservId && parsed.authservId !== authservId) {
    return {
      authenticated: false,
      reason: `the topmost Authentication-Results is from ${parsed.authservId || '(nobody)'}, not ${authservId} (EMAIL_AUTHSERV_ID)`,
    };
  }
  const failing = REQUIRED_METHODS.filter((method) => !(parsed.results.get(method) ?? []).includes('pass')).map(
    (method) => `${method}=${(parsed.results.get(method) ?? ['missing']).join('/')}`,
  );
  if (failing.length > 0) {
    return {
      authenticated: false,
      reason: `sender not authenticated: ${failing.join(', ')} (spf, dkim and dmarc must pass)`,
    };
  }
  return { authenticated: true };
}
