import { retryAfter } from '../../../routing/forward/retry-after';
import { oneLine } from '../../../webhooks/providers/event-text';
import { readBounded } from '../../http/read-bounded';
import { GoogleAccessError } from './google-access-error';

export interface IssuedToken {
  accessToken: string;
  /** When Google says it stops working. */
  expiresAt: number;
}

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 64 * 1024;

/**
 * One POST to Google's OAuth 2.0 token endpoint (form-encoded, as RFC 6749 says), read into a
 * token or a GoogleAccessError with Google's own `error` and `error_description`. 400 and 401
 * (invalid_grant, unauthorized_client: a bad assertion, no delegation for the scope) are the
 * credential's fault; 429 and 5xx are Google's, retried when it says.
 */
export async function requestToken(
  tokenUrl: string,
  form: Record<string, string>,
  signal?: AbortSignal,
): Promise<IssuedToken> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await readBounded(response, MAX_BYTES);
  } catch (error) {
    if (signal?.aborted) throw error;
    const what = timeout.aborted ? `no answer within ${TIMEOUT_MS} ms` : (error as Error).message;
    throw new GoogleAccessError(`Google's token endpoint could not be reached: ${what}`);
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Reported below with the status.
  }
  if (response.ok && typeof body.access_token === 'string' && body.access_token !== '') {
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { accessToken: body.access_token, expiresAt: Date.now() + seconds * 1000 };
  }
  const reason = [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
  const said = oneLine(reason || text || response.statusText, 300);
  const status = response.status;
  if (status === 429 || status >= 500) {
    throw new GoogleAccessError(`Google's token endpoint answered ${status}: ${said}`, {
      status,
      retryAt: retryAfter(response.headers.get('retry-after') ?? undefined, 24 * 3600),
    });
  }
  throw new GoogleAccessError(`Google refused the credential (${status}): ${said}`, {
    status,
    credentials: status === 400 || status === 401 || status === 403,
  });
}
