import { AlertMonitor } from '../src/alerts/discord/alert-monitor';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { HealthIndicators } from '../src/platform/health/health-indicators';
import type { FakeDiscord, PostedMessage } from './support/fake-discord';
import type { FakeDiscordGateway } from './support/fake-discord-gateway';
import type { VisibleMessage } from './support/fake-discord-interactions';
import { alice, bob, buttonsOf, CHANNELS, discordEnv, startFakeDiscord, TEAM } from './support/discord-world';
import { githubHeaders, pullRequestPayload } from './support/github';
import { Scrape } from './support/prometheus';
import { FakeJsonApi } from './support/fake-json-api';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { pressSyncNow } from './support/sync-now';

const OPS = CHANNELS.news;
const POSTS = '960000000000000001';
const PARKED = '960000000000000002';

const title = (m: PostedMessage) => (m.embeds?.[0] as { title?: string } | undefined)?.title ?? '';
const fact = (m: PostedMessage | VisibleMessage, name: string) =>
  ((m.embeds?.[0] as { fields?: { name: string; value: string }[] }).fields ?? []).find((f) => f.name === name)?.value;
const visible = (m: PostedMessage): VisibleMessage => ({
  id: m.id,
  content: m.content ?? '',
  embeds: m.embeds ?? [],
  components: (m.components ?? []) as any[],
  ephemeral: false,
  embedsSuppressed: false,
  at: m.at,
});

/**
 * Ops alerts in Discord, through the fake Discord: one message however many processes look (an api
 * with a worker, and a second worker), at most one per alert per cooldown with the count since the
 * last, kept across processes in Postgres; buttons for admins only, answered within 3 s and audited.
 */
