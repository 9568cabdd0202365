import { setTimeout as sleep } from 'node:timers/promises';
import { EspoRequestError, EspoTooLargeError, EspoUnavailableError } from './espo-error';
import type { EspoSettings } from './espo-settings';
import { retryAfterMs } from './retry-after';

export type EspoRecord = Record<string, unknown> & { id: string };

export interface WhereItem {
  type: string;
  attribute?: string;
  value?: unknown;
}

export interface ListParams {
  offset?: number;
  /** At most 200: EspoCRM refuses more (403). */
  maxSize?: number;
  select?: string[];
  where?: WhereItem[];
  orderBy?: string;
  order?: 'asc' | 'desc';
}

export interface ListPage<T = EspoRecord> {
  list: T[];
  total: number;
}

export interface NewAttachment {
  name: string;
  type: string;
  bytes: Buffer;
  parentType: string;
  field: string;
  parentId?: string;
}

export interface DownloadedFile {
  bytes: Buffer;
  type: string;
}

interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  /** Largest answer read, in bytes. */
  maxBytes?: number;
}

export const ESPO_MAX_PAGE_SIZE = 200;
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_BACKOFF_MS = 30_000;

const isRetryable = (status: number) => status === 429 || status >= 500;

/**
 * A small EspoCRM REST client (`X-Api-Key`). 429 and 5xx answers, timeouts and network errors are
 * retried with exponential backoff, waiting what `Retry-After` asks when given; 4xx answers fail
 * at once with EspoCRM's reason (`X-Status-Reason`). Answers are read up to a size limit.
 */
export class EspoClient {
  constructor(
    private readonly settings: EspoSettings,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = (ms, signal) =>
      sleep(ms, undefined, { signal }),
    /** Told of every attempt: its operation (`list`, `read`, `update`, …) and HTTP status, or `error`. */
    private readonly observe: (operation: string, status: number | 'error') => void = () => undefined,
  ) {}

  /** One page of a list; `searchParams` carries every parameter as JSON, as EspoCRM's own client does. */
  async list<T = EspoRecord>(entity: string, params: ListParams, signal?: AbortSignal): Promise<ListPage<T>> {
    if (params.maxSize !== undefined && params.maxSize > ESPO_MAX_PAGE_SIZE) {
      throw new RangeError(`maxSize must not exceed ${ESPO_MAX_PAGE_SIZE} (EspoCRM refuses more)`);
    }
    const searchParams = {
      ...params,
      ...(params.select ? { select: params.select.join(',') } : {}),
    };
    const page = await this.json<ListPage<T>>('GET', entity, `list ${entity}`, {
      query: { searchParams: JSON.stringify(searchParams) },
      signal,
    });
    if (!page || !Array.isArray(page.list) || typeof page.total !== 'number') {
      throw new EspoUnavailableError(`EspoCRM answered list ${entity} without {list, total}`);
    }
    return page;
  }

  async read(entity: string, id: string, signal?: AbortSignal): Promise<EspoRecord> {
    return this.json<EspoRecord>('GET', `${entity}/${encodeURIComponent(id)}`, `read ${entity} ${id}`, { signal });
  }

