import { FakeGoogleCalendar } from './support/fake-google-calendar';
import { postJson, TestApp, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  status: string;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  pages: number;
  incremental: boolean;
  listing_complete: boolean;
  state_discarded: string | null;
  deletions_refused: string | null;
  error: string | null;
}

interface EventRow {
  event_type: string;
  description: string;
  body: string;
}

const SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';
const CALENDAR = 'team@example.org';
const SLUG = 'cal';

/**
 * The google-calendar connector against a loopback Google (a token endpoint that checks the
 * service account's RS256 assertion, Calendar v3 events.list with page and sync tokens that
 * expire): a full listing, then only changes with the sync token, cancelled events as deletions,
 * a 410 Gone that discards the token and lists in full (swept under the deletion guard), a token
 * expiring mid-run that leaves nothing half-applied.
 */
describe('sync sources: Google Calendar', () => {
  const google = new FakeGoogleCalendar();
  // Before the app starts: its configuration names the fake's URLs.
  beforeAll(() => google.start());
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      SYNC_RETRY_AFTER_WAIT_MAX_SECONDS: '3',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '2',
      get GOOGLE_TOKEN_URL() {
        return google.tokenUrl;
      },
      get GOOGLE_CALENDAR_API_URL() {
        return google.apiUrl;
      },
    },
  });
  const app = (): TestApp => ctx.app;
  const account = () => google.tokens.accounts.values().next().value!;
  const ids: string[] = [];

  beforeAll(() => {
    google.tokens.addServiceAccount('switchyard-calendar', [SCOPE]);
    for (let n = 1; n <= 600; n++) {
      ids.push(google.addEvent(CALENDAR, `Meeting ${n}`, new Date(Date.UTC(2026, 2, 2, 9) + n * 3600_000)).id);
    }
  });
  afterAll(() => google.stop());

  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = $1 ORDER BY started_at`, [SLUG]);
  const events = () =>
    ctx.db.query<EventRow>(
      `SELECT event_type, description, body FROM webhook_events WHERE source = $1 ORDER BY received_at, id`,
      [SLUG],
    );
  const listRequests = () => google.requestsTo(/^\/calendar\/v3\/calendars\/[^/]+\/events$/, 'GET');
  const storedState = async () =>
    (
      await ctx.db.query<{ connector_state: Record<string, unknown> }>(
        `SELECT connector_state FROM sync_sources WHERE slug = $1`,
        [SLUG],
      )
    )[0]!.connector_state;
  const syncNow = async (): Promise<RunRow> => {
    const before = (await runs()).length;
    await pressSyncNow(app(), SLUG);
    return waitFor(async () => (await runs()).slice(before).find((run) => run.status !== 'running'), 'a run');
  };
  /** The job's retries (or another "sync now") until a run succeeds. */
  const recovered = () =>
    waitFor(async () => {
      const last = (await runs()).at(-1)!;
      if (last.status === 'failed') await app().api(`/sync/sources/${SLUG}/run`, { method: 'POST' });
      return last.status === 'succeeded' ? last : undefined;
    }, 'a run that recovers');

  it('adds a calendar source with a service account key as its secret; refuses bad settings with reasons', async () => {
    const refused = await postJson(app(), '/sync/sources', {
      slug: 'cal-bad',
      connector: 'google-calendar',
      settings: { calendarId: '', subject: 'nobody', maxResults: 5000, q: 'standup' },
      secret: JSON.stringify(account().key),
      intervalSeconds: 3600,
    });
    expect(refused.status).toBe(400);
    const reasons = JSON.stringify(await refused.json());
    expect(reasons).toContain('calendarId is required');
    expect(reasons).toContain('subject must be the e-mail address of the Workspace user');
    expect(reasons).toContain('maxResults must be a whole number from 1 to 2500');
    expect(reasons).toContain('google-calendar has no setting \\"q\\"');

    const notAKey = await postJson(app(), '/sync/sources', {
      slug: 'cal-bad',
      connector: 'google-calendar',
      settings: { calendarId: CALENDAR },
      secret: 'Bearer ya29.not-a-key',
      intervalSeconds: 3600,
    });
    expect(notAKey.status).toBe(400);
    expect(JSON.stringify(await notAKey.json())).toContain(
      'secret: the credential is not JSON (a service account JSON key was expected)',
    );
    const keyless = await postJson(app(), '/sync/sources', {
      slug: 'cal-bad',
      connector: 'google-calendar',
      settings: { calendarId: CALENDAR },
      secret: JSON.stringify({ ...account().key, private_key: undefined }),
      intervalSeconds: 3600,
    });
    expect(keyless.status).toBe(400);
    expect(JSON.stringify(await keyless.json())).toContain('has no PEM private_key');

    const res = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'google-calendar',
      settings: { calendarId: CALENDAR, subject: 'ops@example.org' },
      secret: JSON.stringify(account().key),
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ connector: 'google-calendar', resource: 'event', hasSecret: true });
    expect(JSON.stringify(body)).not.toContain('PRIVATE KEY');
  });

  it('lists the calendar in full, page by page, as the impersonated user; keeps the last page’s sync token', async () => {
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 600, created: 600, pages: 3, incremental: false });
    const asked = listRequests();
    expect(asked).toHaveLength(3);
    expect(asked.map((r) => r.query.get('maxResults'))).toEqual(['250', '250', '250']);
    expect(asked.map((r) => r.query.has('syncToken'))).toEqual([false, false, false]);
    expect(asked[0]!.query.has('pageToken')).toBe(false);
    expect(asked[1]!.query.get('pageToken')).toBeTruthy();
    const grant = google.tokens.check(asked[0]!.headers.authorization);
    expect(grant).toMatchObject({ subject: 'ops@example.org', scopes: [SCOPE] });
    // One token for the three pages.
    expect(new Set(asked.map((r) => r.headers.authorization)).size).toBe(1);
    expect((await storedState()).syncToken).toEqual(expect.any(String));
    const stored = await events();
    expect(stored).toHaveLength(600);
    expect(new Set(stored.map((e) => e.event_type))).toEqual(new Set(['cal.event.created']));
    expect(stored.map((e) => e.description)).toContain(`event ${ids[6]} created: Meeting 7 (2026-03-02T16:00:00.000Z)`);
  });

  it('then lists only the changes with the sync token: cancelled events are deleted, nothing else is swept', async () => {
    const before = listRequests().length;
    google.updateEvent(CALENDAR, ids[10]!, { summary: 'Meeting 11 (moved)' });
    google.cancelEvent(CALENDAR, ids[20]!);
    const added = google.addEvent(CALENDAR, 'Offsite');
    // Added and cancelled between two runs: never known, so nothing to say.
    const fleeting = google.addEvent(CALENDAR, 'Cancelled before anyone saw it');
    google.cancelEvent(CALENDAR, fleeting.id);

    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', incremental: true, seen: 4, created: 1, updated: 1, deleted: 1 });
    const [asked] = listRequests().slice(before);
    expect(asked!.query.get('syncToken')).toBeTruthy();
    expect(asked!.query.get('maxResults')).toBe('250');
    const fresh = (await events()).slice(600);
    expect(fresh.map((e) => e.event_type).sort()).toEqual([
      'cal.event.created',
      'cal.event.deleted',
      'cal.event.updated',
    ]);
    const deleted = JSON.parse(fresh.find((e) => e.event_type === 'cal.event.deleted')!.body) as Record<
      string,
      unknown
    >;
    expect(deleted).toMatchObject({ id: ids[20], deleted: true, status: 'cancelled' });
    expect(fresh.find((e) => e.event_type === 'cal.event.created')!.description).toContain(
      `event ${added.id} created: Offsite`,
    );

    // Nothing changed: one page of nothing, nothing written.
    expect(await syncNow()).toMatchObject({ status: 'succeeded', incremental: true, seen: 0, pages: 1, created: 0 });
    expect(await events()).toHaveLength(603);
    const [source] = await ctx.db.query<{ last_complete_count: number }>(
      `SELECT last_complete_count FROM sync_sources WHERE slug = $1`,
      [SLUG],
    );
    expect(source!.last_complete_count).toBe(600);
  });

  it('a 410 Gone discards the sync token and lists in full, swept: what went unseen is deleted', async () => {
    google.expireSyncTokens();
    google.updateEvent(CALENDAR, ids[30]!, { summary: 'Meeting 31 (renamed)' });
    // Gone from Google's listing while the token was dead: only the full listing's sweep can tell.
    google.calendar(CALENDAR).events.delete(ids[40]!);
    const before = listRequests().length;
    const run = await syncNow();
    expect(run).toMatchObject({
      status: 'succeeded',
      incremental: false,
      listing_complete: true,
      // 600 listed before, one added, one cancelled, one gone.
      seen: 599,
      updated: 1,
      deleted: 1,
      pages: 3,
    });
    expect(run.state_discarded).toContain('answered 410 Gone: the sync token is no longer valid');
    const asked = listRequests().slice(before);
    expect(asked.map((r) => r.query.has('syncToken'))).toEqual([true, false, false, false]);
    const fresh = (await events()).slice(603);
    expect(fresh.map((e) => e.event_type).sort()).toEqual(['cal.event.deleted', 'cal.event.updated']);
    expect(JSON.parse(fresh.find((e) => e.event_type === 'cal.event.deleted')!.body)).toEqual({
      id: ids[40],
      deleted: true,
    });
    // A fresh token: back to incremental.
    expect(await syncNow()).toMatchObject({ status: 'succeeded', incremental: true, seen: 0 });
  });

  it('a token expiring mid-run: the run starts over in full, nothing of the incremental pages applied twice', async () => {
    for (const id of ids.slice(100, 400)) google.updateEvent(CALENDAR, id, { summary: `Renamed ${id}` });
    // The incremental listing's first page is answered, then its page token is dead.
    google.expireAfterPages = 1;
    const before = listRequests().length;
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', incremental: false, seen: 599, updated: 300, unchanged: 299 });
    expect(run.state_discarded).toContain('410 Gone');
    const asked = listRequests().slice(before);
    expect(asked.map((r) => [r.query.has('syncToken'), r.query.has('pageToken')])).toEqual([
      [true, false],
      [false, true],
      [false, false],
      [false, true],
      [false, true],
    ]);
    const updates = (await events()).slice(605).filter((e) => e.event_type === 'cal.event.updated');
    expect(updates).toHaveLength(300);
  });

  it('expiring again during the full listing fails the run with the reason and applies nothing; the next run recovers', async () => {
    for (const id of ids.slice(0, 5)) google.updateEvent(CALENDAR, id, { summary: `Again ${id}` });
    google.expireSyncTokens();
    // The 410 on the sync token, then the full listing's first page, then its page token is dead.
    google.expireAfterPages = 1;
    const count = (await events()).length;
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('the listing in full after an expired state was refused too');
    expect(await events()).toHaveLength(count);
    const recovery = await recovered();
    expect(recovery).toMatchObject({ incremental: false, updated: 5, deleted: 0, seen: 599 });
    expect(await events()).toHaveLength(count + 5);
  });

  it('the full listing after a 410 is guarded: a far shorter one deletes nothing until accepted', async () => {
    for (const id of ids.slice(200, 600)) google.calendar(CALENDAR).events.delete(id);
    google.expireSyncTokens();
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', incremental: false, deleted: 0 });
    expect(run.deletions_refused).toContain('deletions refused');
    // No sync token kept: an incremental listing would never see those deletions.
    expect(await storedState()).toEqual({});
    expect(await syncNow()).toMatchObject({ incremental: false, deleted: 0, deletions_refused: expect.any(String) });

    const accepted = await app().api(`/sync/sources/${SLUG}/accept-deletions`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    expect(await syncNow()).toMatchObject({
      status: 'succeeded',
      incremental: false,
      deleted: 400,
      deletions_refused: null,
    });
    expect(await syncNow()).toMatchObject({ status: 'succeeded', incremental: true, seen: 0 });
  });

  it('waits out Google’s 429 and its Retry-After within the run', async () => {
    google.rateLimited = 1;
    const started = Date.now();
    expect(await syncNow()).toMatchObject({ status: 'succeeded', incremental: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('Google’s 403 rateLimitExceeded is a wait, not refused credentials: retried later, no credentials alert', async () => {
    google.next({
      status: 403,
      body: {
        error: {
          errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }],
          code: 403,
          message: 'Rate Limit Exceeded',
        },
      },
    });
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('rateLimitExceeded');
    // The job settles just after its run row does.
    const retry = await waitFor(
      async () =>
        (
          await ctx.db.query<{ start_after: Date }>(
            `SELECT start_after FROM pgboss.job WHERE name = 'sync.run' AND singleton_key = $1 AND state = 'retry'`,
            [SLUG],
          )
        )[0],
      'the job waiting to retry',
    );
    expect(retry.start_after.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const { alerts } = (await (await app().api('/alerts')).json()) as { alerts: { kind: string; subject: string }[] };
    expect(alerts.filter((a) => a.kind === 'sync.credentials_refused' && a.subject === SLUG)).toEqual([]);
    // "Sync now" makes the waiting retry due at once.
    expect(await recovered()).toMatchObject({ status: 'succeeded' });
  });

  it('a token Google revoked early is replaced once; a key without delegation fails the run with Google’s reason', async () => {
    google.tokens.expireAll();
    google.addEvent(CALENDAR, 'After the revocation');
    expect(await syncNow()).toMatchObject({ status: 'succeeded', created: 1 });

    account().delegatedScopes.clear();
    google.tokens.expireAll();
    google.addEvent(CALENDAR, 'Not seen while the delegation is gone');
    const failed = await syncNow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('(401): unauthorized_client: Client is unauthorized');
    expect(failed.error).not.toContain('PRIVATE KEY');
    account().delegatedScopes.add(SCOPE);
    expect(await recovered()).toMatchObject({ created: 1 });
  });

  it('new settings drop the sync token (it belongs to the old parameters): the next run lists in full with the new ones', async () => {
    const patched = await app().api(`/sync/sources/${SLUG}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { calendarId: CALENDAR, subject: 'ops@example.org', maxResults: 2500 } }),
    });
    expect(patched.status).toBe(200);
    expect(await storedState()).toEqual({});
    const before = listRequests().length;
    const run = await syncNow();
    expect(run).toMatchObject({
      status: 'succeeded',
      incremental: false,
      pages: 1,
      created: 0,
      updated: 0,
      deleted: 0,
    });
    const [asked] = listRequests().slice(before);
    expect(asked!.query.get('maxResults')).toBe('2500');
    expect(asked!.query.has('syncToken')).toBe(false);
    expect(await syncNow()).toMatchObject({ status: 'succeeded', incremental: true, seen: 0 });
  });
});
