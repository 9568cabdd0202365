import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { abortReason } from '../../platform/queue/abortable';
import { redactCredentials } from '../../platform/security/redact-credentials';
import { literalAddressProblem } from '../../routing/forward/address-policy';
import { guardedLookup } from '../../routing/forward/guarded-lookup';
import { retryAfter } from '../../routing/forward/retry-after';
import { SyncFetchError } from './sync-fetch-error';

export interface GetLimits {
  /** Private, loopback and other non-public addresses allowed (SYNC_HTTP_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** No byte for this long fails the request. */
  timeoutMs: number;
  /** The whole exchange must be over by then. */
  deadlineMs: number;
  /** An answer longer than this fails the request (bounded memory). */
  maxBytes: number;
  /** A Retry-After is believed up to this far ahead. */
  retryAfterMaxSeconds: number;
}

export interface JsonAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const ALLOW_VARIABLE = 'SYNC_HTTP_ALLOW_PRIVATE';

/** The URL as it may appear in a run's error: query strings and credentials masked. */
export const shownUrl = (url: URL): string => redactCredentials(`${url.origin}${url.pathname}${url.search}`);

/**
 * One GET of a JSON document with http.forward's address guard on the connection (private and
 * loopback addresses refused unless allowed, checked on the addresses the socket connects to),
 * no redirects, and three bounds: idle time, the whole exchange, and the size of the answer.
 * Anything but a 2xx JSON answer is a SyncFetchError saying what went wrong.
 */
export async function getJson(
  url: URL,
  headers: Record<string, string>,
  limits: GetLimits,
  signal?: AbortSignal,
): Promise<JsonAnswer> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SyncFetchError(`${shownUrl(url)} is not an http(s) URL`);
  }
  const literal = limits.allowPrivate ? undefined : literalAddressProblem(url);
  if (literal) throw new SyncFetchError(`${literal} (set ${ALLOW_VARIABLE}=true to allow private networks)`);
  return readAnswer(url, await exchange(url, headers, limits, signal), limits);
}

/**
 * One POST of a JSON body (Gmail's `users.watch`) under getJson's guard and bounds, read the same
 * way; a 204 answer is `body: undefined`.
 */
export async function postJson(
  url: URL,
  body: unknown,
  headers: Record<string, string>,
  limits: GetLimits,
  signal?: AbortSignal,
): Promise<JsonAnswer> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SyncFetchError(`${shownUrl(url)} is not an http(s) URL`);
  }
  const literal = limits.allowPrivate ? undefined : literalAddressProblem(url);
  if (literal) throw new SyncFetchError(`${literal} (set ${ALLOW_VARIABLE}=true to allow private networks)`);
  const sent = Buffer.from(JSON.stringify(body));
  const raw = await exchange(url, { ...headers, 'content-type': 'application/json' }, limits, signal, sent);
  return readAnswer(url, raw, limits);
}

function readAnswer(url: URL, raw: RawAnswer, limits: GetLimits): JsonAnswer {
  const text = raw.body.toString('utf8');
  const excerpt = redactCredentials(text.slice(0, 200));
  if (raw.status === 429 || raw.status === 503) {
    const at = retryAfter(headerValue(raw.headers['retry-after']), limits.retryAfterMaxSeconds);
    throw new SyncFetchError(
      `${shownUrl(url)} answered ${raw.status}${at ? ` (Retry-After ${at.toISOString()})` : ''}`,
      {
        status: raw.status,
        retryAt: at,
      },
    );
  }
  if (raw.status === 401 || raw.status === 403) {
    throw new SyncFetchError(`${shownUrl(url)} refused the credentials (${raw.status}): ${excerpt}`, {
      status: raw.status,
      credentials: true,
    });
  }
  if (raw.status >= 300 && raw.status < 400) {
    throw new SyncFetchError(`${shownUrl(url)} answered ${raw.status} (redirects are not followed)`, {
      status: raw.status,
    });
  }
  if (raw.status < 200 || raw.status >= 300) {
    throw new SyncFetchError(`${shownUrl(url)} answered ${raw.status}: ${excerpt}`, { status: raw.status });
  }
  if (raw.status === 204) return { status: raw.status, headers: raw.headers, body: undefined };
  try {
    return { status: raw.status, headers: raw.headers, body: JSON.parse(text) as unknown };
  } catch {
    throw new SyncFetchError(`${shownUrl(url)} did not answer JSON: ${JSON.stringify(excerpt.slice(0, 80))}`, {
      status: raw.status,
    });
  }
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function exchange(
  url: URL,
  headers: Record<string, string>,
  limits: GetLimits,
  signal: AbortSignal | undefined,
  body?: Buffer,
): Promise<RawAnswer> {
  const controller = new AbortController();
  const deadline = setTimeout(
    () =>
      controller.abort(new SyncFetchError(`${shownUrl(url)}: no complete answer within ${limits.deadlineMs / 1000} s`)),
    limits.deadlineMs,
  );
  const onAbort = () => controller.abort(abortReason(signal!));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RawAnswer>((resolve, reject) => {
    const fail = (error: Error) => {
      if (controller.signal.aborted) return reject(controller.signal.reason as Error);
      reject(error instanceof SyncFetchError ? error : new SyncFetchError(`${shownUrl(url)}: ${error.message}`));
    };
    const req = send(
      url,
      {
        method: body ? 'POST' : 'GET',
        headers: {
          accept: 'application/json',
          'user-agent': 'Switchyard-sync',
          ...headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        lookup: guardedLookup(limits.allowPrivate, ALLOW_VARIABLE),
        timeout: limits.timeoutMs,
        signal: controller.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            res.destroy(
              new SyncFetchError(
                `${shownUrl(url)}: the answer is larger than ${limits.maxBytes} bytes (SYNC_MAX_RESPONSE_BYTES)`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', fail);
      },
    );
    req.on('timeout', () =>
      req.destroy(new SyncFetchError(`${shownUrl(url)}: no answer within ${limits.timeoutMs} ms`)),
    );
    req.on('error', fail);
    req.end(body);
  }).finally(() => {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onAbort);
  });
}
