import { hostname } from 'node:os';
import { SyncRuns } from '../src/sync/runs/sync-runs';
import { bootstrapBrowser, visibleText } from './support/dashboard';
import { FakeJsonApi, Item } from './support/fake-json-api';
import { Scrape } from './support/prometheus';
import { postJson, TEST_API_SECRET, TestApp, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  status: string;
  trigger: string;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  pages: number;
  listing_complete: boolean;
  deletions_refused: string | null;
  error: string | null;
}

interface EventSummary {
  type: string;
  description: string;
  provider: string;
  routingStatus: string;
  id: string;
}

const talk = (id: number, title = `Talk ${id}`, extra: Record<string, unknown> = {}): Item => ({
  id,
  title,
  speaker: { name: `Speaker ${id}` },
  views: 0,
  ...extra,
});

/**
 * The generic JSON poller against a loopback API that pages, rate-limits and misbehaves: changes
 * become events in the inbox once, deletions only after a complete listing and never from a
 * suspiciously short one, and a bad answer fails the run with its reason, applying nothing.
 */
describe('sync sources: the generic JSON poller', () => {
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      SYNC_RETRY_AFTER_WAIT_MAX_SECONDS: '3',
      SYNC_MAX_ITEM_BYTES: String(1024 * 1024),
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '2',
      AUTH_BOOTSTRAP_LOGIN: 'on',
    },
  });
  const api = new FakeJsonApi();
  let runsSeen = 0;

  beforeAll(async () => {
    await api.start();
    api.perPage = 5;
    // Faults hit the source under test only, not another one's scheduled run at that moment.
    api.faultsFor = 'talks';
    for (let id = 1; id <= 12; id++) api.set(talk(id));
  });
  afterAll(() => api.stop());

  const app = (): TestApp => ctx.app;
  const runs = (slug: string) =>
    ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = $1 ORDER BY started_at`, [slug]);
  const events = async (slug: string, limit = 200) => {
    const res = await app().api(`/webhooks/events?source=${slug}&limit=${limit}`);
    return ((await res.json()) as { events: EventSummary[] }).events;
  };
  /** "Sync now" and the run it made (or the next one after `after` runs), once it has ended. */
  const syncNow = async (slug: string): Promise<RunRow> => {
    const before = (await runs(slug)).length;
    await pressSyncNow(app(), slug);
    return waitFor(async () => {
      const all = await runs(slug);
      const ended = all.slice(before).find((r) => r.status !== 'running');
      return ended;
    }, `a run of ${slug}`);
  };
  const nextRun = (slug: string, after: number) =>
    waitFor(async () => (await runs(slug)).slice(after).find((r) => r.status !== 'running'), `a run of ${slug}`);

  const createSource = (slug: string, settings: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    postJson(app(), '/sync/sources', {
      slug,
      connector: 'json',
      settings,
      secret: `Bearer ${api.token}`,
      intervalSeconds: 3600,
      ...extra,
    });

  const pagesSettings = () => ({
    url: `${api.url}/pages?src=talks`,
    resource: 'talk',
    itemsPath: 'data',
    titleField: 'title',
    authHeader: 'Authorization',
    paging: { type: 'page', param: 'page', sizeParam: 'per_page', size: 5, pagesPath: 'meta.pagination.pages' },
    volatileFields: ['views'],
  });

  it('adds a source: its credential sealed, its schedule written, listed among the sources', async () => {
    const res = await createSource('talks', pagesSettings());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'sync', slug: 'talks', connector: 'json', resource: 'talk', hasSecret: true });
    expect(JSON.stringify(body)).not.toContain(api.token);
    const [row] = await ctx.db.query<{ credentials_sealed: string }>(
      `SELECT credentials_sealed FROM sync_sources WHERE slug = 'talks'`,
    );
    expect(row!.credentials_sealed).not.toContain(api.token);
    const [schedule] = await ctx.db.query<{ cron: string; options: { singletonKey: string } }>(
      `SELECT cron, options FROM pgboss.schedule WHERE name = 'sync.run' AND key = 'talks'`,
    );
    expect(schedule!.cron).toMatch(/^\d+ \* \* \* \*$/);
    expect(schedule!.options.singletonKey).toBe('talks');

    const listed = (await (await app().api('/webhooks/sources')).json()) as Record<string, unknown>[];
    expect(listed.find((s) => s.slug === 'talks')).toMatchObject({
      kind: 'sync',
      connector: 'json',
      intervalSeconds: 3600,
      eventsUrl: '/webhooks/events?source=talks',
    });
    const [audit] = await ctx.db.query<{ action: string; data: unknown }>(
      `SELECT action, data FROM audit_events WHERE action = 'sync.source_create' AND target = 'talks'`,
    );
    expect(JSON.stringify(audit!.data)).not.toContain(api.token);
  });

  it('turns the first listing into created events, routed like webhooks', async () => {
    const run = await syncNow('talks');
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', pages: 3, seen: 12, created: 12 });
    expect(run.listing_complete).toBe(true);
    const stored = await events('talks');
    expect(stored).toHaveLength(12);
    expect(stored.map((e) => e.type)).toEqual(Array(12).fill('talks.talk.created'));
    expect(stored.map((e) => e.description)).toContain('talk 7 created: Talk 7');
    expect(stored[0]!.provider).toBe('sync:json');
    await waitFor(async () => (await events('talks')).every((e) => e.routingStatus === 'routed'), 'routing');
    const one = (await (await app().api(`/webhooks/events/${stored[0]!.id}`)).json()) as { body: Item };
    expect(one.body).toMatchObject({ speaker: { name: expect.stringMatching(/^Speaker/) } });
    runsSeen = (await runs('talks')).length;
  });

  it('writes nothing for a re-poll without changes, and ignores volatile fields', async () => {
    api.set(talk(3, 'Talk 3', { views: 999 }));
    const run = await syncNow('talks');
    expect(run).toMatchObject({ status: 'succeeded', seen: 12, created: 0, updated: 0, unchanged: 12 });
    expect(await events('talks')).toHaveLength(12);
  });

  it('stores a change once, a new resource as created, a missing one as deleted', async () => {
    api.set(talk(4, 'Talk 4, revised'));
    api.set(talk(13));
    api.remove(9);
    const run = await syncNow('talks');
    expect(run).toMatchObject({ status: 'succeeded', created: 1, updated: 1, deleted: 1, unchanged: 10 });
    const stored = await events('talks');
    expect(
      stored
        .slice(0, 3)
        .map((e) => e.description)
        .sort(),
    ).toEqual(['talk 13 created: Talk 13', 'talk 4 updated: Talk 4, revised', 'talk 9 deleted']);
    const [state] = await ctx.db.query<{ deleted_at: Date | null }>(
      `SELECT deleted_at FROM sync_state WHERE source = 'talks' AND external_id = '9'`,
    );
    expect(state!.deleted_at).not.toBeNull();
    // Changed back: a new change, a new event (the delivery id counts changes).
    api.set(talk(4));
    expect(await syncNow('talks')).toMatchObject({ updated: 1 });
    expect((await events('talks')).filter((e) => e.description.startsWith('talk 4 updated'))).toHaveLength(2);
  });

  it('refuses to delete after a suspiciously short listing, alerts, and deletes once accepted', async () => {
    const before = (await events('talks')).length;
    api.shortListing = 3;
    try {
      const run = await syncNow('talks');
      expect(run).toMatchObject({ status: 'succeeded', deleted: 0, seen: 3 });
      expect(run.deletions_refused).toMatch(
        /held 3 talk resources, fewer than 50% of the 12 .* so the 9 it did not list were kept/,
      );
      const { alerts } = (await (await app().api('/alerts')).json()) as { alerts: { kind: string; subject: string }[] };
      expect(alerts).toContainEqual(expect.objectContaining({ kind: 'sync.deletions_refused', subject: 'talks' }));
      expect(await events('talks')).toHaveLength(before);

      // The team really did remove those nine: an admin accepts, the next listing deletes them.
      const accepted = await app().api('/sync/sources/talks/accept-deletions', { method: 'POST' });
      expect(accepted.status).toBe(200);
      expect(await syncNow('talks')).toMatchObject({ status: 'succeeded', deleted: 9, deletions_refused: null });
      const open = ((await (await app().api('/alerts')).json()) as { alerts: { kind: string }[] }).alerts;
      expect(open.filter((a) => a.kind === 'sync.deletions_refused')).toHaveLength(0);
    } finally {
      api.shortListing = null;
    }
    expect(await syncNow('talks')).toMatchObject({ created: 9, deleted: 0 });
  });

  describe('bad answers fail the run with a reason, apply nothing, and the next run recovers', () => {
    /** A change on page 1 that must not be stored while a later page is bad. */
    const expectNothingApplied = async (
      fault: () => void,
      heal: () => void,
      reason: RegExp,
      whileBroken: () => Promise<unknown> = async () => undefined,
    ) => {
      const before = (await events('talks')).length;
      const title = `Talk 1 at ${Date.now()}`;
      api.set(talk(1, title));
      fault();
      try {
        const failed = await syncNow('talks');
        expect(failed.status).toBe('failed');
        expect(failed.error).toMatch(reason);
        // Counted for Prometheus (switchyard_sync_runs_total) as it is recorded.
        const scraped = await Scrape.of(`${app().url}/metrics`, { authorization: `Bearer ${TEST_API_SECRET}` });
        expect(scraped.value('switchyard_sync_runs_total', { source: 'talks', outcome: 'failed' })).toBeGreaterThan(0);
        expect(await events('talks')).toHaveLength(before);
        const source = (await (await app().api(`/sync/sources/talks`)).json()) as { lastRun: { error: string } };
        expect(source.lastRun.error).toMatch(reason);
        await whileBroken();
      } finally {
        heal();
      }
      const recovered = await waitFor(async () => {
        const all = await runs('talks');
        const last = all[all.length - 1]!;
        if (last.status === 'succeeded') return last;
        if (last.status === 'failed') await app().api(`/sync/sources/talks/run`, { method: 'POST' });
        return undefined;
      }, 'a run that recovers');
      expect(recovered.updated).toBe(1);
      expect((await events('talks')).filter((e) => e.description === `talk 1 updated: ${title}`)).toHaveLength(1);
    };

    it('an answer that is not JSON', () =>
      expectNothingApplied(
        () => (api.garbage = 100),
        () => (api.garbage = 0),
        /pages\?\*\*\* did not answer JSON: "<html><body>Service temporarily unavailable/,
      ));

    it('a resource without an id', () =>
      expectNothingApplied(
        () => (api.extra = [{ title: 'no id here' }]),
        () => (api.extra = []),
        /resource \d of page 3 has no usable id \(a non-empty string or a number\): \{"title":"no id here"\}/,
      ));

    it('a 2 MB resource', () =>
      expectNothingApplied(
        () => (api.extra = [{ id: 'huge', blob: 'x'.repeat(2 * 1024 * 1024) }]),
        () => (api.extra = []),
        /resource \d of page 3 \(id huge\) is 2097\d+ bytes, more than SYNC_MAX_ITEM_BYTES \(1048576\)/,
      ));

    it('a page that repeats', () =>
      expectNothingApplied(
        () => (api.repeatFromPage = 3),
        () => (api.repeatFromPage = null),
        /page 3 only repeats resources this listing already had/,
      ));

    it('credentials revoked, with an operator alert until a run gets through', async () => {
      const alerts = async () =>
        ((await (await app().api('/alerts')).json()) as { alerts: { kind: string; subject: string }[] }).alerts.filter(
          (a) => a.kind === 'sync.credentials_refused' && a.subject === 'talks',
        );
      let raised = 0;
      await expectNothingApplied(
        () => (api.token = 'rotated-token'),
        () => (api.token = 'fake-api-token'),
        /refused the credentials \(401\): \{"error":"invalid token"\}/,
        async () => (raised = (await alerts()).length),
      );
      expect(raised).toBe(1);
      expect(await alerts()).toHaveLength(0);
    });

    it('a cursor that loops', async () => {
      const created = await createSource('talks-cursor', {
        url: `${api.url}/cursor?limit=5&src=talks-cursor`,
        resource: 'talk',
        itemsPath: 'items',
        authHeader: 'Authorization',
        paging: { type: 'cursor', param: 'cursor', cursorPath: 'next_cursor' },
      });
      expect(created.status).toBe(201);
      api.loopCursor = true;
      api.faultsFor = 'talks-cursor';
      const failed = await syncNow('talks-cursor');
      expect(failed).toMatchObject({ status: 'failed', pages: 2, created: 0 });
      expect(failed.error).toMatch(/page 2 points back to a page already read \(a looping cursor/);
      expect(await events('talks-cursor')).toHaveLength(0);
      api.loopCursor = false;
      api.faultsFor = 'talks';
      const recovered = await waitFor(async () => {
        const all = await runs('talks-cursor');
        const last = all[all.length - 1]!;
        if (last.status === 'failed') await app().api(`/sync/sources/talks-cursor/run`, { method: 'POST' });
        return last.status === 'succeeded' ? last : undefined;
      }, 'a run that recovers');
      expect(recovered.created).toBe(api.size);
    });
  });

  it('waits out a short Retry-After within the run, and leaves a long one to the job’s retry', async () => {
    api.rateLimited = 1;
    api.retryAfterSeconds = 1;
    const started = Date.now();
    expect(await syncNow('talks')).toMatchObject({ status: 'succeeded' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    api.rateLimited = 1;
    api.retryAfterSeconds = 3600;
    const failed = await syncNow('talks');
    expect(failed.error).toMatch(/answered 429 \(Retry-After/);
    const [job] = await ctx.db.query<{ state: string; start_after: Date }>(
      `SELECT state, start_after FROM pgboss.job WHERE name = 'sync.run' AND singleton_key = 'talks' AND state = 'retry'`,
    );
    expect(job!.start_after.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // "Sync now" makes that retry due at once instead of queueing a second run.
    const after = (await runs('talks')).length;
    const now = await app().api('/sync/sources/talks/run', { method: 'POST' });
    expect(await now.json()).toMatchObject({ queued: false, state: 'queued' });
    expect(await nextRun('talks', after)).toMatchObject({ status: 'succeeded' });
  });

  it('pauses (schedule removed, "sync now" refused) and resumes', async () => {
    expect((await app().api('/sync/sources/talks/pause', { method: 'POST' })).status).toBe(200);
    expect(await ctx.db.query(`SELECT 1 FROM pgboss.schedule WHERE name = 'sync.run' AND key = 'talks'`)).toHaveLength(
      0,
    );
    const refused = await app().api('/sync/sources/talks/run', { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toBe(
      'Sync source talks is paused: resume it first',
    );
    expect((await app().api('/sync/sources/talks/resume', { method: 'POST' })).status).toBe(200);
    expect(await ctx.db.query(`SELECT 1 FROM pgboss.schedule WHERE name = 'sync.run' AND key = 'talks'`)).toHaveLength(
      1,
    );
    const actions = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE target = 'talks' AND action LIKE 'sync.source_%' ORDER BY at`,
    );
    expect(actions.map((a) => a.action)).toEqual(['sync.source_create', 'sync.source_pause', 'sync.source_resume']);
  });

  it('follows next links and, under a minute apart, chains its own runs', async () => {
    const res = await createSource(
      'talks-next',
      {
        url: `${api.url}/next`,
        resource: 'talk',
        itemsPath: 'results',
        authHeader: 'Authorization',
        paging: { type: 'next', nextPath: 'next' },
      },
      { intervalSeconds: 5 },
    );
    expect(res.status).toBe(201);
    const first = await syncNow('talks-next');
    expect(first).toMatchObject({ status: 'succeeded', created: api.size });
    const follow = await waitFor(
      async () => (await runs('talks-next')).find((r) => r.trigger === 'follow-up' && r.status === 'succeeded'),
      'a chained run',
      12_000,
    );
    expect(follow).toMatchObject({ unchanged: api.size, created: 0 });
    // Never two queued or running at once.
    const holders = await ctx.db.query(
      `SELECT id FROM pgboss.job WHERE name = 'sync.run' AND singleton_key = 'talks-next' AND state IN ('created', 'retry', 'active')`,
    );
    expect(holders.length).toBeLessThanOrEqual(1);
    expect((await app().api('/sync/sources/talks-next/pause', { method: 'POST' })).status).toBe(200);
  });

  it('shows polled sources on the dashboard’s Sources page, and adds, syncs and pauses them there', async () => {
    const { browser } = await bootstrapBrowser(app().url, ctx.db);
    const page = await browser.fetch(`${app().url}/dashboard/sources`);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const text = visibleText(html);
    expect(text).toContain('Polled sources');
    expect(text).toMatch(
      /talks talk json 1 h succeeded .* seen \d+, created \d+, updated \d+, deleted \d+, unchanged \d+, failed 0/,
    );
    expect(html).toContain('href="/dashboard/webhooks?source=talks"');

    const refused = await browser.fetch(`${app().url}/dashboard/sync-sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        slug: 'speakers',
        connector: 'json',
        settings: '{"url": "x"}',
        intervalSeconds: '300',
      }),
    });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain('settings: url must be an http(s) URL');

    const added = await browser.fetch(`${app().url}/dashboard/sync-sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        slug: 'speakers',
        connector: 'json',
        settings: JSON.stringify({
          url: `${api.url}/pages`,
          resource: 'speaker',
          itemsPath: 'data',
          authHeader: 'Authorization',
          paging: { type: 'page' },
        }),
        secret: `Bearer ${api.token}`,
        intervalSeconds: '300',
      }),
    });
    expect(added.status).toBe(303);
    const before = (await runs('speakers')).length;
    const synced = await browser.fetch(`${app().url}/dashboard/sync-sources/speakers/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(synced.status).toBe(303);
    expect(synced.headers.get('location')).toBe('/dashboard/sources?sync=queued#polled');
    expect(await nextRun('speakers', before)).toMatchObject({ status: 'succeeded', created: api.size });
    const paused = await browser.fetch(`${app().url}/dashboard/sync-sources/speakers/pause`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(paused.status).toBe(303);
    const after = visibleText(await (await browser.fetch(`${app().url}/dashboard/sources?sync=paused`)).text());
    expect(after).toContain('Polled source paused: its schedule is off until it is resumed.');
    expect(after).toMatch(/speakers speaker json 5 min paused/);
  });

  it('keeps runs as long as events (WEBHOOK_RETENTION_DAYS), and always each source’s latest', async () => {
    const age = (source: string) =>
      ctx.db.query(
        `UPDATE sync_runs r SET started_at = now() - interval '40 days' + o.n * interval '1 second'
           FROM (SELECT id, row_number() OVER (ORDER BY started_at) AS n FROM sync_runs WHERE source = $1) o
          WHERE r.id = o.id`,
        [source],
      );
    await age('talks');
    await age('talks-cursor');
    const before = (await runs('talks')).length + (await runs('talks-cursor')).length;
    const { deleted } = await app().app.get(SyncRuns).prune();
    expect(deleted).toBe(before - 2);
    expect(await runs('talks')).toHaveLength(1);
    expect(await runs('talks-cursor')).toHaveLength(1);
    expect((await runs('talks-next')).length).toBeGreaterThan(1);
  });

  it('refuses bad settings with reasons', async () => {
    const res = await postJson(app(), '/sync/sources', {
      slug: 'bad',
      connector: 'json',
      settings: { url: 'ftp://x', resource: 'Talk!', paging: { type: 'offset' }, extra: 1 },
      intervalSeconds: 420,
    });
    expect(res.status).toBe(400);
    const { message } = (await res.json()) as { message: string[] };
    expect(message).toEqual([
      'settings: url must be an http(s) URL without user:password (put credentials in the credential)',
      'settings: resource must be a lower-case name such as "talk" (letters, digits, _; it goes into event types)',
      'settings: paging.type must be none, page, cursor or next',
      'settings: unknown settings: extra (known: url, resource, itemsPath, idField, titleField, authHeader, paging, volatileFields)',
    ]);
    const interval = await createSource('bad', pagesSettings(), { intervalSeconds: 420 });
    expect(((await interval.json()) as { message: string }).message).toMatch(
      /^intervalSeconds must be 5 to 59 seconds/,
    );
    const taken = await createSource('github', pagesSettings());
    expect(taken.status).toBe(409);
  });
  void runsSeen;
});

describe('sync sources: the address guard', () => {
  const ctx = useTestApp({ env: { JOB_MAX_ATTEMPTS: '1' } });

  it('refuses private and loopback URLs when saved, and host names resolving to them when connecting', async () => {
    const literal = await postJson(ctx.app, '/sync/sources', {
      slug: 'internal',
      connector: 'json',
      settings: { url: 'http://127.0.0.1:9/items', resource: 'item' },
      intervalSeconds: 60,
    });
    expect(literal.status).toBe(400);
    expect(((await literal.json()) as { message: string }).message).toBe(
      'settings: 127.0.0.1 is a loopback address, not a public one; sync sources may call public addresses only (set SYNC_HTTP_ALLOW_PRIVATE=true to allow private networks)',
    );
    // The machine's own name resolves to a non-public address: only the connection's lookup can tell.
    const named = await postJson(ctx.app, '/sync/sources', {
      slug: 'named',
      connector: 'json',
      settings: { url: `http://${hostname()}:9/items`, resource: 'item' },
      intervalSeconds: 60,
    });
    expect(named.status).toBe(201);
    expect((await ctx.app.api('/sync/sources/named/run', { method: 'POST' })).status).toBe(202);
    const run = await waitFor(
      async () =>
        (await ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = 'named' AND status = 'failed'`))[0],
      'the refused run',
    );
    expect(run.error).toMatch(/resolves to .*, which is not a public address \(set SYNC_HTTP_ALLOW_PRIVATE=true/);
  });
});
