import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { FakeDiscord } from './support/fake-discord';
import { githubHeaders, pullRequestPayload } from './support/github';
import { Scrape } from './support/prometheus';
import { postJson, startTestApp, TEST_API_SECRET, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';
const CHANNEL = '744444444444444441';
const FORBIDDEN = '744444444444444442';
const BEARER = { authorization: `Bearer ${TEST_API_SECRET}` };

/**
 * `/metrics` as Prometheus reads it: real prom-client output, parsed by a Prometheus text-format
 * parser, and every series moving when its feature acts (a delivery, a refusal, routing, a post, a
 * 429 from Discord, a parked channel, a job read over HTTP).
 */
describe('metrics', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN).start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: { DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, JOB_MAX_ATTEMPTS: '1' },
    });
    expect(
      (await postJson(app, '/rules', { text: `when github.pull_request.* then discord.post channel=${CHANNEL}` }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const scrape = () => Scrape.of(`${app.url}/metrics`, BEARER);
  const deliver = (slug: string, body: string, headers: Record<string, string>) =>
    fetch(`${app.url}/webhooks/${slug}`, { method: 'POST', headers, body });

  it('counts deliveries by source and result, with made-up slugs as "(unknown)"', async () => {
    const before = await scrape();
    const body = JSON.stringify(pullRequestPayload(7));
    expect((await deliver('github', body, githubHeaders(body))).status).toBe(202);
    const forged = { ...githubHeaders(body), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    expect((await deliver('github', body, forged)).status).toBe(401);
    expect((await deliver('attacker-made-this-up-123', body, githubHeaders(body))).status).toBe(404);

    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      after.value('switchyard_webhook_deliveries_total', labels) -
      before.value('switchyard_webhook_deliveries_total', labels);
    expect(delta({ source: 'github', result: 'accepted' })).toBe(1);
    expect(delta({ source: 'github', result: 'bad_signature' })).toBe(1);
    expect(delta({ source: '(unknown)', result: 'unknown_source' })).toBe(1);
    expect(after.family('switchyard_webhook_deliveries_total')?.type).toBe('COUNTER');
    expect(
      after.count('switchyard_webhook_ingest_duration_seconds') -
        before.count('switchyard_webhook_ingest_duration_seconds'),
    ).toBe(3);
    expect(after.count('switchyard_webhook_ingest_duration_seconds', { outcome: 'stored' })).toBeGreaterThanOrEqual(1);
    expect(
      after.value('switchyard_http_requests_total', { route: '/webhooks/:source', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    // No label value anywhere names what an unverified request chose.
    const labels = after.families.flatMap((f) => f.metrics.flatMap((m) => Object.values(m.labels ?? {})));
    expect(labels.filter((v) => v.includes('attacker'))).toEqual([]);
  });

  it('counts routing lag, jobs by queue and outcome, and Discord answers by route and status', async () => {
    await waitFor(async () => discord.in(CHANNEL).length >= 1 || undefined, 'the post in Discord');
    const s = await waitFor(async () => {
      const scraped = await scrape();
      return scraped.value('switchyard_jobs_total', { queue: 'discord.post', outcome: 'completed' }) >= 1 && scraped;
    }, 'the post counted');
    expect(s.count('switchyard_routing_lag_seconds')).toBeGreaterThanOrEqual(1);
    expect(s.family('switchyard_routing_lag_seconds')?.type).toBe('HISTOGRAM');
    expect(
      s.count('switchyard_job_duration_seconds', { queue: 'discord.post', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      s.value('switchyard_discord_requests_total', { method: 'POST', route: '/channels/:id/messages', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(s.labelValues('switchyard_discord_requests_total', 'route').filter((r) => /\d{5,}/.test(r))).toEqual([]);

    // Discord's channel limit: a 429 is counted, then waited out by the client and the post goes through.
    discord.next(CHANNEL, { status: 429, retryAfter: 0.2 });
    const post = await app.app
      .get(DiscordOutbox)
      .enqueue({ channelId: CHANNEL, content: 'after a 429', coalesce: false });
    const limited = await waitFor(async () => {
      const scraped = await scrape();
      return scraped.value('switchyard_discord_requests_total', { status: '429' }) >= 1 && scraped;
    }, 'the 429 counted');
    expect(limited.value('switchyard_discord_requests_total', { route: '/channels/:id/messages', status: '429' })).toBe(
      1,
    );
    await waitFor(async () => discord.in(CHANNEL).some((m) => m.content === 'after a 429') || undefined, post.id);
  });

  it('counts HTTP requests by route pattern, never by URL', async () => {
    const job = await app.app.get(DiscordOutbox).enqueue({ channelId: CHANNEL, content: 'read over HTTP' });
    expect((await app.api(`/jobs/${job.id}`)).status).toBe(200);
    expect((await app.api(`/jobs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${app.url}/no/such/page-${job.id}`)).status).toBe(404);
    const s = await scrape();
    expect(s.value('switchyard_http_requests_total', { method: 'GET', route: '/jobs/:id', status: '200' })).toBe(1);
    expect(s.value('switchyard_http_requests_total', { method: 'GET', route: '/jobs/:id', status: '404' })).toBe(1);
    expect(s.value('switchyard_http_requests_total', { route: '(unmatched)', status: '404' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(s.labelValues('switchyard_http_requests_total', 'route').filter((r) => r.includes(job.id))).toEqual([]);
  });

  it('reads queue depths, the oldest due job and parked channels on scrape', async () => {
    discord.forbidChannel(FORBIDDEN);
    await app.app.get(DiscordOutbox).enqueue({ channelId: FORBIDDEN, content: 'nobody will see this' });
    // The channel is parked while the post's attempt runs; the worker counts the outcome as the
    // handler returns, and pg-boss records the job dead a moment later.
    const s = await waitFor(async () => {
      const scraped = await scrape();
      const seen = [
        scraped.value('switchyard_discord_parked_channels'),
        scraped.value('switchyard_jobs_total', { queue: 'discord.post', outcome: 'dead' }),
        scraped.value('switchyard_queue_jobs', { queue: 'discord.post', state: 'dead' }),
      ];
      return seen.every((value) => value === 1) && scraped;
    }, 'the parked channel and its dead post on the gauges');
    expect(s.value('switchyard_queue_jobs', { queue: 'discord.post', state: 'dead' })).toBe(1);
    expect(s.value('switchyard_operator_alerts_open', { kind: 'discord.channel_parked' })).toBe(1);
    expect(s.value('switchyard_jobs_total', { queue: 'discord.post', outcome: 'dead' })).toBe(1);
    for (const state of ['queued', 'deferred', 'running', 'failed', 'dead']) {
      expect(s.samples('switchyard_queue_jobs', { queue: 'webhook.route', state })).toHaveLength(1);
    }
    expect(s.samples('switchyard_queue_oldest_waiting_seconds', { queue: 'discord.post' })).toHaveLength(1);
    expect(s.value('switchyard_process_heartbeat_age_seconds', { role: 'worker' })).toBeLessThan(60);
    expect(s.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(s.family('nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('opens /metrics on the api to admins and tokens with metrics:read only', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const make = async (name: string, scopes: string[]) =>
      ((await (await postJson(app, '/auth/tokens', { name, scopes })).json()) as { token: string }).token;
    const reader = await make('prometheus', ['metrics:read']);
    const other = await make('jobs-reader', ['jobs:read']);
    const denied = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${other}` } });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('metrics:read');
    const scraped = await Scrape.of(`${app.url}/metrics`, { authorization: `Bearer ${reader}` });
    expect(scraped.family('switchyard_webhook_deliveries_total')).toBeDefined();
  });

  it('serves /metrics open on a worker’s health port, with its own job counts', async () => {
    worker = await startTestApp({
      databaseUrl: db.url,
      roles: ['worker'],
      env: { DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl },
    });
    const s = await Scrape.of(`${worker.url}/metrics`);
    expect(s.family('switchyard_jobs_total')?.type).toBe('COUNTER');
    expect(s.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    // Installation-wide gauges come from the api only, not once per worker.
    expect(s.samples('switchyard_queue_jobs')).toEqual([]);
  });
});
