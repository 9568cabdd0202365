import { redactCredentials } from '../security/redact-credentials';

/**
 * Header names whose values never reach a log line or a stored event: credentials, session
 * cookies and provider signatures (a signature is not a secret, but with the body it lets anyone
 * replay the delivery elsewhere).
 */
export const SENSITIVE_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-hubspot-signature',
  'x-hubspot-signature-v3',
  'webhook-signature',
  'svix-signature',
  'x-signature',
  'signature',
  'x-signature-ed25519',
  'x-goog-channel-token',
  'x-api-key',
] as const;

export const REDACTED = '[redacted]';

/** Paths for pino's redact option. */
export const LOG_REDACT_PATHS = [
  ...SENSITIVE_HEADERS.map((h) => `req.headers["${h}"]`),
  ...SENSITIVE_HEADERS.map((h) => `res.headers["${h}"]`),
  '*.password',
  '*.secret',
  '*.token',
  '*.apiSharedSecret',
  '*.email',
];

/** A copy of the headers with every sensitive value replaced, for storing with an event. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  alsoSensitive: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] =
      (SENSITIVE_HEADERS as readonly string[]).includes(lower) || alsoSensitive.includes(lower)
        ? REDACTED
        : Array.isArray(value)
          ? value.join(', ')
          : value;
  }
  return out;
}

const TOKEN_PATHS = /^(\/auth\/(?:bootstrap|discord\/link)\/)[^/?#]+/;
const SENSITIVE_QUERY = new Set(['code', 'token', 'id_token', 'access_token', 'refresh_token']);

/**
 * A request URL as logged: one-time sign-in tokens in the path and OAuth codes in the query replaced,
 * credentials inside query values (a rule's text, tested from the dashboard) masked.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt < 0 ? url : url.slice(0, queryAt)).replace(TOKEN_PATHS, `$1${REDACTED}`);
  if (queryAt < 0) return path;
  const query = new URLSearchParams(
    [...new URLSearchParams(url.slice(queryAt + 1))].map(([key, value]): [string, string] => [
      key,
      SENSITIVE_QUERY.has(key.toLowerCase()) ? REDACTED : redactCredentials(value),
    ]),
  );
  return `${path}?${query.toString()}`;
}
