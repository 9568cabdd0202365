import { randomBytes } from 'node:crypto';
import { FakeJsonService, RecordedRequest, Reply } from './fake-json-service';
import { FakeGoogleTokenEndpoint } from './fake-google-token';

export interface FakeCalendarEvent {
  kind: 'calendar#event';
  id: string;
  etag: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  start?: { dateTime: string };
  end?: { dateTime: string };
  created: string;
  updated: string;
}

export interface FakeChannel {
  id: string;
  resourceId: string;
  calendarId: string;
  address: string;
  token?: string;
  expiration: number;
  messageNumber: number;
  stopped: boolean;
}

interface Calendar {
  id: string;
  events: Map<string, FakeCalendarEvent & { changedAt: number }>;
  resourceId: string;
}

/** What a sync or page token carries (base64url JSON here; opaque to clients). */
interface Position {
  calendar: string;
  generation: number;
  /** Changes up to this sequence number are in the listing. */
  upTo: number;
  /** Incremental: changes after this one only; undefined for a full listing. */
  since?: number;
  offset?: number;
  params: string;
}

const READ_SCOPES = [
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.events.readonly',
];
/** Filters events.list refuses together with a syncToken. */
const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];
const MAX_CHANNEL_SECONDS = 7 * 24 * 3600;

const googleError = (code: number, reason: string, message: string, status?: string): Reply => ({
  status: code,
  body: {
    error: {
      errors: [{ domain: 'global', reason, message }],
      code,
      message,
      ...(status ? { status } : {}),
    },
  },
});

const encode = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');
const decode = (token: string): Position | undefined => {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Position;
  } catch {
    return undefined;
  }
};

/**
 * A loopback Google: the service account token endpoint (`POST /token`, see FakeGoogleTokenEndpoint)
 * and Calendar API v3 under `/calendar/v3`: bearer tokens checked (401 in Google's shape),
 * `events.list` with `maxResults` (250 by default, more than 2500 refused), `pageToken`,
 * `nextSyncToken` on the last page only, `syncToken` listing changes since (cancelled events
 * included; filters refused with it; 410 Gone once `expireSyncTokens` ran), `events.watch`
 * (channel id ≤ 64 characters, `web_hook`, an https address, expiration capped at a week) and
 * `channels.stop`. `rateLimited` answers that many requests with 429 and `Retry-After`.
 */
export class FakeGoogleCalendar extends FakeJsonService {
  readonly tokens = new FakeGoogleTokenEndpoint(() => this.tokenUrl);
  readonly calendars = new Map<string, Calendar>();
  readonly channels = new Map<string, FakeChannel>();
  rateLimited = 0;
  retryAfterSeconds = 1;
  /** Sync and page tokens expire once this many more pages were answered (0: never on its own). */
  expireAfterPages = 0;
  private sequence = 0;
  private generation = 1;
  private nextId = 1;

  get tokenUrl(): string {
    return `${this.origin}/token`;
  }

  get apiUrl(): string {
    return `${this.origin}/calendar/v3`;
  }

  calendar(id: string): Calendar {
    let calendar = this.calendars.get(id);
    if (!calendar) {
      calendar = { id, events: new Map(), resourceId: randomBytes(12).toString('base64url') };
      this.calendars.set(id, calendar);
    }
    return calendar;
  }

  addEvent(calendarId: string, summary: string, start = new Date(Date.UTC(2026, 2, 2, 9))): FakeCalendarEvent {
    const now = new Date().toISOString();
    const id = `ev${String(this.nextId++).padStart(5, '0')}`;
    const event = {
      kind: 'calendar#event' as const,
      id,
      etag: `"${++this.sequence}"`,
      status: 'confirmed' as const,
      summary,
      start: { dateTime: start.toISOString() },
      end: { dateTime: new Date(start.getTime() + 3600_000).toISOString() },
      created: now,
      updated: now,
      changedAt: this.sequence,
    };
    this.calendar(calendarId).events.set(id, event);
    return event;
  }

