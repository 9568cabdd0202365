import { QueueClient } from '../src/platform/queue/queue-client';
import { Browser } from './support/browser';
import { visibleText, SignedInDashboard, signedInDashboard } from './support/dashboard';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, TestApp, waitFor } from './support/switchyard';
import type { TestDatabase } from './support/test-database';

/** Finding webhooks, replaying and retrying many at once, and reading the audit log. */
describe('dashboard: search, bulk actions and the audit log', () => {
  let dashboard: SignedInDashboard;
  let db: TestDatabase;
  let app: TestApp;
  let admin: Browser;
  let csrf: string;

  beforeAll(async () => {
    dashboard = await signedInDashboard();
    ({ db, app, admin, csrf } = dashboard);
    // Three pull requests, one opened by hubot. Each goes to its own channel (a dead post holds back its
    // channel's later ones), and each post dies: Discord is not configured.
    const prs = [
      [11, 'octocat'],
      [12, 'hubot'],
      [13, 'octocat'],
    ] as const;
    for (const [number, login] of prs) {
      const rule = `when github.pull_request.* where number == ${number} then discord.post channel=12345678901234567${number}`;
      expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
      const payload = pullRequestPayload(number);
      payload.sender = { login, id: number };
      expect((await postGithub(app.url, payload)).status).toBe(202);
    }
    await waitFor(async () => (await deadPosts()).length === 3, 'three routed events and their dead posts', 40_000);
  });
  afterAll(() => dashboard?.stop());

  const deadPosts = () =>
    db.query<{ id: string; retry_limit: number }>(
      `SELECT id, retry_limit FROM pgboss.job WHERE name = 'discord.post' AND state = 'failed' ORDER BY id`,
    );
  const page = async (path: string) => {
    const res = await admin.fetch(`${app.url}${path}`);
    const html = await res.text();
    return { status: res.status, html, text: visibleText(html) };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const res = await admin.post(`${app.url}${path}`, { _csrf: csrf, ...form });
    return { status: res.status, location: res.headers.get('location'), text: visibleText(await res.text()) };
  };
  const dashboardAudit = () =>
    db.query<{ action: string; target: string | null; data: unknown }>(
      `SELECT action, target, data FROM audit_events WHERE source = 'admin_dashboard' AND action NOT LIKE 'auth.%' ORDER BY id`,
    );

  describe('webhooks list', () => {
    it('searches the one-line description, in any case, with LIKE wildcards taken literally', async () => {
      const found = await page('/dashboard/webhooks?q=HUBOT');
      expect(found.status).toBe(200);
      expect(found.text).toContain('acme/api: pull request opened #12 by hubot');
      expect(found.text).not.toContain('#11');
      expect(found.html).toContain('name="q" value="HUBOT"');
      expect((await page('/dashboard/webhooks?q=%25')).text).toContain('No webhook matches this filter.');
      expect((await page('/dashboard/webhooks?q=opened%20%2313')).text).toContain('#13 by octocat');
      // The same filter on the API.
      const api = (await (await app.api('/webhooks/events?q=hubot')).json()) as { events: unknown[] };
      expect(api.events).toHaveLength(1);
    });

    it('filters by time, reading the form fields as UTC', async () => {
      const all = await page('/dashboard/webhooks?from=2000-01-01T00%3A00');
      expect(all.text).toContain('#11');
      expect(all.html).toContain('name="from" value="2000-01-01T00:00"');
      expect((await page('/dashboard/webhooks?to=2000-01-01T00%3A00')).text).toContain(
        'No webhook matches this filter.',
      );
      const future = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
      expect((await page(`/dashboard/webhooks?from=${future}`)).text).toContain('No webhook matches this filter.');
      const bad = await page('/dashboard/webhooks?from=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('from must be an ISO 8601 time');
    });
  });

  describe('bulk replay', () => {
    const routeJobs = async () =>
      Object.fromEntries(
        (
          await db.query<{ description: string; route_job_id: string }>(
            'SELECT description, route_job_id FROM webhook_events',
          )
        ).map((e) => [e.description, e.route_job_id]),
      );

    it("offers the list's current filter for replay", async () => {
      const { html, text } = await page('/dashboard/webhooks?q=hubot&status=routed');
      const form = /<form method="post" action="\/dashboard\/webhooks\/replays"[\s\S]*?<\/form>/.exec(html)![0];
      expect(form).toContain('name="status" value="routed"');
      expect(form).toContain('name="q" value="hubot"');
      expect(text).toContain('Replay every webhook matching this filter');
      expect((await page('/dashboard/webhooks')).text).toContain('Replay every stored webhook');
    });

    it('replays every webhook of the filter in the background and shows its progress until done (audited)', async () => {
      const before = await routeJobs();
      const forged = await admin.post(`${app.url}/dashboard/webhooks/replays`, { q: 'hubot' });
      expect(forged.status).toBe(403);

      const started = await post('/dashboard/webhooks/replays', { q: 'hubot', status: 'routed' });
      expect(started.status).toBe(303);
      const id = /^\/dashboard\/webhooks\/replays\/([0-9a-f-]{36})$/.exec(started.location!)![1]!;
      const progress = await page(started.location!);
      expect(progress.status).toBe(200);
      expect(progress.text).toMatch(/Filter: (q=hubot status=routed|status=routed q=hubot)/);
      expect(progress.text).toMatch(/[01] of 1 webhooks replayed/);

      const done = await waitFor(async () => {
        const fragment = await page(`/dashboard/webhooks/replays/${id}/progress`);
        return fragment.text.includes('done') && fragment;
      }, 'the replay to finish');
      expect(done.text).toContain('1 of 1 webhooks replayed (100%): done at');
      // Finished: the part no longer asks htmx to poll, and it is a fragment, not a page.
      expect(done.html).not.toContain('hx-trigger');
      expect(done.html).not.toContain('<html');

      const after = await routeJobs();
      const hubot = 'acme/api: pull request opened #12 by hubot';
      expect(after[hubot]).not.toBe(before[hubot]);
      for (const description of Object.keys(before).filter((d) => d !== hubot)) {
        expect(after[description]).toBe(before[description]);
      }
      expect((await dashboardAudit()).filter((e) => e.action === 'event.bulk_replay')).toEqual([
        { action: 'event.bulk_replay', target: id, data: { request: { q: 'hubot', status: 'routed' } } },
      ]);
    });

    it('polls every second while a replay runs', async () => {
      const [running] = await db.query<{ id: string }>(
        `INSERT INTO bulk_replays (filter, total, done) VALUES ('{"source":"github"}', 10, 4) RETURNING id`,
      );
      const { html, text } = await page(`/dashboard/webhooks/replays/${running!.id}`);
      expect(html).toContain(
        `hx-get="/dashboard/webhooks/replays/${running!.id}/progress" hx-trigger="every 1s" hx-swap="outerHTML"`,
      );
      expect(text).toContain('4 of 10 webhooks replayed (40%): running. Refresh');
      expect(html).toContain('<progress value="4" max="10"');
      expect((await page('/dashboard/webhooks/replays/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const bad = await post('/dashboard/webhooks/replays', { status: 'lost' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('status must be one of: pending, queued, routed, failed');
    });
  });

  describe('bulk retry of dead jobs', () => {
    it('offers it on the dead jobs list, for the type filtered on', async () => {
      const { text } = await page('/dashboard/jobs?state=dead&type=discord.post');
      expect(text).toContain('Retry every dead job of type discord.post');
      expect((await page('/dashboard/jobs?state=queued')).text).not.toContain('Retry every dead job');
    });

    it('retries every dead job of the type and says how many (audited)', async () => {
      await waitFor(async () => (await deadPosts()).length === 3, 'the posts to be dead');
      const dead = await deadPosts();
      const retried = await post('/dashboard/jobs/retry-dead', { type: 'discord.post' });
      expect(retried.status).toBe(303);
      expect(retried.location).toBe('/dashboard/jobs?type=discord.post&retried=3');
      expect((await page(retried.location!)).text).toContain(
        'Retried 3 dead jobs: queued again with a fresh attempt count.',
      );
      // pg-boss's retry grants one more attempt to each; they die again (Discord is still not configured).
      await waitFor(async () => (await deadPosts()).length === 3, 'the retried posts to run and die again', 40_000);
      expect((await deadPosts()).map((j) => j.retry_limit)).toEqual(dead.map((j) => j.retry_limit + 1));
      expect((await dashboardAudit()).filter((e) => e.action === 'job.bulk_retry')).toEqual([
        { action: 'job.bulk_retry', target: null, data: { request: { type: 'discord.post' } } },
      ]);

      expect((await post('/dashboard/jobs/retry-dead', { type: 'webhook.route' })).location).toBe(
        '/dashboard/jobs?type=webhook.route&retried=0',
      );
      expect((await page('/dashboard/jobs?type=webhook.route&retried=0')).text).toContain('No dead job to retry.');
      // Many at once: a queue a rule's `job` action made, with more dead jobs than one batch holds.
      const { boss } = app.app.get(QueueClient);
      await boss.createQueue('acme.sync');
      await boss.insert(
        'acme.sync',
        Array.from({ length: 1_201 }, (_, i) => ({ data: { i } })),
      );
      await db.query(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE name = 'acme.sync'`);
      expect((await post('/dashboard/jobs/retry-dead', { type: 'acme.sync' })).location).toBe(
        '/dashboard/jobs?type=acme.sync&retried=1201',
      );
      expect(
        await db.query(`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'acme.sync' GROUP BY state`),
      ).toEqual([{ state: 'retry', n: 1_201 }]);

      const unknown = await post('/dashboard/jobs/retry-dead', { type: 'no.such.queue' });
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('Unknown job type "no.such.queue"');
    });
  });

  describe('audit log', () => {
    it('lists who did what, newest first, filtered by action, source, actor and time', async () => {
      const all = await page('/dashboard/audit');
      expect(all.status).toBe(200);
      expect(all.text).toMatch(
        /Ada Admin admin_dashboard job\.bulk_retry .*Ada Admin admin_dashboard event\.bulk_replay/,
      );
      expect(all.text).toContain('Ada Admin admin_dashboard auth.login');

      const jobs = await page('/dashboard/audit?action=job.*');
      expect(jobs.text).toContain('job.bulk_retry');
      expect(jobs.text).not.toContain('event.bulk_replay');
      expect((await page('/dashboard/audit?source=discord')).text).toContain(
        'Nothing in the audit log matches this filter. Show everything',
      );
      const [{ actor_id: ada }] = (await db.query<{ actor_id: string }>(
        `SELECT actor_id FROM audit_events WHERE actor_name = 'Ada Admin' LIMIT 1`,
      )) as [{ actor_id: string }];
      expect(all.html).toContain(`href="/dashboard/audit?actor=${encodeURIComponent(ada)}"`);
      expect((await page(`/dashboard/audit?actor=${encodeURIComponent(ada)}&action=event.bulk_replay`)).text).toContain(
        'event.bulk_replay',
      );
      expect((await page('/dashboard/audit?actor=someone-else')).text).toContain('Nothing in the audit log matches');
      const future = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
      expect((await page(`/dashboard/audit?from=${future}`)).text).toContain('Nothing in the audit log matches');
      expect((await page('/dashboard/audit?from=2000-01-01T00%3A00')).html).toContain(
        'name="from" value="2000-01-01T00:00"',
      );
      const bad = await page('/dashboard/audit?source=email');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('source must be one of: discord, admin_dashboard, api, system');
    });

    it('pages through it, keeping the filter', async () => {
      const first = await page('/dashboard/audit?source=admin_dashboard&limit=1');
      const older = /<a href="([^"]+)" role="button"[^>]*>Older<\/a>/.exec(first.html)![1]!.replace(/&amp;/g, '&');
      expect(older).toMatch(/^\/dashboard\/audit\?source=admin_dashboard&limit=1&cursor=/);
      // Newest first: the bulk retries of the test above, one a page.
      expect(first.text).toContain('job.bulk_retry Data { "request": { "type": "acme.sync" } } Older');
      const second = await page(older);
      expect(second.text).toContain('job.bulk_retry Data { "request": { "type": "webhook.route" } } Older');
      expect(second.text).not.toContain('acme.sync');
    });
  });
});