describe('ops alerts to Discord', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let core: TestApp;
  let worker: TestApp;
  let bot: TestApp | undefined;
  const env = (extra: Record<string, string> = {}) =>
    discordEnv(discord, {
      OPS_ALERT_CHANNEL_ID: OPS,
      ALERT_CHECK_INTERVAL_SECONDS: '3600',
      ALERT_SIGNATURE_FAILURES: '3',
      JOB_MAX_ATTEMPTS: '1',
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '1',
      ...extra,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    core = await startTestApp({ databaseUrl: db.url, roles: ['api', 'worker'], env: env() });
    worker = await startTestApp({ databaseUrl: db.url, roles: ['worker'], env: env() });
    bot = await startBot();
  });
  afterAll(async () => {
    await bot?.stop();
    await worker?.stop();
    await core?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const startBot = async () => {
    const started = await startTestApp({
      databaseUrl: db.url,
      roles: ['bot'],
      env: env({ DISCORD_GUILD_ID: TEAM, PUBLIC_BASE_URL: 'http://switchyard.example' }),
    });
    await waitFor(async () => discord.commands(TEAM), 'the slash commands to be registered');
    return started;
  };
  /** Every process that looks for alerts looks at once. */
  const checkEverywhere = () => Promise.all([core.app.get(AlertMonitor).check(), worker.app.get(AlertMonitor).check()]);
  const alerts = () => discord.in(OPS);
  const alertTitled = (text: string) =>
    waitFor(
      async () =>
        alerts()
          .filter((m) => title(m).includes(text))
          .at(-1),
      `an alert "${text}"`,
    );
  const coolDown = () => db.query(`UPDATE ops_alert_sends SET last_sent_at = now() - interval '1 day'`);
  const state = async (id: string) => ((await (await core.api(`/jobs/${id}`)).json()) as { state: string }).state;
  const deadPosts = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      discord.next(POSTS, { status: 400, code: 50035, message: 'Invalid Form Body' });
      ids.push(
        (await core.app.get(DiscordOutbox).enqueue({ channelId: POSTS, content: `post ${i}`, coalesce: false })).id,
      );
      await waitFor(async () => (await state(ids[i]!)) === 'dead' || undefined, `post ${i} to die`);
    }
    return ids;
  };
  const click = async (user: typeof alice, message: VisibleMessage, customId: string) => {
    const interaction = gateway.click(message, customId, { user, guildId: TEAM, channelId: OPS });
    return { interaction, answer: await interaction.settled() };
  };
  const audit = (action: string) =>
    db.query<{ source: string; actor_id: string; target: string; data: any }>(
      'SELECT source, actor_id, target, data FROM audit_events WHERE action = $1 ORDER BY id',
      [action],
    );

  it('posts dead jobs once per queue however many processes look, then at most once per cooldown with the count since', async () => {
    const dead = await deadPosts(3);
    await checkEverywhere();
    await checkEverywhere();
    const first = await alertTitled('Dead jobs on discord.post');
    await new Promise((r) => setTimeout(r, 500));
    expect(alerts().filter((m) => title(m) === 'Dead jobs on discord.post')).toHaveLength(1);
    expect(fact(first, 'New dead jobs')).toBe('3');
    expect(fact(first, 'Latest error')).toContain('Invalid Form Body');
    expect(buttonsOf(visible(first)).map((b) => b.label)).toEqual([
      'Redrive',
      'Discard',
      'Open in dashboard',
      'Mute 1 h',
    ]);
    expect(dead).toHaveLength(3);

    // Within the cooldown: nothing, whoever looks (the decision lives in Postgres, not in a process).
    await deadPosts(1);
    await checkEverywhere();
    await new Promise((r) => setTimeout(r, 500));
    expect(alerts().filter((m) => title(m) === 'Dead jobs on discord.post')).toHaveLength(1);

    await coolDown();
    await checkEverywhere();
    await waitFor(
      async () => alerts().filter((m) => title(m) === 'Dead jobs on discord.post').length === 2 || undefined,
      'the second alert',
    );
    const second = alerts().filter((m) => title(m) === 'Dead jobs on discord.post')[1]!;
    expect(fact(second, 'New dead jobs')).toBe('1');
    expect(fact(second, 'Dead now')).toBe('4');
  });

  it('Redrive: admins only, answered within 3 s, audited, and the dead jobs run again', async () => {
    const message = visible(
      alerts()
        .filter((m) => title(m) === 'Dead jobs on discord.post')
        .at(-1)!,
    );
    const redrive = buttonsOf(message).find((b) => b.label === 'Redrive')!.id;
    const refused = await click(bob, message, redrive);
    expect(refused.answer.ephemeral).toBe(true);
    expect(refused.answer.content).toContain('is for Switchyard admins');
    expect(await audit('job.bulk_redrive')).toEqual([]);

    const { interaction, answer } = await click(alice, message, redrive);
    expect(interaction.acknowledgedAfterMs).toBeLessThan(3000);
    expect(fact(answer, 'Queue')).toBe('discord.post');
    expect((answer.embeds[0] as { description: string }).description).toContain(
      `4 dead jobs of \`discord.post\` redriven by <@${alice.id}>`,
    );
    expect(buttonsOf(answer).map((b) => b.label)).toEqual(['Open in dashboard', 'Mute 1 h']);
    const [row] = await audit('job.bulk_redrive');
    expect(row).toMatchObject({ source: 'discord', actor_id: alice.id, target: 'discord.post', data: { retried: 4 } });
    await waitFor(async () => discord.in(POSTS).length === 4 || undefined, 'the redriven posts to go out');
    // The bot's answers to Discord are on its own /metrics (open on its health port).
    const botScrape = await Scrape.of(`${bot!.url}/metrics`);
    expect(
      botScrape.value('switchyard_discord_requests_total', {
        route: '/interactions/:id/:token/callback',
        status: '204',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('Discard drops a new batch of dead jobs for good, audited', async () => {
    const [id] = await deadPosts(1);
    await coolDown();
    await checkEverywhere();
    const message = visible(
      await waitFor(async () => alerts().filter((m) => title(m) === 'Dead jobs on discord.post')[2], 'the third alert'),
    );
    const { answer } = await click(alice, message, buttonsOf(message).find((b) => b.label === 'Discard')!.id);
    expect((answer.embeds[0] as { description: string }).description).toContain(
      '1 dead job of `discord.post` discarded',
    );
    expect(await state(id!)).toBe('canceled');
    expect(await audit('job.bulk_discard')).toEqual([
      expect.objectContaining({ actor_id: alice.id, target: 'discord.post' }),
    ]);
  });

  it('Open in dashboard hands the presser a one-time link to the queue’s dead jobs', async () => {
    const message = visible(
      alerts()
        .filter((m) => title(m) === 'Dead jobs on discord.post')
        .at(-1)!,
    );
    const { answer } = await click(alice, message, buttonsOf(message).find((b) => b.label === 'Open in dashboard')!.id);
    expect(answer.ephemeral).toBe(true);
    expect(answer.embedsSuppressed).toBe(true);
    const url = /(http:\/\/switchyard\.example\/auth\/discord\/link\/\S+)/.exec(answer.content)![1]!;
    const opened = await fetch(url.replace('http://switchyard.example', core.url), { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/dashboard/jobs?state=dead&type=discord.post');
    expect((await audit('auth.link_issued')).length).toBe(1);
  });

  it('Mute 1 h silences the alert, audited', async () => {
    const message = visible(
      alerts()
        .filter((m) => title(m) === 'Dead jobs on discord.post')
        .at(-1)!,
    );
    const { answer } = await click(alice, message, buttonsOf(message).find((b) => b.label === 'Mute 1 h')!.id);
    expect((answer.embeds[0] as { description: string }).description).toContain('Muted until');
    expect(await audit('alert.mute')).toEqual([
      expect.objectContaining({ actor_id: alice.id, target: 'discord.post' }),
    ]);
    const before = alerts().length;
    await deadPosts(1);
    await coolDown();
    await checkEverywhere();
    await new Promise((r) => setTimeout(r, 500));
    expect(alerts().filter((m) => title(m) === 'Dead jobs on discord.post').length).toBe(3);
    expect(alerts().length).toBe(before);
  });

  it('a parked channel: an alert with Unpark, and a message when it is resolved', async () => {
    discord.unknownChannel(PARKED);
    await core.app.get(DiscordOutbox).enqueue({ channelId: PARKED, content: 'held' });
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM discord_parked_channels`)).length === 1 || undefined,
      'the channel parked',
    );
    await checkEverywhere();
    const message = visible(await alertTitled(`Discord channel ${PARKED} parked`));
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Unpark', 'Open in dashboard', 'Mute 1 h']);
    discord.restoreChannel(PARKED);
    const { answer } = await click(alice, message, buttonsOf(message)[0]!.id);
    expect((answer.embeds[0] as { description: string }).description).toContain(`Channel ${PARKED} unparked`);
    expect(await audit('discord.channel_unpark')).toEqual([
      expect.objectContaining({ actor_id: alice.id, target: PARKED }),
    ]);
    await waitFor(async () => discord.in(PARKED).length === 1 || undefined, 'the held post');
    await checkEverywhere();
    await alertTitled(`Resolved: discord.channel_parked ${PARKED}`);
  });

  it('a burst of refused signatures on a source', async () => {
    const body = JSON.stringify(pullRequestPayload(1));
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${core.url}/webhooks/github`, {
        method: 'POST',
        headers: { ...githubHeaders(body), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
        body,
      });
      expect(res.status).toBe(401);
    }
    await checkEverywhere();
    const message = await alertTitled('Refused signatures on github');
    expect(fact(message, 'Refused (5 min)')).toBe('3');
  });

  it('/ready failing, and passing again', async () => {
    let ok = false;
    core.app.get(HealthIndicators).register('probe', () => ({ ok, detail: ok ? 'fine' : 'broken on purpose' }));
    await checkEverywhere();
    const failing = await alertTitled('/ready failing');
    expect(fact(failing, 'probe')).toBe('broken on purpose');
    ok = true;
    await checkEverywhere();
    await alertTitled('/ready passing again');
  });

  it('the bot’s heartbeat lost and back', async () => {
    await bot!.stop();
    bot = undefined;
    await checkEverywhere();
    const lost = await alertTitled('No bot heard from');
    expect(fact(lost, 'Stopped cleanly')).toBe('yes');
    bot = await startBot();
    await checkEverywhere();
    await alertTitled('Bot back');
    expect(alerts().filter((m) => title(m) === 'No bot heard from')).toHaveLength(1);
  });

  it('a sync source failing three runs in a row, and back', async () => {
    const api = await new FakeJsonApi().start();
    try {
      for (let id = 1; id <= 3; id++) api.set({ id, title: `Talk ${id}` });
      const created = await postJson(core, '/sync/sources', {
        slug: 'talks',
        connector: 'json',
        settings: {
          url: `${api.url}/pages?src=talks`,
          resource: 'talk',
          itemsPath: 'data',
          authHeader: 'Authorization',
        },
        secret: `Bearer ${api.token}`,
        intervalSeconds: 3600,
      });
      expect(created.status).toBe(201);
      const runs = async (status: string) =>
        db.query<{ status: string }>(`SELECT status FROM sync_runs WHERE source = 'talks' AND status = $1`, [status]);
      const syncNow = () => pressSyncNow(core, 'talks');
      // Three garbage answers: three runs in a row fail (a run here has no retry left: JOB_MAX_ATTEMPTS=1).
      api.garbage = 3;
      for (let run = 1; run <= 3; run++) {
        if (run > 1) expect(alerts().filter((m) => title(m) === 'Sync from talks failing')).toHaveLength(0);
        await syncNow();
        await waitFor(async () => (await runs('failed')).length >= run || undefined, `failed run ${run}`);
      }
      const failing = await alertTitled('Sync from talks failing');
      expect(failing.embeds?.[0]).toMatchObject({ description: 'The last 3 sync runs of `talks` failed.' });
      expect(fact(failing, 'Last error')).toMatch(/JSON/i);
      // The API answers again: the next run succeeds.
      await syncNow();
      await waitFor(async () => (await runs('succeeded')).length >= 1 || undefined, 'a run to succeed');
      await alertTitled('Sync from talks back');
      // Redriving the three dead runs: a source runs one at a time, so the newest goes back, the others are superseded.
      const redrive = await postJson(core, '/jobs/dead/redrive', { type: 'sync.run' });
      expect(redrive.status).toBe(200);
      expect(await redrive.json()).toEqual({ redriven: 1, superseded: 2 });
      const states = async () =>
        (
          await db.query<{ state: string; n: string }>(
            `SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'sync.run' AND singleton_key LIKE '%talks'
              GROUP BY state ORDER BY state`,
          )
        )
          .map((row) => `${row.n} ${row.state}`)
          .join(', ');
      // Two completed runs (the one that came back, the redriven one), two superseded dead ones.
      await waitFor(
        async () => (await states()) === '2 completed, 2 cancelled' || undefined,
        'the redriven run to end',
      );
      expect((await runs('succeeded')).length).toBe(2);
      expect(alerts().filter((m) => title(m) === 'Sync from talks failing')).toHaveLength(1);
    } finally {
      await api.stop();
    }
  });

  it('survives restarts: nothing still firing is posted again, and what resolved meanwhile is still announced', async () => {
    const host = (await import('node:os')).hostname();
    const filling = await startTestApp({
      databaseUrl: db.url,
      roles: ['worker'],
      env: env({ ALERT_DISK_FREE_PERCENT: '99' }),
    });
    try {
      await filling.app.get(AlertMonitor).check();
      await alertTitled(`Disk nearly full on ${host}`);
    } finally {
      await filling.stop();
    }
    const before = alerts().length;
    await worker.stop();
    await core.stop();
    core = await startTestApp({ databaseUrl: db.url, roles: ['api', 'worker'], env: env() });
    worker = await startTestApp({ databaseUrl: db.url, roles: ['worker'], env: env() });
    await checkEverywhere();
    await checkEverywhere();
    await alertTitled(`Disk space back on ${host}`);
    const since = alerts().slice(before).map(title);
    expect(since.filter((t) => !/ back( on |$)|passing again|^Resolved: /.test(t))).toEqual([]);
    expect(since.filter((t) => t === `Disk space back on ${host}`)).toHaveLength(1);
  });
});
