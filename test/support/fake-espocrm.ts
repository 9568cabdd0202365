import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export type EspoRecord = Record<string, unknown> & { id: string };

/** A scripted answer: taken by the next request whose method and path match, before anything else. */
export interface EspoFault {
  status: number;
  /** `Retry-After` in seconds (429, 503). */
  retryAfter?: number;
  reason?: string;
  /** Wait this long before answering (a slow EspoCRM); with status 0 the answer is the real one, late. */
  delayMs?: number;
}

interface ScriptedFault extends EspoFault {
  method: string;
  path: RegExp;
  times: number;
}

export interface EspoWebhook {
  id: string;
  event: string;
  url: string;
  secretKey: string;
}

export interface EspoRequest {
  method: string;
  path: string;
  searchParams?: Record<string, unknown>;
  status: number;
}

interface WhereItem {
  type: string;
  attribute?: string;
  value?: unknown;
}

interface Attachment {
  id: string;
  name: string;
  type: string;
  role: string;
  field?: string;
  parentType?: string;
  parentId?: string;
  bytes: Buffer;
  createdAt: string;
}

const MAX_SIZE = 200;
const DEFAULT_MAX_SIZE = 20;
/** EspoCRM's record ids: 17 hexadecimal characters. */
export const espoId = (): string => randomBytes(9).toString('hex').slice(0, 17);
/** EspoCRM's datetime format: `YYYY-MM-DD HH:mm:ss`, UTC. */
export const espoDateTime = (date = new Date()): string => date.toISOString().slice(0, 19).replace('T', ' ');

/**
 * A loopback EspoCRM (`/api/v1`): the X-Api-Key check, `GET Contact` with `searchParams` JSON (or
 * plain offset/maxSize/select/orderBy/order), the 200 cap refused with 403 as EspoCRM does, `total`,
 * GET/PUT/PATCH of one contact (modifiedAt set on change), attachments uploaded as data URIs and
 * downloaded as bytes, webhook registration returning a secret and deliveries signed as EspoCRM signs
 * them. Faults are scripted per method and path (429 with Retry-After, 5xx, 401, slow answers), and
 * `beforeListPage` lets a test change records between pages of a running sync. Errors carry their
 * reason in `X-Status-Reason`, like EspoCRM.
 */
export class FakeEspoCrm {
  readonly contacts = new Map<string, EspoRecord>();
  readonly attachments = new Map<string, Attachment>();
  readonly webhooks = new Map<string, EspoWebhook>();
  readonly requests: EspoRequest[] = [];
  /** Called before each list page is answered, with the page's offset. */
  beforeListPage?: (offset: number) => void;
  /** Attributes an update may not set, with EspoCRM's validation reason (the whole update is refused, 400). */
  readonly refusedAttributes = new Map<string, string>();
  /** Keep a request log (off for benchmarks). */
  logRequests = true;
  private readonly faults: ScriptedFault[] = [];
  private server?: Server;
  private clock = Date.parse('2025-01-01T00:00:00Z');
  url = '';

  constructor(readonly apiKey = 'espo-test-key') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Adds a contact; createdAt and modifiedAt advance one second per record so orders are distinct. */
  addContact(fields: Record<string, unknown> = {}): EspoRecord {
    const now = espoDateTime(new Date((this.clock += 1000)));
    const record: EspoRecord = {
      id: espoId(),
      deleted: false,
      createdAt: now,
      modifiedAt: now,
      ...fields,
    } as EspoRecord;
    record.name ??= [record.firstName, record.lastName].filter(Boolean).join(' ');
    this.contacts.set(record.id, record);
    return record;
  }

  /**
   * A file attached to a contact's attachment-multiple field (`resume`) as an EspoCRM user would: the
   * attachment stored and its id appended to `<field>Ids` (with `<field>Names` and `<field>Types`).
   */
  attachFile(contactId: string, file: { name: string; type: string; bytes: Buffer }, field = 'resume'): string {
    const record = this.contacts.get(contactId);
    if (!record) throw new Error(`No contact ${contactId}`);
    const id = espoId();
    this.attachments.set(id, {
      id,
      ...file,
      role: 'Attachment',
      field,
      parentType: 'Contact',
      parentId: contactId,
      createdAt: espoDateTime(new Date((this.clock += 1000))),
    });
    record[`${field}Ids`] = [...((record[`${field}Ids`] as string[] | undefined) ?? []), id];
    record[`${field}Names`] = { ...((record[`${field}Names`] as object | undefined) ?? {}), [id]: file.name };
    record[`${field}Types`] = { ...((record[`${field}Types`] as object | undefined) ?? {}), [id]: file.type };
    return id;
  }

