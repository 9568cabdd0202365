import { FakeGoogleTokenEndpoint } from './fake-google-token';
import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';

export interface FakeGmailAttachment {
  filename: string;
  mimeType: string;
  size: number;
}

export interface FakeGmailMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  internalDate: string;
  historyId: string;
  headers: { name: string; value: string }[];
  text: string;
  attachments: FakeGmailAttachment[];
}

export interface NewFakeMessage {
  from: string;
  to: string;
  subject: string;
  text?: string;
  labelIds?: string[];
  attachments?: FakeGmailAttachment[];
  /** Extra headers Gmail keeps (Received, DKIM-Signature…): `format=metadata` leaves them out unless asked. */
  headers?: Record<string, string>;
}

interface HistoryRecord {
  id: number;
  message: { id: string; threadId: string; labelIds: string[] };
}

/** Gmail's error shape (`{error: {code, message, errors, status}}`). */
const error = (code: number, status: string, message: string, reason: string, domain = 'global'): Reply => ({
  status: code,
  body: { error: { code, message, errors: [{ message, domain, reason }], status } },
});

const MAX_PAGE = 500;
/** Scopes that may read a mailbox (any of them). */
const READ_SCOPES = [
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/gmail.modify',
  'https://mail.google.com/',
];

/** A Google partial-response mask (`id,payload(headers,parts(filename))`) as a tree. */
type Mask = Map<string, Mask | true>;

function parseMask(text: string): Mask {
  let at = 0;
  const level = (): Mask => {
    const mask: Mask = new Map();
    let name = '';
    const close = (sub?: Mask) => {
      if (!name) return;
      const [head, ...rest] = name.split('/');
      let node = mask;
      let key = head!;
      for (const part of rest) {
        const child = node.get(key);
        const next: Mask = child instanceof Map ? child : new Map();
        node.set(key, next);
        node = next;
        key = part;
      }
      node.set(key, sub ?? true);
      name = '';
    };
    while (at < text.length) {
      const c = text[at++]!;
      if (c === ',') close();
      else if (c === '(') close(level());
      else if (c === ')') break;
      else if (c.trim()) name += c;
    }
    close();
    return mask;
  };
  return level();
}

function project(value: unknown, mask: Mask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, mask));
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = project(field, sub);
  }
  return out;
}

/**
 * A loopback Gmail API (v1) for one mailbox, as strict as Gmail, with Google's token endpoint
 * beside it (`POST /token`, service accounts with domain-wide delegation: `tokens`): a bearer
 * token it issued checked (401 in Google's error shape when unknown or expired; 403 when it acts
 * as another user or lacks a Gmail read scope), `userId` `me` or the mailbox (403 otherwise), `users.history.list`
 * (`startHistoryId` required; 404 once it is older than the history kept: `expireHistory()`;
 * `historyTypes`, one `labelId`, `maxResults` ≤ 500, `pageToken`), `users.messages.list`
 * (`labelIds` all required, newest first, paged), `users.messages.get` (`format=metadata` with
 * `metadataHeaders` and no parts; `format=full` with parts and body data, cut by a `fields` mask),
 * `users.watch` (`topicName` required, answers `{historyId, expiration}` a week ahead), `users.stop`
 * and `users.getProfile`. `rateLimited` answers that many requests with 429 and `Retry-After`.
 */
export class FakeGmail extends FakeJsonService {
  readonly messages = new Map<string, FakeGmailMessage>();
  readonly history: HistoryRecord[] = [];
  /** The watches Gmail was asked for (the latest last), and how often it was told to stop. */
  readonly watches: { topicName: string; labelIds: string[]; expiration: number }[] = [];
  stops = 0;
  rateLimited = 0;
  retryAfterSeconds = 1;
  private historyId = 41000;
  private oldestHistoryId = 41000;
  private nextId = 0x18c0000000;

  readonly tokens: FakeGoogleTokenEndpoint;

  /** `tokens`: another fake's token endpoint, when the app has one GOOGLE_TOKEN_URL for several Google fakes. */
  constructor(
    public mailbox: string,
    tokens?: FakeGoogleTokenEndpoint,
  ) {
    super();
    this.tokens = tokens ?? new FakeGoogleTokenEndpoint(() => this.tokenUrl);
  }

  get url(): string {
    return this.origin;
  }

  get tokenUrl(): string {
    return `${this.origin}/token`;
  }

  get currentHistoryId(): string {
    return String(this.historyId);
  }

