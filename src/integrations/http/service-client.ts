import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfter } from '../../routing/forward/retry-after';
import { oneLine } from '../../webhooks/providers/event-text';
import { readBounded, ResponseTooLargeError } from './read-bounded';
import { ServiceRefusedError, ServiceUnavailableError } from './service-errors';

export interface ServiceClientOptions {
  /** Named in every error: `Jira answered 400: ...`. */
  service: string;
  /** Paths are appended to it as they are (no trailing slash needed). */
  baseUrl: string;
  /** Sent with every request (authentication). */
  headers: Record<string, string>;
  /** Finds the service's own reason in an error body. */
  reasonOf: (body: unknown, text: string) => string | undefined;
  /** One attempt, connect to last byte. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** A Retry-After up to this long is waited out here; a longer one ends the request (`retryAt`). */
  maxWaitSeconds?: number;
  maxResponseBytes?: number;
}

export interface ServiceRequest {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface ServiceAnswer {
  status: number;
  /** The parsed JSON body; undefined for an empty one (204). */
  body: unknown;
}

const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * A small JSON-over-HTTP client for one outside service. Each request is retried within itself
 * (network errors, timeouts, 5xx, 408, 429: after the service's Retry-After when it sends one and
 * it is short, else exponential backoff from half a second); when that is used up it throws
 * ServiceUnavailableError carrying the Retry-After, so a job can come back when the service said.
 * Other 4xx throw ServiceRefusedError with the service's reason. Bodies are read up to a limit.
 */
export class ServiceClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxWaitSeconds: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: ServiceClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.maxWaitSeconds = options.maxWaitSeconds ?? 30;
    this.maxResponseBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
  }

  get service(): string {
    return this.options.service;
  }

  async request(method: string, path: string, request: ServiceRequest = {}): Promise<ServiceAnswer> {
    const url = this.url(path, request.query);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, url, request);
      if ('answer' in outcome) return outcome.answer;
      const { reason, retryAt } = outcome;
      const waitMs = retryAt ? retryAt.getTime() - Date.now() : 500 * 2 ** (attempt - 1);
      if (attempt >= this.maxAttempts || waitMs > this.maxWaitSeconds * 1000) {
        throw new ServiceUnavailableError(this.service, reason, retryAt);
      }
      await sleep(Math.max(waitMs, 0), undefined, { signal: request.signal });
    }
  }

  private url(path: string, query: ServiceRequest['query'] = {}): URL {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** One exchange: the answer, or why it may be worth another try (and when, if the service said). */
  private async attempt(
    method: string,
    url: URL,
    { json, signal }: ServiceRequest,
  ): Promise<{ answer: ServiceAnswer } | { reason: string; retryAt?: Date }> {
    let response: Response;
    let text: string;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'Switchyard',
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.options.headers,
        },
        body: json === undefined ? undefined : JSON.stringify(json),
        redirect: 'error',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await readBounded(response, this.maxResponseBytes);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof ResponseTooLargeError) throw new ServiceUnavailableError(this.service, error.message);
      const cause = (error as Error & { cause?: Error }).cause?.message;
      const what = timeout.aborted ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      return { reason: `could not be reached: ${what}${cause ? ` (${cause})` : ''}` };
    }
    const body = parseJson(text);
    if (response.ok) {
      if (text !== '' && body === undefined) {
        throw new ServiceUnavailableError(
          this.service,
          `answered ${response.status} with a body that is not JSON: ${oneLine(text, 100)}`,
        );
      }
      return { answer: { status: response.status, body } };
    }
    const reason = oneLine(this.options.reasonOf(body, text) ?? (text || response.statusText), 300);
    if (!RETRYABLE(response.status)) throw new ServiceRefusedError(this.service, response.status, reason);
    // Honoured up to a day: a service asking for longer is treated as asking for a day.
    const retryAt = retryAfter(response.headers.get('retry-after') ?? undefined, 24 * 3600);
    return { reason: `answered ${response.status}: ${reason}`, retryAt };
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