  /** Changes a contact as an EspoCRM user would: modifiedAt moves on. */
  changeContact(id: string, fields: Record<string, unknown>): EspoRecord {
    const record = this.contacts.get(id);
    if (!record) throw new Error(`No contact ${id}`);
    Object.assign(record, fields, { modifiedAt: espoDateTime(new Date((this.clock += 1000))) });
    return record;
  }

  deleteContact(id: string): void {
    this.contacts.delete(id);
  }

  /** The next `times` requests matching `method` and `path` get this answer. */
  fail(method: string, path: RegExp, fault: EspoFault, times = 1): void {
    this.faults.push({ method, path, times, ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  /** Sends `elements` to every webhook registered for `event`, signed as EspoCRM v9 signs. */
  async deliver(event: string, elements: object[]): Promise<Response[]> {
    const body = JSON.stringify(elements).replace(/\//g, '\\/');
    const answers: Response[] = [];
    for (const hook of this.webhooks.values()) {
      if (hook.event !== event) continue;
      const mac = createHmac('sha256', hook.secretKey).update(body).digest('hex');
      const signature = Buffer.from(`${hook.id}:${mac}`).toString('base64');
      answers.push(
        await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', signature }, body }),
      );
    }
    return answers;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const body = await readBody(req);
    const answer = (status: number, payload?: unknown, reason?: string, headers: Record<string, string> = {}) => {
      if (this.logRequests) this.requests.push({ method, path, status, searchParams: searchParamsOf(url) });
      const head: Record<string, string> = { ...headers };
      if (reason) head['x-status-reason'] = reason;
      if (Buffer.isBuffer(payload)) {
        res.writeHead(status, head).end(payload);
      } else {
        head['content-type'] = 'application/json';
        res.writeHead(status, head).end(payload === undefined ? '' : JSON.stringify(payload));
      }
    };

    const fault = this.faults.find((f) => f.method === method && f.path.test(path));
    if (fault) {
      if (--fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status !== 0) {
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        return answer(fault.status, undefined, fault.reason, headers);
      }
    }
    if (!path.startsWith('/api/v1/')) return answer(404, undefined, 'Not found');
    if (req.headers['x-api-key'] !== this.apiKey) return answer(401, undefined);

    const parts = path.slice('/api/v1/'.length).split('/').map(decodeURIComponent);
    try {
      const result = this.route(method, parts, url, body);
      if (result.status >= 400) return answer(result.status, undefined, result.reason);
      return answer(result.status, result.body, undefined, result.headers);
    } catch (error) {
      return answer(400, undefined, (error as Error).message);
    }
  }

  private route(
    method: string,
    parts: string[],
    url: URL,
    body: Buffer,
  ): { status: number; body?: unknown; reason?: string; headers?: Record<string, string> } {
    const [entity, id, extra] = parts;
    if (entity === 'Contact' && method === 'GET' && id === undefined) return this.list(url);
    if (entity === 'Contact' && id !== undefined && extra === undefined) {
      const record = this.contacts.get(id);
      if (!record) return { status: 404, reason: 'Record not found' };
      if (method === 'GET') return { status: 200, body: record };
      if (method === 'PUT' || method === 'PATCH') {
        const changes = parseJson(body) as Record<string, unknown>;
        if (!changes || typeof changes !== 'object' || Array.isArray(changes)) {
          return { status: 400, reason: 'Bad payload' };
        }
        const refused = Object.keys(changes).find((key) => this.refusedAttributes.has(key));
        if (refused) return { status: 400, reason: this.refusedAttributes.get(refused) };
        const { id: _id, createdAt: _c, modifiedAt: _m, ...rest } = changes;
        return { status: 200, body: this.changeContact(id, { ...rest, ...this.linkedNames(rest) }) };
      }
    }
    if (entity === 'Attachment' && method === 'POST' && id === undefined) return this.upload(body);
    if (entity === 'Attachment' && id === 'file' && extra !== undefined && method === 'GET') {
      const attachment = this.attachments.get(extra);
      if (!attachment) return { status: 404, reason: 'Attachment not found' };
      return {
        status: 200,
        body: attachment.bytes,
        headers: {
          'content-type': attachment.type,
          'content-disposition': `attachment;filename="${encodeURIComponent(attachment.name)}"`,
        },
      };
    }
    if (entity === 'Attachment' && id !== undefined && extra === undefined && method === 'GET') {
      const attachment = this.attachments.get(id);
      if (!attachment) return { status: 404, reason: 'Attachment not found' };
      const { bytes, ...meta } = attachment;
      return { status: 200, body: { ...meta, size: bytes.length } };
    }
    if (entity === 'Webhook' && method === 'POST' && id === undefined) {
      const { event, url: target } = (parseJson(body) ?? {}) as { event?: string; url?: string };
      if (typeof event !== 'string' || !/^[A-Za-z]+\.(create|update|delete|fieldUpdate\.\w+)$/.test(event)) {
        return { status: 400, reason: 'Not valid event' };
      }
      if (typeof target !== 'string' || !/^https?:\/\//.test(target)) return { status: 400, reason: 'Not valid url' };
      const hook = { id: espoId(), event, url: target, secretKey: randomBytes(16).toString('hex') };
      this.webhooks.set(hook.id, hook);
      return { status: 200, body: { ...hook, isActive: true } };
    }
    if (entity === 'Webhook' && method === 'DELETE' && id !== undefined) {
      return this.webhooks.delete(id) ? { status: 200, body: true } : { status: 404, reason: 'Record not found' };
    }
    return { status: 404, reason: `No route ${method} ${parts.join('/')}` };
  }

  /** As EspoCRM does: an attachment-multiple field's `<field>Ids` set brings its `<field>Names` and `<field>Types`. */
  private linkedNames(changes: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, ids] of Object.entries(changes)) {
      if (!key.endsWith('Ids') || !Array.isArray(ids)) continue;
      const field = key.slice(0, -3);
      const known = ids.flatMap((id) => {
        const attachment = this.attachments.get(String(id));
        return attachment ? [attachment] : [];
      });
      out[`${field}Names`] = Object.fromEntries(known.map((a) => [a.id, a.name]));
      out[`${field}Types`] = Object.fromEntries(known.map((a) => [a.id, a.type]));
    }
    return out;
  }

  private list(url: URL): { status: number; body?: unknown; reason?: string } {
    const params = searchParamsOf(url) ?? {
      offset: url.searchParams.get('offset') ?? undefined,
      maxSize: url.searchParams.get('maxSize') ?? undefined,
      select: url.searchParams.get('select') ?? undefined,
      orderBy: url.searchParams.get('orderBy') ?? undefined,
      order: url.searchParams.get('order') ?? undefined,
    };
    const offset = Number(params.offset ?? 0);
    const maxSize = Number(params.maxSize ?? DEFAULT_MAX_SIZE);
    if (!Number.isInteger(offset) || offset < 0) return { status: 400, reason: 'Bad offset' };
    if (!Number.isInteger(maxSize) || maxSize < 0) return { status: 400, reason: 'Bad maxSize' };
    if (maxSize > MAX_SIZE) return { status: 403, reason: `Max size should not exceed ${MAX_SIZE}` };
    this.beforeListPage?.(offset);
    let records = [...this.contacts.values()];
    if (params.where !== undefined) {
      if (!Array.isArray(params.where)) return { status: 400, reason: 'Bad where' };
      records = records.filter((record) => (params.where as WhereItem[]).every((item) => matches(record, item)));
    }
    if (typeof params.orderBy === 'string') {
      const key = params.orderBy;
      const direction = params.order === 'desc' ? -1 : 1;
      // EspoCRM adds the id as a tie-breaker.
      records.sort((a, b) => direction * (compare(a[key], b[key]) || compare(a.id, b.id)));
    }
    const page = records.slice(offset, offset + maxSize);
    const select =
      typeof params.select === 'string'
        ? params.select.split(',')
        : Array.isArray(params.select)
          ? (params.select as string[])
          : undefined;
    const list = select
      ? page.map((record) => Object.fromEntries(['id', ...select].map((key) => [key, record[key] ?? null])))
      : page;
    return { status: 200, body: { list, total: records.length } };
  }

  private upload(body: Buffer): { status: number; body?: unknown; reason?: string } {
    const input = parseJson(body) as Record<string, unknown> | undefined;
    if (!input || typeof input.file !== 'string') return { status: 400, reason: 'No file' };
    const match = /^data:([^;,]*);base64,([A-Za-z0-9+/=]*)$/.exec(input.file);
    if (!match) return { status: 400, reason: 'File is not a base64 data URI' };
    if (input.role !== 'Attachment') return { status: 403, reason: 'Not allowed role' };
    if (typeof input.field !== 'string' || typeof input.parentType !== 'string') {
      return { status: 403, reason: 'No field or parentType' };
    }
    const attachment: Attachment = {
      id: espoId(),
      name: typeof input.name === 'string' ? input.name : 'unnamed',
      type: typeof input.type === 'string' ? input.type : match[1]!,
      role: input.role,
      field: input.field,
      parentType: input.parentType,
      parentId: typeof input.parentId === 'string' ? input.parentId : undefined,
      bytes: Buffer.from(match[2]!, 'base64'),
      createdAt: espoDateTime(),
    };
    this.attachments.set(attachment.id, attachment);
    return { status: 200, body: { id: attachment.id, name: attachment.name, type: attachment.type } };
  }
}

function searchParamsOf(url: URL): Record<string, unknown> | undefined {
  const raw = url.searchParams.get('searchParams');
  if (raw === null) return undefined;
  const parsed = parseJson(Buffer.from(raw));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Bad searchParams');
  return parsed as Record<string, unknown>;
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('Bad JSON');
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

/** Every address of a contact, lower-cased: EspoCRM searches `emailAddress` across all of them, ignoring case. */
function emailAddresses(record: EspoRecord): string[] {
  const data = Array.isArray(record.emailAddressData) ? (record.emailAddressData as { emailAddress?: unknown }[]) : [];
  return [record.emailAddress, ...data.map((entry) => entry.emailAddress)]
    .filter((address): address is string => typeof address === 'string')
    .map((address) => address.toLowerCase());
}

function matches(record: EspoRecord, item: WhereItem): boolean {
  if (item.attribute === 'emailAddress' && item.type === 'equals') {
    return typeof item.value === 'string' && emailAddresses(record).includes(item.value.toLowerCase());
  }
  const value = item.attribute === undefined ? undefined : record[item.attribute];
  switch (item.type) {
    case 'equals':
      return value === item.value;
    case 'notEquals':
      return value !== item.value;
    case 'in':
      return Array.isArray(item.value) && item.value.includes(value);
    case 'isNull':
      return value === null || value === undefined;
    case 'isNotNull':
      return value !== null && value !== undefined;
    case 'greaterThanOrEquals':
      return compare(value, item.value) >= 0;
    case 'greaterThan':
      return compare(value, item.value) > 0;
    case 'lessThanOrEquals':
      return compare(value, item.value) <= 0;
    case 'contains':
      return typeof value === 'string' && value.toLowerCase().includes(String(item.value).toLowerCase());
    case 'arrayAnyOf':
      return Array.isArray(value) && Array.isArray(item.value) && item.value.some((v) => value.includes(v));
    case 'or':
      return Array.isArray(item.value) && (item.value as WhereItem[]).some((inner) => matches(record, inner));
    case 'and':
      return Array.isArray(item.value) && (item.value as WhereItem[]).every((inner) => matches(record, inner));
    default:
      throw new Error(`Unknown where type ${item.type}`);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** For tests that check a delivery's identity: the SHA-256 of a body as EspoCRM would send it. */
export const espoBodyHash = (elements: object[]): string =>
  createHash('sha256').update(JSON.stringify(elements).replace(/\//g, '\\/')).digest('hex');
