import { shownUrl } from '../../http/guarded-get';
import { SyncFetchError } from '../../http/sync-fetch-error';
import type { ConnectorContext, ListedPage, PageCursor, SyncConnector } from '../sync-connector';
import { SyncStateExpiredError } from '../sync-state-expired';
import { googleCredentialProblems } from '../../../integrations/google/access/credential-problems';
import { eventTitle, readEventsPage } from './google-calendar-page';
import {
  CALENDAR_SCOPE,
  GoogleCalendarSettings,
  googleCalendarSettingsProblems,
  parseGoogleCalendarSettings,
} from './google-calendar-settings';

/** Google's 403 reasons that mean "slow down", not "not allowed". */
const RATE_LIMITED = /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/;
const RATE_LIMIT_BACKOFF_MS = 30_000;

/** The events.list URL: the same parameters on every page and every run, as sync tokens require. */
export function eventsUrl(
  apiUrl: string,
  settings: GoogleCalendarSettings,
  position: { pageToken?: string; syncToken?: string },
): URL {
  const url = new URL(`${apiUrl}/calendars/${encodeURIComponent(settings.calendarId)}/events`);
  url.searchParams.set('maxResults', String(settings.maxResults));
  if (settings.singleEvents) url.searchParams.set('singleEvents', 'true');
  if (position.syncToken !== undefined) url.searchParams.set('syncToken', position.syncToken);
  if (position.pageToken !== undefined) url.searchParams.set('pageToken', position.pageToken);
  return url;
}

/** A GET with the cached token; a 401 (revoked before its time) is tried once more with a new one. */
async function getWithToken(context: ConnectorContext<GoogleCalendarSettings>, url: URL): Promise<unknown> {
  const { subject } = context.settings;
  const token = await context.google.accessToken([CALENDAR_SCOPE], subject);
  try {
    return (await context.getJson(url, { authorization: `Bearer ${token}` })).body;
  } catch (error) {
    if (!(error instanceof SyncFetchError && error.details.status === 401)) throw error;
    const renewed = await context.google.accessToken([CALENDAR_SCOPE], subject, true);
    return (await context.getJson(url, { authorization: `Bearer ${renewed}` })).body;
  }
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Google Calendar events (events.list), the source's secret a Google credential (a service account
 * JSON key; `subject` the user it acts as). Without a stored sync token the calendar is listed in
 * full, page by page (`pageToken`); the last page's `nextSyncToken` is kept, and the next runs list
 * only what changed since, cancelled events as deletions. A 410 Gone (the token expired) makes the
 * engine discard it and list in full. `etag` and `updated` move with every change, also one the
 * payload does not show: they are volatile.
 */
export const googleCalendarConnector: SyncConnector<GoogleCalendarSettings> = {
  id: 'google-calendar',
  description: 'Google Calendar events (a service account JSON key as the secret), incremental with sync tokens',
  validateSettings: googleCalendarSettingsProblems,
  parseSettings: parseGoogleCalendarSettings,
  resource: () => 'event',
  volatileFields: () => ['etag', 'updated'],
  credentialProblems: googleCredentialProblems,
  // GOOGLE_CALENDAR_API_URL is the operator's, not the source's: nothing of the settings is called.
  urls: () => [],

  async listPage(context: ConnectorContext<GoogleCalendarSettings>, cursor: PageCursor | null): Promise<ListedPage> {
    const { settings } = context;
    const incremental = cursor ? cursor.incremental === true : text(context.state.syncToken) !== undefined;
    const position = cursor ? { pageToken: text(cursor.pageToken) } : { syncToken: text(context.state.syncToken) };
    const url = eventsUrl(context.google.urls.calendarApiUrl, settings, position);
    let body: unknown;
    try {
      body = await getWithToken(context, url);
    } catch (error) {
      if (error instanceof SyncFetchError && error.details.status === 410 && (incremental || cursor)) {
        throw new SyncStateExpiredError(`${shownUrl(url)} answered 410 Gone: the sync token is no longer valid`);
      }
      if (error instanceof SyncFetchError && error.details.status === 403 && RATE_LIMITED.test(error.message)) {
        throw new SyncFetchError(error.message, {
          status: 403,
          retryAt: new Date(Date.now() + RATE_LIMIT_BACKOFF_MS),
        });
      }
      throw error;
    }
    let page;
    try {
      page = readEventsPage(body);
    } catch (error) {
      throw new SyncFetchError(`${shownUrl(url)}: ${(error as Error).message}`);
    }
    if (page.nextPageToken === undefined && page.nextSyncToken === undefined) {
      throw new SyncFetchError(`${shownUrl(url)}: the last page has no nextSyncToken`);
    }
    return {
      incremental,
      resources: page.items.map((event) => ({
        id: event?.id,
        payload: event,
        title: eventTitle(event),
        deleted: event?.status === 'cancelled',
      })),
      next: page.nextPageToken === undefined ? undefined : { pageToken: page.nextPageToken, incremental },
      state: page.nextPageToken === undefined ? { syncToken: page.nextSyncToken } : undefined,
    };
  },
};
