import { readFileSync } from 'node:fs';
import { DASHBOARD_CSP } from '../src/dashboard/pages/page-security';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { ParkedChannels } from '../src/discord/delivery/parked-channels';
import { ForwardTargets } from '../src/routing/forward/forward-targets';
import { Browser } from './support/browser';
import { dashboardBrowser, visibleText, SignedInDashboard, signedInDashboard } from './support/dashboard';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, TestApp, waitFor } from './support/switchyard';
import type { TestDatabase } from './support/test-database';

describe('dashboard: pages, assets and who may see them', () => {
  let dashboard: SignedInDashboard;
  let db: TestDatabase;
  let app: TestApp;
  let admin: Browser;
  let csrf: string;

  beforeAll(async () => {
    dashboard = await signedInDashboard();
    ({ db, app, admin, csrf } = dashboard);
  });
  afterAll(() => dashboard?.stop());

  it('sends an anonymous browser to sign in, and back to the page after', async () => {
    const res = await new Browser().fetch(`${app.url}/dashboard?x=1`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/auth/login?next=${encodeURIComponent('/dashboard?x=1')}`);
    const program = await fetch(`${app.url}/dashboard`, { headers: { accept: 'application/json' } });
    expect(program.status).toBe(401);
  });

  it('sends the whole page to sign in when htmx asks for a part of it without a session', async () => {
    const htmx = (path: string, headers: Record<string, string>, method = 'GET') =>
      fetch(`${app.url}${path}`, { method, redirect: 'manual', headers: { 'hx-request': 'true', ...headers } });
    const signIn = (next: string) => `/auth/login?next=${encodeURIComponent(next)}`;
    // A live refresh (or a progress poll): back to the page it was made from, not to the part.
    const refresh = await htmx('/dashboard/webhooks/replays/00000000-0000-4000-8000-000000000000/progress', {
      'hx-current-url': `${app.url}/dashboard/webhooks?source=github`,
    });
    expect(refresh.status).toBe(401);
    expect(refresh.headers.get('hx-redirect')).toBe(signIn('/dashboard/webhooks?source=github'));
    // A boosted link: to the page it was opening.
    const link = await htmx('/dashboard/jobs?state=dead', {
      'hx-boosted': 'true',
      'hx-current-url': `${app.url}/dashboard`,
    });
    expect(link.headers.get('hx-redirect')).toBe(signIn('/dashboard/jobs?state=dead'));
    // A boosted form: back to the page with the form.
    const form = await htmx(
      '/dashboard/rules',
      { 'hx-boosted': 'true', 'hx-current-url': `${app.url}/dashboard/rules/new` },
      'POST',
    );
    expect(form.status).toBe(401);
    expect(form.headers.get('hx-redirect')).toBe(signIn('/dashboard/rules/new'));
    // A page of another site is never where sign-in leads.
    const foreign = await htmx('/dashboard', { 'hx-current-url': 'https://evil.example/dashboard' });
    expect(foreign.headers.get('hx-redirect')).toBe(signIn('/dashboard'));
  });

  it('refuses a signed-in person who is not an admin, with the reason and a way to sign out', async () => {
    const { browser } = await dashboardBrowser(app.url, dashboard.idp, 'bob');
    const res = await browser.fetch(`${app.url}/dashboard`);
    expect(res.status).toBe(403);
    const text = visibleText(await res.text());
    expect(text).toContain('Signed in as Bob Member, who is not an admin');
    expect(text).toContain('Sign out');
  });

  it('shows an admin the overview under a strict CSP, with navigation and sign-out', async () => {
    await waitFor(async () => (await fetch(`${app.url}/ready`)).status === 200, 'a worker heartbeat');
    const res = await admin.fetch(`${app.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    // Nothing inline for the CSP to refuse: every script and stylesheet is a file of this server.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc="\/dashboard\/assets\/)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="|<style|\son[a-z]+="/);
    const text = visibleText(html);
    expect(text).toContain('Overview Webhooks Jobs Rules Sources Schedules People Audit log');
    expect(text).toContain('Ada Admin');
    expect(text).toMatch(/Workers 1 running, last heartbeat \d+ s ago/);
    expect(text).toContain('github yes never');
    expect(text).toContain('No delivery has been refused since this process started.');
    expect(html).toContain('<a href="/dashboard" aria-current="page">Overview</a>');
    expect(text).toContain('In the last hour: 0 webhooks received, 0 jobs succeeded, 0 dead.');
    expect(html).toContain('<svg viewBox="0 0 600 120"');
    expect(text).toContain('Discord bot None running. Start one with role bot (needs DISCORD_BOT_TOKEN');
    expect(text).toMatch(/Processes Roles Running Last heartbeat api\+worker 1 \d+ s ago/);
    expect(text).toContain('No dead job');
    // Live: the page holds the event stream open, and its live region fetches the page again on changes.
    expect(html).toContain('sse-connect="/dashboard/live"');
    expect(html).toContain(
      'id="live-overview" hx-get="/dashboard" hx-trigger="sse:webhook, sse:job, htmx:sseOpen from:body" hx-select="#live-overview > *"',
    );
  });

  it('serves htmx and Pico from the installed packages, cacheable, to admins only', async () => {
    const html = await (await admin.fetch(`${app.url}/dashboard`)).text();
    const urls = [...html.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.map((u) => u.replace(/\?v=.*/, ''))).toEqual([
      '/dashboard/assets/pico.min.css',
      '/dashboard/assets/dashboard.css',
      '/dashboard/assets/htmx.min.js',
      '/dashboard/assets/htmx-ext-sse.min.js',
    ]);
    for (const url of urls) expect((await admin.fetch(`${app.url}${url}`)).status).toBe(200);

    const htmx = await admin.fetch(`${app.url}/dashboard/assets/htmx.min.js`);
    expect(htmx.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await htmx.text()).toBe(readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'));
    const again = await admin.fetch(`${app.url}/dashboard/assets/htmx.min.js`, {
      headers: { 'if-none-match': htmx.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect((await admin.fetch(`${app.url}/dashboard/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await new Browser().fetch(`${app.url}/dashboard/assets/htmx.min.js`)).status).toBe(401);
  });

  const page = async (path: string, browser = admin) => {
    const res = await browser.fetch(`${app.url}${path}`);
    return { status: res.status, text: visibleText(await res.text()) };
  };
  const adaAudit = () =>
    db.query<{ source: string; action: string; target: string; data: unknown }>(
      `SELECT source, action, target, data FROM audit_events WHERE actor_name = 'Ada Admin' AND action NOT LIKE 'auth.%' ORDER BY id`,
    );

  describe('webhooks', () => {
    let eventId: string;

    it('says what to do when nothing has arrived yet', async () => {
      const { status, text } = await page('/dashboard/webhooks');
      expect(status).toBe(200);
      expect(text).toContain('No webhook has arrived yet. Paste <this server>/webhooks/<source>');
      expect(text).toContain('(sources: github; their URLs are on Sources )');
    });

    it('lists deliveries, filters them, and shows one with its routing', async () => {
      const rule = `when github.pull_request.* then discord.post channel=123456789012345678`;
      expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
      const delivered = await postGithub(app.url, pullRequestPayload(7));
      ({ eventId } = (await delivered.json()) as { eventId: string });
      await waitFor(
        async () => (await page(`/dashboard/webhooks/${eventId}`)).text.includes('discord.post dead'),
        'the routed event and its dead post (Discord is not configured)',
      );

      const list = await page('/dashboard/webhooks?source=github&type=github.pull_request.*&status=routed');
      expect(list.text).toContain('github github.pull_request.opened');
      expect(list.text).toMatch(/routed/);
      expect((await page('/dashboard/webhooks?type=github.push')).text).toContain(
        'No webhook matches this filter. Show all webhooks',
      );
      const bad = await page('/dashboard/webhooks?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('status must be one of: pending, queued, routed, failed');

      const detail = await page(`/dashboard/webhooks/${eventId}`);
      expect(detail.text).toContain(`Matched rules ${rule}`);
      const overview = await page('/dashboard');
      expect(overview.text).toMatch(/In the last hour: 1 webhook received, \d+ jobs? succeeded, 1 dead\./);
      expect(overview.text).toMatch(/Dead jobs Finished Type Attempts [\d: -]+UTC discord\.post/);
      expect(detail.text).toContain('"x-hub-signature-256": "[redacted]"');
      expect(detail.text).toContain('"number": 7,');
      expect(detail.text).toMatch(/Routing routed at \d{4}-\d\d-\d\d/);
      expect((await page(`/dashboard/webhooks/not-a-uuid`)).status).toBe(400);
      const missing = await page(`/dashboard/webhooks/00000000-0000-4000-8000-000000000000`);
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('No webhook event 00000000-0000-4000-8000-000000000000');
    });

    it('replays from the form: needs the CSRF token, queues a new routing job, and is audited', async () => {
      const [before] = await db.query<{ route_job_id: string }>(
        'SELECT route_job_id FROM webhook_events WHERE id = $1',
        [eventId],
      );
      const forged = await admin.post(`${app.url}/dashboard/webhooks/${eventId}/replay`, {});
      expect(forged.status).toBe(403);
      expect(visibleText(await forged.text())).toContain('Missing or invalid CSRF token');
      expect(await adaAudit()).toEqual([]);

      const replayed = await admin.post(`${app.url}/dashboard/webhooks/${eventId}/replay`, { _csrf: csrf });
      expect(replayed.status).toBe(303);
      expect(replayed.headers.get('location')).toBe(`/dashboard/webhooks/${eventId}?replayed=1`);
      const [after] = await db.query<{ route_job_id: string }>(
        'SELECT route_job_id FROM webhook_events WHERE id = $1',
        [eventId],
      );
      expect(after!.route_job_id).not.toBe(before!.route_job_id);
      expect((await page(`/dashboard/webhooks/${eventId}?replayed=1`)).text).toContain(
        'Replayed: a new routing job is queued for this event.',
      );
      expect(await adaAudit()).toEqual([
        { source: 'admin_dashboard', action: 'event.replay', target: eventId, data: {} },
      ]);
    });
  });

  describe('jobs', () => {
    const deadPost = async () => {
      const [job] = await db.query<{ id: string; completed_on: Date }>(
        `SELECT id, completed_on FROM pgboss.job WHERE name = 'discord.post' AND state = 'failed' ORDER BY created_on LIMIT 1`,
      );
      return job!;
    };

    it('filters by state and type, and shows a dead job with its error', async () => {
      const { id } = await deadPost();
      const dead = await page('/dashboard/jobs?state=dead&type=discord.post');
      expect(dead.text).toMatch(/discord\.post dead 1 of \d+/);
      expect(dead.text).not.toContain('webhook.route');
      expect((await page('/dashboard/jobs?type=http.forward')).text).toContain('No job matches this filter.');
      expect((await page('/dashboard/jobs?state=stuck')).status).toBe(400);

      const detail = await page(`/dashboard/jobs/${id}`);
      expect(detail.text).toContain('Discord is not configured');
      expect(detail.text).toContain('Retry');
      expect(detail.text).not.toContain('Cancel');
    });

    it('retries a dead job from its page (CSRF token required, audited), and refuses what cannot be retried', async () => {
      const before = await deadPost();
      const audited = (await adaAudit()).length;
      expect((await admin.post(`${app.url}/dashboard/jobs/${before.id}/retry`, { _csrf: 'forged' })).status).toBe(403);
      const retried = await admin.post(`${app.url}/dashboard/jobs/${before.id}/retry`, { _csrf: csrf });
      expect(retried.status).toBe(303);
      expect(retried.headers.get('location')).toBe(`/dashboard/jobs/${before.id}?done=retried`);
      // It runs again (and dies again: Discord is still not configured).
      await waitFor(async () => {
        const [row] = await db.query<{ state: string; completed_on: Date }>(
          'SELECT state, completed_on FROM pgboss.job WHERE id = $1',
          [before.id],
        );
        return row!.state === 'failed' && row!.completed_on > before.completed_on;
      }, 'the retried job to run again');
      expect((await adaAudit()).slice(audited)).toEqual([
        { source: 'admin_dashboard', action: 'job.retry', target: before.id, data: {} },
      ]);

      const [succeeded] = await db.query<{ id: string }>(
        `SELECT id FROM pgboss.job WHERE name = 'webhook.route' AND state = 'completed' LIMIT 1`,
      );
      const refused = await admin.post(`${app.url}/dashboard/jobs/${succeeded!.id}/retry`, { _csrf: csrf });
      expect(refused.status).toBe(409);
      expect(visibleText(await refused.text())).toContain(
        'Only dead or canceled jobs can be retried; this job is succeeded',
      );
      expect((await adaAudit()).length).toBe(audited + 1);
    });

    it('discards a dead job from its page and in bulk by type (audited), and refuses a job that is not dead', async () => {
      const doomed = await deadPost();
      const detail = await page(`/dashboard/jobs/${doomed.id}`);
      expect(detail.text).toContain('Discard');
      expect((await page('/dashboard/jobs?state=dead&type=discord.post')).text).toContain(
        'Discard every dead job of type discord.post',
      );
      const audited = (await adaAudit()).length;
      const discarded = await admin.post(`${app.url}/dashboard/jobs/${doomed.id}/discard`, { _csrf: csrf });
      expect(discarded.headers.get('location')).toBe(`/dashboard/jobs/${doomed.id}?done=discarded`);
      const shown = await page(`/dashboard/jobs/${doomed.id}?done=discarded`);
      expect(shown.text).toContain('Discarded: the job is dropped for good');
      expect(shown.text).toMatch(/discord\.post canceled/);
      expect(shown.text).toContain('"discarded": true');
      const again = await admin.post(`${app.url}/dashboard/jobs/${doomed.id}/discard`, { _csrf: csrf });
      expect(again.status).toBe(409);
      expect(visibleText(await again.text())).toContain('Only dead jobs can be discarded; this job is canceled');

      const bulk = await admin.post(`${app.url}/dashboard/jobs/discard-dead`, { _csrf: csrf, type: 'discord.post' });
      expect(bulk.headers.get('location')).toMatch(/^\/dashboard\/jobs\?state=dead&type=discord\.post&discarded=\d+$/);
      expect((await admin.post(`${app.url}/dashboard/jobs/discard-dead`, { _csrf: csrf, type: '' })).status).toBe(400);
      expect((await adaAudit()).slice(audited)).toEqual([
        { source: 'admin_dashboard', action: 'job.discard', target: doomed.id, data: {} },
        {
          source: 'admin_dashboard',
          action: 'job.bulk_discard',
          target: null,
          data: { request: { type: 'discord.post' } },
        },
      ]);
    });
  });

  describe('needs attention', () => {
    const CHANNEL = '912345678901234567';
    const URL_GONE = 'https://hooks.example.com/gone';

    it('lists open alerts, parked channels and disabled forward targets on the overview, with their actions', async () => {
      await app.app
        .get(ParkedChannels)
        .park(CHANNEL, 'Discord 403: Missing Access (code 50001)', '00000000-0000-4000-8000-000000000001');
      await app.app
        .get(ForwardTargets)
        .disable(URL_GONE, 410, 'hooks.example.com answered 410: gone', '00000000-0000-4000-8000-000000000002');
      // Discord is not configured here: a post dies at once and holds its channel without parking it.
      const held = await app.app.get(DiscordOutbox).enqueue({ channelId: '912345678901234568', content: 'held' });
      await waitFor(
        async () =>
          (await db.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [held.id]))[0]?.state ===
          'failed',
        'the post to die',
      );
      const { text } = await page('/dashboard');
      expect(text).toContain('Needs attention');
      expect(text).toContain('discord.not_configured');
      expect(text).toContain(`Discord channel ${CHANNEL} is parked: Discord 403: Missing Access (code 50001)`);
      expect(text).toContain(`Unpark channel ${CHANNEL}`);
      expect(text).toContain(`Enable ${URL_GONE}`);
      expect(text).toContain('Discord channels held by a dead post');
      expect(text).toMatch(/912345678901234568 : dead since .* Discord is not configured/);
    });

    it('unparks a channel and enables a target from the overview (audited)', async () => {
      const audited = (await adaAudit()).length;
      const unparked = await admin.post(`${app.url}/dashboard/discord/channels/${CHANNEL}/unpark`, { _csrf: csrf });
      expect(unparked.headers.get('location')).toBe('/dashboard?done=unparked');
      const enabled = await admin.post(`${app.url}/dashboard/forward/targets/enable`, { _csrf: csrf, url: URL_GONE });
      expect(enabled.headers.get('location')).toBe('/dashboard?done=enabled');
      const { text } = await page('/dashboard?done=enabled');
      expect(text).toContain('Enabled: new forwards go to the target again');
      expect(text).not.toContain(`Unpark channel ${CHANNEL}`);
      expect(text).not.toContain(`Enable ${URL_GONE}`);
      const missing = await admin.post(`${app.url}/dashboard/discord/channels/${CHANNEL}/unpark`, { _csrf: csrf });
      expect(missing.status).toBe(404);
      expect(visibleText(await missing.text())).toContain(`Discord channel ${CHANNEL} is not parked`);
      expect((await adaAudit()).slice(audited)).toEqual([
        { source: 'admin_dashboard', action: 'discord.channel_unpark', target: CHANNEL, data: {} },
        {
          source: 'admin_dashboard',
          action: 'forward.target_enable',
          target: null,
          data: { request: { url: URL_GONE } },
        },
      ]);
    });
  });
});