  /** A message arrives: a history record of its own (ids grow with gaps, as Gmail's do). */
  receive(input: NewFakeMessage): FakeGmailMessage {
    const id = (this.nextId++).toString(16);
    this.historyId += 3 + (this.history.length % 5);
    const text = input.text ?? `Hello from ${input.from}`;
    const message: FakeGmailMessage = {
      id,
      threadId: id,
      labelIds: input.labelIds ?? ['INBOX', 'UNREAD'],
      snippet: text.slice(0, 100),
      internalDate: String(Date.now()),
      historyId: String(this.historyId),
      headers: [
        { name: 'Received', value: 'from mail.example.com by mx.google.com' },
        ...Object.entries(input.headers ?? {}).map(([name, value]) => ({ name, value })),
        { name: 'From', value: input.from },
        { name: 'To', value: input.to },
        { name: 'Subject', value: input.subject },
        { name: 'Date', value: new Date().toUTCString().replace('GMT', '+0000') },
        { name: 'Message-ID', value: `<${id}@mail.example.com>` },
      ],
      text,
      attachments: input.attachments ?? [],
    };
    this.messages.set(id, message);
    this.history.push({ id: this.historyId, message: { id, threadId: id, labelIds: [...message.labelIds] } });
    return message;
  }

  /** Gmail forgot the history up to now: every older start id answers 404. */
  expireHistory(): void {
    this.historyId += 10;
    this.oldestHistoryId = this.historyId;
  }

  /** A message deleted for good: its history stays, `messages.get` answers 404. */
  remove(id: string): void {
    this.messages.delete(id);
  }

  protected badJson(): Reply {
    return error(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.', 'badRequest');
  }

  protected route(request: RecordedRequest): Reply | Promise<Reply> {
    if (request.path === '/token') return this.tokens.handle(request);
    const grant = this.tokens.check(request.headers.authorization);
    if (!grant) {
      return error(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        'authError',
      );
    }
    if (!grant.scopes.some((scope) => READ_SCOPES.includes(scope))) {
      return error(
        403,
        'PERMISSION_DENIED',
        'Request had insufficient authentication scopes.',
        'insufficientPermissions',
      );
    }
    if (grant.subject?.toLowerCase() !== this.mailbox.toLowerCase()) {
      return error(
        403,
        'PERMISSION_DENIED',
        `Delegation denied for ${grant.subject ?? grant.clientEmail}`,
        'forbidden',
      );
    }
    if (this.rateLimited > 0) {
      this.rateLimited--;
      const reply = error(429, 'RESOURCE_EXHAUSTED', 'User-rate limit exceeded.', 'rateLimitExceeded', 'usageLimits');
      return { ...reply, headers: { 'retry-after': String(this.retryAfterSeconds) } };
    }
    const match = /^\/gmail\/v1\/users\/([^/]+)\/(.+)$/.exec(request.path);
    if (!match) return error(404, 'NOT_FOUND', `No route for ${request.method} ${request.path}`, 'notFound');
    const user = decodeURIComponent(match[1]!);
    if (user !== 'me' && user.toLowerCase() !== this.mailbox.toLowerCase()) {
      return error(403, 'PERMISSION_DENIED', `Delegation denied for ${this.mailbox}`, 'forbidden');
    }
    const rest = match[2]!;
    const get = request.method === 'GET';
    const post = request.method === 'POST';
    if (get && rest === 'profile') return this.profile();
    if (get && rest === 'history') return this.historyList(request.query);
    if (get && rest === 'messages') return this.messagesList(request.query);
    if (get && rest.startsWith('messages/')) return this.messageGet(decodeURIComponent(rest.slice(9)), request.query);
    if (post && rest === 'watch') return this.watch(request.body);
    if (post && rest === 'stop') {
      this.stops++;
      return { status: 204 };
    }
    return error(404, 'NOT_FOUND', `No route for ${request.method} ${request.path}`, 'notFound');
  }

  private profile(): Reply {
    return {
      status: 200,
      body: {
        emailAddress: this.mailbox,
        messagesTotal: this.messages.size,
        threadsTotal: this.messages.size,
        historyId: this.currentHistoryId,
      },
    };
  }

  private pageSize(query: URLSearchParams): number | Reply {
    const size = Number(query.get('maxResults') ?? '100');
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
      return error(400, 'INVALID_ARGUMENT', `Invalid maxResults: ${query.get('maxResults')}`, 'invalidArgument');
    }
    return size;
  }

