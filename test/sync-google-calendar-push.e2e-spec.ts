import { CalendarWatches } from '../src/sync/google-calendar/calendar-watches';
import { FakeGoogleCalendar } from './support/fake-google-calendar';
import { bootstrapBrowser, visibleText } from './support/dashboard';
import { postJson, TestApp, useTestApp, waitFor } from './support/switchyard';

interface RunRow {
  status: string;
  trigger: string;
  created: number;
  updated: number;
  started_at: Date;
}

interface ChannelRow {
  id: string;
  resource_id: string;
  address: string;
  expires_at: Date;
  stopped_at: Date | null;
}

const SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';
const CALENDAR = 'team@example.org';
const PUBLIC = 'https://switchyard.example.org';
const CHANNEL_TOKEN = 'gcal-channel-token-0123456789abcdef';

/**
 * Google Calendar pushes: a google-calendar source opens a watch channel towards its `gcal` webhook
 * source (PUBLIC_BASE_URL/webhooks/<pushSource>, the source's secret as channel token), Google's
 * notifications there become "sync now" of the source (a burst is one or two runs, never one per
 * push), channels are renewed (new one first, old one stopped) from the API and by the hourly
 * pass, and stopped. Against a loopback Google that posts its notifications to the app.
 */
describe('sync sources: Google Calendar push and watch channels', () => {
  const google = new FakeGoogleCalendar();
  beforeAll(() => google.start());
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      AUTH_BOOTSTRAP_LOGIN: 'on',
      PUBLIC_BASE_URL: PUBLIC,
      get GOOGLE_TOKEN_URL() {
        return google.tokenUrl;
      },
      get GOOGLE_CALENDAR_API_URL() {
        return google.apiUrl;
      },
    },
  });
  const app = (): TestApp => ctx.app;
  /** Google posts to the public https address; the test reaches the same path on the app. */
  const reach = (address: string) => address.replace(PUBLIC, app().url);

  beforeAll(() => {
    google.tokens.addServiceAccount('switchyard-calendar', [SCOPE]);
    for (let n = 1; n <= 5; n++) google.addEvent(CALENDAR, `Meeting ${n}`);
    google.calendar('other@example.org');
  });
  afterAll(() => google.stop());

  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = 'team-cal' ORDER BY started_at`);
  const channels = () =>
    ctx.db.query<ChannelRow>(`SELECT * FROM google_calendar_channels WHERE source = 'team-cal' ORDER BY created_at`);
  const watchRequests = () => google.requestsTo(/\/events\/watch$/, 'POST');
  const settled = () =>
    waitFor(async () => {
      const all = await runs();
      // Every push routed (the tap queued its run), no run queued or going.
      const busy = await ctx.db.query(
        `SELECT 1 FROM webhook_events WHERE source = 'gcal-push' AND routing_status IN ('pending', 'queued')
         UNION ALL
         SELECT 1 FROM pgboss.job WHERE name = 'sync.run' AND singleton_key = 'team-cal' AND state IN ('created', 'retry', 'active')`,
      );
      return all.length > 0 && all.every((r) => r.status !== 'running') && busy.length === 0 ? all : undefined;
    }, 'runs to settle');

  it('adds a gcal webhook source and a calendar source that pushes to it', async () => {
    const webhook = await postJson(app(), '/webhooks/sources', {
      slug: 'gcal-push',
      provider: 'gcal',
      secret: CHANNEL_TOKEN,
    });
    expect(webhook.status).toBe(201);
    const source = await postJson(app(), '/sync/sources', {
      slug: 'team-cal',
      connector: 'google-calendar',
      settings: { calendarId: CALENDAR, subject: 'ops@example.org', pushSource: 'gcal-push' },
      secret: JSON.stringify(google.tokens.accounts.values().next().value!.key),
      intervalSeconds: 3600,
    });
    expect(source.status).toBe(201);
    const none = await app().api('/sync/sources/team-cal/watch');
    expect(await none.json()).toEqual({ slug: 'team-cal', channels: [] });
  });

  it('opens a watch channel towards the public ingest URL, with the gcal source’s secret as token; audited', async () => {
    const res = await app().api('/sync/sources/team-cal/watch', { method: 'POST' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { channel: { id: string; address: string; expiresAt: string }; stopped: [] };
    expect(answer.stopped).toEqual([]);
    expect(answer.channel.address).toBe(`${PUBLIC}/webhooks/gcal-push`);
    expect(answer.channel.id.length).toBeLessThanOrEqual(64);
    const [asked] = watchRequests();
    expect(asked!.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(CALENDAR)}/events/watch`);
    expect(asked!.body).toMatchObject({
      id: answer.channel.id,
      type: 'web_hook',
      address: `${PUBLIC}/webhooks/gcal-push`,
      token: CHANNEL_TOKEN,
    });
    const week = Date.now() + 7 * 24 * 3600_000;
    expect(Math.abs(Date.parse(answer.channel.expiresAt) - week)).toBeLessThan(60_000);
    expect(google.activeChannels(CALENDAR).map((c) => c.id)).toEqual([answer.channel.id]);
    const [audit] = await ctx.db.query<{ actor_id: string; target: string }>(
      `SELECT actor_id, target FROM audit_events WHERE action = 'sync.watch_renew'`,
    );
    expect(audit).toMatchObject({ target: 'team-cal' });
  });

  it('a push for the watched calendar runs the source ("sync now"); the handshake is a push too', async () => {
    expect(await google.notify(CALENDAR, 'sync', reach)).toEqual([202]);
    await waitFor(async () => (await runs()).find((r) => r.trigger === 'push' && r.status === 'succeeded'), 'a run');
    expect((await settled()).reduce((sum, r) => sum + r.created, 0)).toBe(5);

    google.addEvent(CALENDAR, 'Pushed in');
    expect(await google.notify(CALENDAR, 'exists', reach)).toEqual([202]);
    const pushed = await waitFor(
      async () => (await runs()).find((r) => r.trigger === 'push' && r.status === 'succeeded' && r.created === 1),
      'a run after the push',
    );
    expect(pushed).toBeTruthy();
  });

  it('a burst of pushes collapses into a run or two, and the last change is in', async () => {
    const before = (await settled()).length;
    const burst: Promise<number[]>[] = [];
    for (let n = 0; n < 12; n++) {
      google.updateEvent(CALENDAR, google.liveEvents(CALENDAR)[0]!.id, { summary: `Renamed ${n}` });
      burst.push(google.notify(CALENDAR, 'exists', reach));
    }
    expect((await Promise.all(burst)).flat()).toEqual(Array(12).fill(202));
    const after = await settled();
    const made = after.length - before;
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(3);
    const [last] = await ctx.db.query<{ body: string }>(
      `SELECT body FROM webhook_events WHERE source = 'team-cal' AND event_type = 'team-cal.event.updated'
        ORDER BY received_at DESC, id DESC LIMIT 1`,
    );
    expect(JSON.parse(last!.body)).toMatchObject({ summary: 'Renamed 11' });
  });

  it('a push while a run is going queues one more run right after it', async () => {
    const before = (await settled()).length;
    google.latencyMs = 2000;
    try {
      await google.notify(CALENDAR, 'exists', reach);
      await waitFor(async () => (await runs()).slice(before).find((r) => r.status === 'running'), 'a run going');
      // Google may have answered that run's listing before this change: the next run must look again.
      google.updateEvent(CALENDAR, google.liveEvents(CALENDAR)[1]!.id, { summary: 'Changed during the run' });
      await google.notify(CALENDAR, 'exists', reach);
      const after = (await settled()).slice(before);
      expect(after.map((r) => r.trigger)).toEqual(['push', 'follow-up']);
    } finally {
      google.latencyMs = 0;
    }
    const [last] = await ctx.db.query<{ body: string }>(
      `SELECT body FROM webhook_events WHERE source = 'team-cal' AND event_type = 'team-cal.event.updated'
        ORDER BY received_at DESC, id DESC LIMIT 1`,
    );
    expect(JSON.parse(last!.body)).toMatchObject({ summary: 'Changed during the run' });
  });

  it('a push for another calendar, or to another gcal source, runs nothing', async () => {
    const before = (await settled()).length;
    const res = await fetch(`${app().url}/webhooks/gcal-push`, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': 'someone-elses-channel',
        'x-goog-channel-token': CHANNEL_TOKEN,
        'x-goog-resource-id': 'r1',
        'x-goog-resource-uri': `${google.apiUrl}/calendars/other%40example.org/events?alt=json`,
        'x-goog-resource-state': 'exists',
        'x-goog-message-number': '7',
      },
    });
    expect(res.status).toBe(202);
    await waitFor(
      async () =>
        (
          await ctx.db.query(
            `SELECT 1 FROM webhook_events WHERE source = 'gcal-push' AND routing_status = 'routed' AND delivery_id = 'someone-elses-channel:7'`,
          )
        ).length === 1,
      'the push to be routed',
    );
    expect(await settled()).toHaveLength(before);
  });

  it('renewing opens the new channel first, then stops the old one', async () => {
    const [old] = google.activeChannels(CALENDAR);
    const res = await app().api('/sync/sources/team-cal/watch', { method: 'POST' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { channel: { id: string }; stopped: string[] };
    expect(answer.stopped).toEqual([old!.id]);
    expect(google.channels.get(old!.id)!.stopped).toBe(true);
    expect(google.activeChannels(CALENDAR).map((c) => c.id)).toEqual([answer.channel.id]);
    const stops = google.requestsTo(/^\/calendar\/v3\/channels\/stop$/, 'POST');
    expect(stops.at(-1)!.body).toEqual({ id: old!.id, resourceId: old!.resourceId });
    const rows = await channels();
    expect(rows.map((r) => [r.id, r.stopped_at !== null])).toEqual([
      [old!.id, true],
      [answer.channel.id, false],
    ]);
  });

  it('the hourly pass renews a channel expiring within a day, audited as the system; leaves fresh ones', async () => {
    const watches = app().app.get(CalendarWatches);
    expect(await watches.renewDue()).toEqual({ renewed: [], failed: [] });
    await ctx.db.query(
      `UPDATE google_calendar_channels SET expires_at = now() + interval '3 hours' WHERE source = 'team-cal' AND stopped_at IS NULL`,
    );
    expect(await watches.renewDue()).toEqual({ renewed: ['team-cal'], failed: [] });
    expect(google.activeChannels(CALENDAR)).toHaveLength(1);
    const audits = await ctx.db.query<{ source: string; actor_id: string }>(
      `SELECT source, actor_id FROM audit_events WHERE action = 'sync.watch_renew' ORDER BY id`,
    );
    expect(audits.at(-1)).toEqual({ source: 'system', actor_id: 'system' });
  });

  it('refuses with reasons: no pushSource, not a calendar source, no such source', async () => {
    await postJson(app(), '/sync/sources', {
      slug: 'quiet-cal',
      connector: 'google-calendar',
      settings: { calendarId: CALENDAR },
      secret: JSON.stringify(google.tokens.accounts.values().next().value!.key),
      intervalSeconds: 3600,
    });
    const noPush = await app().api('/sync/sources/quiet-cal/watch', { method: 'POST' });
    expect(noPush.status).toBe(400);
    expect(JSON.stringify(await noPush.json())).toContain('has no settings.pushSource');
    await postJson(app(), '/sync/sources', {
      slug: 'feed',
      connector: 'json',
      settings: { url: 'http://127.0.0.1:9/items', resource: 'item' },
      intervalSeconds: 3600,
    });
    const notCalendar = await app().api('/sync/sources/feed/watch', { method: 'POST' });
    expect(notCalendar.status).toBe(400);
    expect(JSON.stringify(await notCalendar.json())).toContain('is not a google-calendar source (it is json)');
    expect((await app().api('/sync/sources/nope/watch', { method: 'POST' })).status).toBe(404);
  });

  it('stopping closes the open channels; pushes stop, polling goes on', async () => {
    const res = await app().api('/sync/sources/team-cal/watch', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stopped: string[] }).stopped).toHaveLength(1);
    expect(google.activeChannels(CALENDAR)).toEqual([]);
    expect((await channels()).every((c) => c.stopped_at !== null)).toBe(true);
    const audits = await ctx.db.query(`SELECT 1 FROM audit_events WHERE action = 'sync.watch_stop'`);
    expect(audits).toHaveLength(1);
  });

  it('a team adds a Google calendar on the dashboard’s Sources page, its key as credential, and watches it there', async () => {
    const { browser } = await bootstrapBrowser(app().url, ctx.db);
    const html = await (await browser.fetch(`${app().url}/dashboard/sources`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    expect(html).toContain('google-calendar: Google Calendar events');
    const post = (path: string, fields: Record<string, string> = {}) =>
      browser.fetch(`${app().url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
    // Pasted from the downloaded file: pretty-printed, its line breaks dropped by the password field.
    const key = JSON.stringify(google.tokens.accounts.values().next().value!.key, null, 2).replace(/\n(?=\s*")/g, ' ');
    const added = await post('/dashboard/sync-sources', {
      slug: 'board-cal',
      connector: 'google-calendar',
      settings: JSON.stringify({ calendarId: CALENDAR, subject: 'ops@example.org', pushSource: 'gcal-push' }),
      secret: key,
      intervalSeconds: '900',
    });
    expect(added.status).toBe(303);
    const synced = await post('/dashboard/sync-sources/board-cal/run');
    expect(synced.status).toBe(303);
    await waitFor(
      async () =>
        (
          await ctx.db.query(
            `SELECT 1 FROM sync_runs WHERE source = 'board-cal' AND status = 'succeeded' AND created > 0`,
          )
        ).length === 1,
      'the first run of board-cal',
    );
    let text = visibleText(await (await browser.fetch(`${app().url}/dashboard/sources`)).text());
    expect(text).toContain('pushes via gcal-push: no watch channel');
    const watched = await post('/dashboard/sync-sources/board-cal/watch');
    expect(watched.status).toBe(303);
    expect(watched.headers.get('location')).toBe('/dashboard/sources?sync=watching#polled');
    text = visibleText(await (await browser.fetch(`${app().url}/dashboard/sources?sync=watching`)).text());
    expect(text).toContain('Watch channel opened');
    expect(text).toMatch(/pushes via gcal-push: channel open until/);
    expect(text).toContain('Renew the watch of board-cal');
    const [audit] = await ctx.db.query<{ source: string }>(
      `SELECT source FROM audit_events WHERE action = 'sync.watch_renew' AND target = 'board-cal'`,
    );
    expect(audit).toEqual({ source: 'admin_dashboard' });
  });
});
