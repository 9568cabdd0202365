import { randomUUID } from 'node:crypto';
import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';

export interface FakeHubspotContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** Properties HubSpot returns whatever `properties=` asks for. */
const ALWAYS = ['createdate', 'hs_object_id', 'lastmodifieddate'];
const MAX_LIMIT = 100;

const error = (status: number, category: string, message: string): Reply => ({
  status,
  body: { status: 'error', message, correlationId: randomUUID(), category },
});

/**
 * A loopback HubSpot CRM v3: the private app token checked (`Authorization: Bearer`, 401 in
 * HubSpot's error shape otherwise), `GET /crm/v3/objects/contacts` with `limit` (default 10, more
 * than 100 refused with 400), an opaque `after` cursor answered in `paging.next.after` (and
 * `.link`), `properties=` a comma list (only those, plus createdate, hs_object_id and
 * lastmodifieddate), archived contacts left out. `rateLimited` answers that many requests with
 * HubSpot's 429 and `Retry-After`. Scripted answers (`next`) come first.
 */
export class FakeHubspot extends FakeJsonService {
  readonly contacts = new Map<string, FakeHubspotContact>();
  rateLimited = 0;
  retryAfterSeconds = 1;
  private nextId = 1001;

  constructor(public token: string) {
    super();
  }

  get url(): string {
    return this.origin;
  }

  add(properties: Record<string, string | null>): FakeHubspotContact {
    const now = new Date().toISOString();
    const id = String(this.nextId++);
    const contact = { id, properties: { ...properties }, createdAt: now, updatedAt: now, archived: false };
    contact.properties.createdate = now;
    contact.properties.lastmodifieddate = now;
    contact.properties.hs_object_id = id;
    this.contacts.set(id, contact);
    return contact;
  }

  /** Sets properties the way HubSpot does: the modification stamps move, whichever property it was. */
  update(id: string, properties: Record<string, string | null>): void {
    const contact = this.contacts.get(id)!;
    const now = new Date(Math.max(Date.now(), Date.parse(contact.updatedAt) + 1)).toISOString();
    Object.assign(contact.properties, properties, { lastmodifieddate: now });
    contact.updatedAt = now;
  }

  archive(id: string): void {
    this.contacts.get(id)!.archived = true;
  }

  protected badJson(): Reply {
    return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
  }

  protected route(request: RecordedRequest): Reply {
    const auth = request.headers.authorization;
    if (auth !== `Bearer ${this.token}`) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return {
        status: 429,
        headers: { 'retry-after': String(this.retryAfterSeconds) },
        body: {
          status: 'error',
          message: 'You have reached your secondly limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'SECONDLY',
        },
      };
    }
    if (request.path === '/crm/v3/objects/contacts' && request.method === 'GET') return this.list(request.query);
    return error(404, 'OBJECT_NOT_FOUND', `No route for ${request.method} ${request.path}`);
  }

  private list(query: URLSearchParams): Reply {
    const limit = Number(query.get('limit') ?? '10');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return error(400, 'VALIDATION_ERROR', `limit must be between 1 and ${MAX_LIMIT}, was ${query.get('limit')}`);
    }
    const live = [...this.contacts.values()].filter((c) => !c.archived).sort((a, b) => Number(a.id) - Number(b.id));
    let start = 0;
    const after = query.get('after');
    if (after !== null) {
      const from = Number(Buffer.from(after, 'base64url').toString('utf8'));
      if (!Number.isInteger(from) || from < 0) return error(400, 'VALIDATION_ERROR', `Invalid after: ${after}`);
      start = live.findIndex((c) => Number(c.id) > from);
      if (start < 0) start = live.length;
    }
    const asked = (query.get('properties') ?? 'email,firstname,lastname').split(',').filter(Boolean);
    const page = live.slice(start, start + limit).map((c) => ({
      ...c,
      properties: Object.fromEntries(
        [...new Set([...asked, ...ALWAYS])].map((name) => [name, c.properties[name] ?? null]),
      ),
    }));
    const last = page.at(-1);
    const more = start + limit < live.length && last !== undefined;
    const nextAfter = more ? Buffer.from(last.id).toString('base64url') : undefined;
    return {
      status: 200,
      body: {
        results: page,
        ...(nextAfter && {
          paging: {
            next: {
              after: nextAfter,
              link: `${this.origin}/crm/v3/objects/contacts?limit=${limit}&after=${nextAfter}`,
            },
          },
        }),
      },
    };
  }
}