  /** The record, or undefined when EspoCRM says it does not exist (404; also 403 on a deleted record's ACL). */
  async readIfExists(entity: string, id: string, signal?: AbortSignal): Promise<EspoRecord | undefined> {
    try {
      return await this.read(entity, id, signal);
    } catch (error) {
      if (error instanceof EspoRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Sends only the given attributes (PUT, or PATCH on EspoCRM versions that document it). */
  async update(
    entity: string,
    id: string,
    changes: Record<string, unknown>,
    method: 'PUT' | 'PATCH' = 'PUT',
    signal?: AbortSignal,
  ): Promise<EspoRecord> {
    return this.json<EspoRecord>(method, `${entity}/${encodeURIComponent(id)}`, `update ${entity} ${id}`, {
      body: changes,
      signal,
    });
  }

  /** Uploads a file as a data URI; the attachment is linked to a record by a later update. */
  async uploadAttachment(file: NewAttachment, signal?: AbortSignal): Promise<{ id: string }> {
    const body = {
      name: file.name,
      type: file.type,
      role: 'Attachment',
      parentType: file.parentType,
      field: file.field,
      ...(file.parentId ? { parentId: file.parentId } : {}),
      file: `data:${file.type};base64,${file.bytes.toString('base64')}`,
    };
    const answer = await this.json<{ id?: unknown }>('POST', 'Attachment', `upload ${file.name}`, { body, signal });
    if (typeof answer?.id !== 'string') throw new EspoUnavailableError('EspoCRM answered the upload without an id');
    return { id: answer.id };
  }

  /**
   * Adds an attachment to a contact's attachment-multiple field (`resume`): EspoCRM replaces the
   * whole id list, so the ids already there are read first and kept. The field's ids afterwards.
   */
  async linkAttachment(
    entity: string,
    id: string,
    field: string,
    attachmentId: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const record = await this.read(entity, id, signal);
    const existing = Array.isArray(record[`${field}Ids`]) ? (record[`${field}Ids`] as string[]) : [];
    if (existing.includes(attachmentId)) return existing;
    const ids = [...existing, attachmentId];
    await this.update(entity, id, { [`${field}Ids`]: ids }, 'PUT', signal);
    return ids;
  }

  async attachment(id: string, signal?: AbortSignal): Promise<EspoRecord> {
    return this.json<EspoRecord>('GET', `Attachment/${encodeURIComponent(id)}`, `read attachment ${id}`, { signal });
  }

  /** An attachment's bytes (`GET Attachment/file/{id}`), refusing more than `maxBytes`. */
  async download(id: string, maxBytes: number, signal?: AbortSignal): Promise<DownloadedFile> {
    const response = await this.send('GET', `Attachment/file/${encodeURIComponent(id)}`, `download attachment ${id}`, {
      signal,
    });
    const bytes = await readCapped(response, maxBytes, `attachment ${id}`);
    return { bytes, type: response.headers.get('content-type') ?? 'application/octet-stream' };
  }

  /** Registers a webhook (`POST Webhook`); EspoCRM answers with the secret it signs deliveries with. */
  async createWebhook(event: string, url: string, signal?: AbortSignal): Promise<{ id: string; secretKey: string }> {
    const answer = await this.json<{ id?: unknown; secretKey?: unknown }>('POST', 'Webhook', `register ${event}`, {
      body: { event, url },
      signal,
    });
    if (typeof answer?.id !== 'string' || typeof answer.secretKey !== 'string') {
      throw new EspoUnavailableError(`EspoCRM answered the ${event} webhook registration without an id and secretKey`);
    }
    return { id: answer.id, secretKey: answer.secretKey };
  }

  async deleteWebhook(id: string, signal?: AbortSignal): Promise<void> {
    await this.json('DELETE', `Webhook/${encodeURIComponent(id)}`, `delete webhook ${id}`, { signal });
  }

  private async json<T>(method: string, path: string, what: string, options: RequestOptions): Promise<T> {
    const response = await this.send(method, path, what, options);
    const text = (await readCapped(response, options.maxBytes ?? MAX_JSON_BYTES, what)).toString('utf8');
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new EspoUnavailableError(`EspoCRM answered ${what} with something other than JSON`);
    }
  }

  /** The first answer that is neither a 429 nor a 5xx, retrying those; 4xx throw with the reason. */
  private async send(method: string, path: string, what: string, options: RequestOptions): Promise<Response> {
    const url = new URL(`${this.settings.baseUrl}/${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const { maxAttempts, retryBaseMs, retryAfterMaxMs } = this.settings;
    const operation = what.split(' ')[0]!;
    let last = '';
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      let waitMs: number | undefined;
      try {
        const response = await fetch(url, {
          method,
          headers: {
            'x-api-key': this.settings.apiKey,
            accept: 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: this.requestSignal(options.signal),
        });
        this.observe(operation, response.status);
        if (response.ok) return response;
        const reason = response.headers.get('x-status-reason') ?? undefined;
        await response.body?.cancel().catch(() => undefined);
        if (!isRetryable(response.status)) throw new EspoRequestError(response.status, reason, what);
        last = `${response.status}${reason ? ` ${reason}` : ''}`;
        waitMs = retryAfterMs(response.headers.get('retry-after'));
        if (waitMs !== undefined && waitMs > retryAfterMaxMs) {
          throw new EspoUnavailableError(
            `EspoCRM answered ${what} with ${last} and asks to wait ${Math.ceil(waitMs / 1000)} s, longer than ESPO_RETRY_AFTER_MAX_SECONDS`,
          );
        }
      } catch (error) {
        if (error instanceof EspoRequestError || error instanceof EspoUnavailableError) throw error;
        this.observe(operation, 'error');
        if (options.signal?.aborted) throw error;
        last = describeFailure(error);
      }
      if (attempt >= maxAttempts) {
        throw new EspoUnavailableError(`EspoCRM did not answer ${what} after ${attempt} attempts: ${last}`);
      }
      const backoff = Math.min(MAX_BACKOFF_MS, retryBaseMs * 2 ** (attempt - 1));
      await this.wait(waitMs ?? backoff * (0.5 + Math.random() / 2), options.signal);
    }
  }

  private requestSignal(outer?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    return outer ? AbortSignal.any([outer, timeout]) : timeout;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no answer in time (ESPO_TIMEOUT_SECONDS)';
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/** The body, refusing one larger than `maxBytes` (declared or streamed) without reading the rest. */
async function readCapped(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new EspoTooLargeError(`EspoCRM's answer to ${what} is ${declared} bytes, over the ${maxBytes} limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) {
      throw new EspoTooLargeError(`EspoCRM's answer to ${what} is over the ${maxBytes} byte limit`);
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
