import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { abortReason } from '../../platform/queue/abortable';
import { guardedLookup } from './guarded-lookup';

export interface ForwardResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The start of the body, for the job's result or error. */
  excerpt: string;
  /** The answer was longer than the cap and was not read to its end. */
  truncated: boolean;
}

export interface ForwardRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  /** No byte for this long fails the attempt. */
  timeoutMs: number;
  /** The whole exchange (connect, headers, body) must be over by then. */
  deadlineMs: number;
  /** At most this much of the answer is read; then the connection is closed. */
  maxResponseBytes: number;
  allowPrivate: boolean;
  /** The job's signal: cancellation or shutdown abort the request. */
  signal?: AbortSignal;
}

const EXCERPT_BYTES = 2048;

/** Stops the exchange from the deadline or the job, with a reason a person can read. */
function stopper(deadlineMs: number, signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no complete answer within ${deadlineMs / 1000} s`)),
    deadlineMs,
  );
  const onAbort = () => controller.abort(abortReason(signal!));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * One POST with the address guard on the connection; redirects are not followed. Bounded three
 * ways: idle time (`timeoutMs`), the whole exchange (`deadlineMs`) and the bytes read of the
 * answer (`maxResponseBytes`).
 */
export function postForward(request: ForwardRequest): Promise<ForwardResponse> {
  const { url, headers, body, timeoutMs, deadlineMs, maxResponseBytes, allowPrivate } = request;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const stop = stopper(deadlineMs, request.signal);
  return new Promise<ForwardResponse>((resolve, reject) => {
    const fail = (error: Error) => reject(stop.signal.aborted ? (stop.signal.reason as Error) : error);
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
        lookup: guardedLookup(allowPrivate),
        timeout: timeoutMs,
        signal: stop.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const answer = (truncated: boolean) =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            excerpt: Buffer.concat(chunks).toString('utf8').slice(0, 500),
            truncated,
          });
        res.on('data', (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size > maxResponseBytes) {
            answer(true);
            res.destroy();
          }
        });
        res.on('end', () => answer(false));
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', fail);
    req.end(body);
  }).finally(stop.done);
}