  updateEvent(calendarId: string, id: string, fields: Partial<FakeCalendarEvent>): void {
    const event = this.calendar(calendarId).events.get(id)!;
    Object.assign(event, fields, {
      updated: new Date().toISOString(),
      etag: `"${++this.sequence}"`,
      changedAt: this.sequence,
    });
  }

  cancelEvent(calendarId: string, id: string): void {
    this.updateEvent(calendarId, id, { status: 'cancelled' });
  }

  /** Every sync token and page token given so far answers 410 Gone from now on. */
  expireSyncTokens(): void {
    this.generation++;
  }

  liveEvents(calendarId: string): FakeCalendarEvent[] {
    return [...this.calendar(calendarId).events.values()].filter((e) => e.status !== 'cancelled');
  }

  activeChannels(calendarId?: string): FakeChannel[] {
    return [...this.channels.values()].filter(
      (c) => !c.stopped && c.expiration > Date.now() && (calendarId === undefined || c.calendarId === calendarId),
    );
  }

  /**
   * Sends a notification of a change (or the `sync` handshake) to every live channel of the
   * calendar, as Google does: a POST with no body and the X-Goog-* headers. `reach` turns the
   * channel's https address into one the test can reach.
   */
  async notify(calendarId: string, state: 'sync' | 'exists', reach: (address: string) => string): Promise<number[]> {
    const statuses: number[] = [];
    for (const channel of this.activeChannels(calendarId)) {
      channel.messageNumber++;
      const response = await fetch(reach(channel.address), {
        method: 'POST',
        headers: {
          'x-goog-channel-id': channel.id,
          ...(channel.token ? { 'x-goog-channel-token': channel.token } : {}),
          'x-goog-channel-expiration': new Date(channel.expiration).toUTCString(),
          'x-goog-resource-id': channel.resourceId,
          'x-goog-resource-uri': `${this.apiUrl}/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
          'x-goog-resource-state': state,
          'x-goog-message-number': String(channel.messageNumber),
        },
      });
      statuses.push(response.status);
    }
    return statuses;
  }

  protected badJson(): Reply {
    return googleError(400, 'parseError', 'Parse Error');
  }

  protected route(request: RecordedRequest): Reply | Promise<Reply> {
    if (request.path === '/token') return this.tokens.handle(request);
    const grant = this.tokens.check(request.headers.authorization);
    if (!grant) {
      return googleError(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        'UNAUTHENTICATED',
      );
    }
    if (!grant.scopes.some((scope) => READ_SCOPES.includes(scope))) {
      return googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
    }
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return {
        ...googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded'),
        headers: { 'retry-after': String(this.retryAfterSeconds) },
      };
    }
    const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events(\/watch)?$/.exec(request.path);
    if (events && request.method === 'GET' && !events[2])
      return this.list(decodeURIComponent(events[1]!), request.query);
    if (events && request.method === 'POST' && events[2])
      return this.watch(decodeURIComponent(events[1]!), request.body);
    if (request.path === '/calendar/v3/channels/stop' && request.method === 'POST')
      return this.stopChannel(request.body);
    return googleError(404, 'notFound', 'Not Found');
  }

  private list(calendarId: string, query: URLSearchParams): Reply {
    if (!this.calendars.has(calendarId)) return googleError(404, 'notFound', 'Not Found');
    const maxResults = Number(query.get('maxResults') ?? '250');
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2500) {
      return googleError(
        400,
        'invalid',
        `Invalid value '${query.get('maxResults')}'. Values must be within the range: [1, 2500]`,
      );
    }
    const params = JSON.stringify({ singleEvents: query.get('singleEvents'), showDeleted: query.get('showDeleted') });
    const syncToken = query.get('syncToken');
    const pageToken = query.get('pageToken');
    if (syncToken !== null && NOT_WITH_SYNC_TOKEN.some((name) => query.has(name))) {
      return googleError(400, 'invalid', 'Sync token cannot be used with these filters.');
    }
    let position: Position;
    if (pageToken !== null) {
      const decoded = decode(pageToken);
      if (!decoded || decoded.calendar !== calendarId) return googleError(400, 'invalid', 'Invalid page token value.');
      if (decoded.generation !== this.generation) return this.gone();
      position = decoded;
    } else if (syncToken !== null) {
      const decoded = decode(syncToken);
      if (!decoded || decoded.calendar !== calendarId) return googleError(400, 'invalid', 'Invalid sync token value.');
      if (decoded.generation !== this.generation) return this.gone();
      if (decoded.params !== params) return this.gone();
      position = {
        calendar: calendarId,
        generation: this.generation,
        upTo: this.sequence,
        since: decoded.upTo,
        params,
      };
    } else {
      position = { calendar: calendarId, generation: this.generation, upTo: this.sequence, params };
    }
    const all = [...this.calendar(calendarId).events.values()].sort((a, b) => a.id.localeCompare(b.id));
    const showDeleted = query.get('showDeleted') === 'true';
    const listed =
      position.since === undefined
        ? all.filter((e) => showDeleted || e.status !== 'cancelled')
        : all.filter((e) => e.changedAt > position.since!);
    const offset = position.offset ?? 0;
    const items = listed.slice(offset, offset + maxResults).map(({ changedAt: _, ...event }) => event);
    const more = offset + maxResults < listed.length;
    if (this.expireAfterPages > 0 && --this.expireAfterPages === 0) this.generation++;
    return {
      status: 200,
      body: {
        kind: 'calendar#events',
        etag: `"p${this.sequence}"`,
        summary: calendarId,
        updated: new Date().toISOString(),
        timeZone: 'UTC',
        accessRole: 'reader',
        items,
        ...(more
          ? { nextPageToken: encode({ ...position, offset: offset + maxResults }) }
          : {
              nextSyncToken: encode({ calendar: calendarId, generation: this.generation, upTo: position.upTo, params }),
            }),
      },
    };
  }

  private gone(): Reply {
    return googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
  }

  private watch(calendarId: string, body: unknown): Reply {
    if (!this.calendars.has(calendarId)) return googleError(404, 'notFound', 'Not Found');
    const request = (body ?? {}) as Record<string, unknown>;
    const id = request.id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9\-_+/=]{1,64}$/.test(id)) {
      return googleError(400, 'invalid', 'Invalid channel id: at most 64 characters of [A-Za-z0-9-_+/=].');
    }
    if (this.channels.has(id)) return googleError(400, 'channelIdNotUnique', `Channel id ${id} not unique`);
    if (request.type !== 'web_hook') return googleError(400, 'invalid', 'Invalid value for: type');
    if (typeof request.address !== 'string' || !request.address.startsWith('https://')) {
      return googleError(400, 'push.webhookUrlNotHttps', 'WebHook callback must be HTTPS: ' + String(request.address));
    }
    if (request.token !== undefined && (typeof request.token !== 'string' || request.token.length > 256)) {
      return googleError(400, 'invalid', 'Invalid value for: token');
    }
    const cap = Date.now() + MAX_CHANNEL_SECONDS * 1000;
    const asked = request.expiration === undefined ? cap : Number(request.expiration);
    const channel: FakeChannel = {
      id,
      resourceId: this.calendar(calendarId).resourceId,
      calendarId,
      address: request.address,
      token: request.token,
      expiration: Math.min(Number.isFinite(asked) ? asked : cap, cap),
      messageNumber: 0,
      stopped: false,
    };
    this.channels.set(id, channel);
    return {
      status: 200,
      body: {
        kind: 'api#channel',
        id,
        resourceId: channel.resourceId,
        resourceUri: `${this.apiUrl}/calendars/${encodeURIComponent(calendarId)}/events?alt=json`,
        ...(channel.token ? { token: channel.token } : {}),
        expiration: String(channel.expiration),
      },
    };
  }

  private stopChannel(body: unknown): Reply {
    const request = (body ?? {}) as Record<string, unknown>;
    const channel = typeof request.id === 'string' ? this.channels.get(request.id) : undefined;
    if (!channel || channel.stopped || channel.resourceId !== request.resourceId) {
      return googleError(404, 'notFound', `Channel '${String(request.id)}' not found for project '0'`);
    }
    channel.stopped = true;
    return { status: 204 };
  }
}