  private offset(query: URLSearchParams): number | Reply {
    const token = query.get('pageToken');
    if (token === null) return 0;
    const offset = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^p/, ''));
    if (!Number.isInteger(offset) || offset < 0) {
      return error(400, 'INVALID_ARGUMENT', 'Invalid pageToken', 'invalidArgument');
    }
    return offset;
  }

  private page<T>(items: T[], offset: number, size: number) {
    const more = offset + size < items.length;
    return {
      items: items.slice(offset, offset + size),
      nextPageToken: more ? Buffer.from(`p${offset + size}`).toString('base64url') : undefined,
    };
  }

  private historyList(query: URLSearchParams): Reply {
    const start = query.get('startHistoryId');
    if (start === null || !/^\d+$/.test(start)) {
      return error(400, 'INVALID_ARGUMENT', 'Invalid startHistoryId', 'invalidArgument');
    }
    if (Number(start) < this.oldestHistoryId) {
      return error(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
    }
    const size = this.pageSize(query);
    if (typeof size !== 'number') return size;
    const offset = this.offset(query);
    if (typeof offset !== 'number') return offset;
    const types = query.getAll('historyTypes');
    const label = query.get('labelId');
    const records = this.history
      .filter((r) => r.id > Number(start))
      .filter((r) => label === null || r.message.labelIds.includes(label))
      .map((r) => ({
        id: String(r.id),
        messages: [{ id: r.message.id, threadId: r.message.threadId }],
        ...(types.length === 0 || types.includes('messageAdded') ? { messagesAdded: [{ message: r.message }] } : {}),
      }));
    const { items, nextPageToken } = this.page(records, offset, size);
    return {
      status: 200,
      body: {
        ...(items.length > 0 ? { history: items } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
        historyId: this.currentHistoryId,
      },
    };
  }

  private messagesList(query: URLSearchParams): Reply {
    const size = this.pageSize(query);
    if (typeof size !== 'number') return size;
    const offset = this.offset(query);
    if (typeof offset !== 'number') return offset;
    const labels = query.getAll('labelIds');
    const listed = [...this.messages.values()]
      .filter((m) => labels.every((l) => m.labelIds.includes(l)))
      .reverse()
      .map((m) => ({ id: m.id, threadId: m.threadId }));
    const { items, nextPageToken } = this.page(listed, offset, size);
    return {
      status: 200,
      body: {
        ...(items.length > 0 ? { messages: items } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
        resultSizeEstimate: listed.length,
      },
    };
  }

  private messageGet(id: string, query: URLSearchParams): Reply {
    const message = this.messages.get(id);
    if (!message) return error(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound');
    const format = query.get('format') ?? 'full';
    if (!['minimal', 'metadata', 'full'].includes(format)) {
      return error(400, 'INVALID_ARGUMENT', `Invalid value at 'format' (${format})`, 'invalidArgument');
    }
    const common = {
      id: message.id,
      threadId: message.threadId,
      labelIds: message.labelIds,
      snippet: message.snippet,
      sizeEstimate: message.text.length + message.attachments.reduce((sum, a) => sum + a.size, 0) + 800,
      historyId: message.historyId,
      internalDate: message.internalDate,
    };
    const topType = message.attachments.length > 0 ? 'multipart/mixed' : 'text/plain';
    let body: Record<string, unknown>;
    if (format === 'minimal') {
      body = common;
    } else if (format === 'metadata') {
      const wanted = query.getAll('metadataHeaders').map((h) => h.toLowerCase());
      const headers = message.headers.filter((h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase()));
      body = { ...common, payload: { partId: '', mimeType: topType, filename: '', headers, body: { size: 0 } } };
    } else {
      const textPart = {
        partId: message.attachments.length > 0 ? '0' : '',
        mimeType: 'text/plain',
        filename: '',
        headers: [{ name: 'Content-Type', value: 'text/plain; charset="UTF-8"' }],
        body: { size: message.text.length, data: Buffer.from(message.text).toString('base64url') },
      };
      body = {
        ...common,
        payload:
          message.attachments.length === 0
            ? { ...textPart, headers: message.headers }
            : {
                partId: '',
                mimeType: topType,
                filename: '',
                headers: message.headers,
                body: { size: 0 },
                parts: [
                  textPart,
                  ...message.attachments.map((a, n) => ({
                    partId: String(n + 1),
                    mimeType: a.mimeType,
                    filename: a.filename,
                    headers: [{ name: 'Content-Disposition', value: `attachment; filename="${a.filename}"` }],
                    body: { size: a.size, attachmentId: `ANGjdJ${message.id}${n}` },
                  })),
                ],
              },
      };
    }
    const fields = query.get('fields');
    return { status: 200, body: fields ? project(body, parseMask(fields)) : body };
  }

  private watch(body: unknown): Reply {
    const request = (body ?? {}) as { topicName?: unknown; labelIds?: unknown; labelFilterBehavior?: unknown };
    if (
      request.labelFilterBehavior !== undefined &&
      !['include', 'exclude'].includes(request.labelFilterBehavior as string)
    ) {
      return error(400, 'INVALID_ARGUMENT', "Invalid value at 'label_filter_behavior'", 'invalidArgument');
    }
    if (typeof request.topicName !== 'string' || !/^projects\/[^/]+\/topics\/[^/]+$/.test(request.topicName)) {
      return error(400, 'INVALID_ARGUMENT', 'Invalid topicName does not match projects/*/topics/*', 'invalidArgument');
    }
    const expiration = Date.now() + 7 * 24 * 3600 * 1000;
    this.watches.push({
      topicName: request.topicName,
      labelIds: Array.isArray(request.labelIds) ? (request.labelIds as string[]) : [],
      expiration,
    });
    return { status: 200, body: { historyId: this.currentHistoryId, expiration: String(expiration) } };
  }
}
