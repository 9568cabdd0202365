import { Client as PgClient } from 'pg';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { alice, bob, buttonsOf, CHANNELS, discordEnv, startFakeDiscord, TEAM, textOf } from './support/discord-world';
import { FakeDiscord } from './support/fake-discord';
import { Browser } from './support/browser';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import type { FakeInteraction, VisibleMessage } from './support/fake-discord-interactions';
import { postGithub, pullRequestPayload } from './support/github';
import { captureLogs } from './support/log-capture';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { EXPECTED_SLASH_COMMANDS } from './support/slash-commands';

interface JobBody {
  id: string;
  state: string;
  attempts: number;
}

interface AuditRow {
  source: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target: string;
  data: { command: string; options: Record<string, unknown> };
}

/** Unknown to the fake Discord: a post there dies at once with "Unknown Channel". */
const nowhere = (n: number) => `95000000000000${String(n).padStart(4, '0')}`;

describe('the bot role on the Discord gateway', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let core: TestApp;
  let bot: TestApp;
  const logs = captureLogs();

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    // In one process nestjs-pino logs outside requests through the first app's logger: capture both.
    core = await startTestApp({
      databaseUrl: db.url,
      roles: ['api', 'worker'],
      // A signing secret, so rules may forward (http.forward) and /rules list can show one.
      env: discordEnv(discord, {
        JOB_RETRY_BASE_SECONDS: '1',
        HTTP_FORWARD_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
      logger: logs.logger,
    });
    bot = await startTestApp({
      databaseUrl: db.url,
      roles: ['bot'],
      // Sign-in links the bot hands out point at the api process.
      env: discordEnv(discord, { DISCORD_GUILD_ID: TEAM, PUBLIC_BASE_URL: core.url }),
      logger: logs.logger,
    });
    await waitFor(async () => discord.commands(TEAM), 'the slash commands to be registered');
  });
  afterAll(async () => {
    await bot?.stop();
    await core?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  /** Someone types a command in #general of the team server; resolves with what they see. */
  const run = async (user: typeof alice, text: string, options: Record<string, string | number> = {}) => {
    const interaction = gateway.command(text, options, { user, guildId: TEAM, channelId: CHANNELS.general });
    return { interaction, answer: await interaction.settled() };
  };
  const click = async (user: typeof alice, message: VisibleMessage, customId: string) => {
    const interaction = gateway.click(message, customId, { user, guildId: TEAM, channelId: CHANNELS.general });
    return { interaction, answer: await interaction.settled() };
  };
  const job = async (id: string) => (await (await core.api(`/jobs/${id}`)).json()) as JobBody;
  const deadPost = async (channelId: string) => {
    discord.unknownChannel(channelId);
    const { id } = await core.app.get(DiscordOutbox).enqueue({ channelId, content: 'to nowhere' });
    await waitFor(async () => (await job(id)).state === 'dead', `post ${id} to die`);
    return id;
  };
  const audit = (action: string) =>
    db.query<AuditRow>('SELECT * FROM audit_events WHERE action = $1 ORDER BY id', [action]);
  const expectRefused = (answer: VisibleMessage, command: string) => {
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toBe(
      `Sorry, ${command} is for Switchyard admins: members of Acme Team with one of the roles Admin.`,
    );
  };

  it('registers its slash commands in DISCORD_GUILD_ID once the session is up, asking for the Guilds intent only', () => {
    const commands = discord.commands(TEAM)!;
    expect(commands.map((c) => c.name)).toEqual(EXPECTED_SLASH_COMMANDS);
    const schedule = commands.find((c) => c.name === 'schedule');
    expect(schedule.options.map((o: { name: string }) => o.name)).toEqual(['add', 'list', 'remove']);
    expect(schedule.options[0].options).toEqual([
      expect.objectContaining({ name: 'cron', type: 3, required: true }),
      expect.objectContaining({ name: 'channel', type: 7, required: true, channel_types: [0, 5] }),
      expect.objectContaining({ name: 'message', type: 3, required: true, max_length: 2000 }),
      expect.objectContaining({ name: 'timezone', type: 3, required: false }),
    ]);
    expect(discord.commands(null)).toBeUndefined();
    expect(gateway.identifies).toEqual([{ intents: 1, at: expect.any(Number) }]);
  });

  it('answers /ping for anyone, publicly, well within Discord’s 3 seconds', async () => {
    for (const user of [alice, bob]) {
      const { interaction, answer } = await run(user, 'ping');
      expect(answer.content).toMatch(/^🏓 Pong!\nGateway heartbeat: (\d+ ms|not measured yet)\n/);
      expect(answer.ephemeral).toBe(false);
      expect(interaction.acknowledgedAfterMs).toBeLessThan(1000);
    }
  });

  it('/status shows admins queue depth, the oldest waiting job, the last webhook per source and the workers', async () => {
    await postGithub(core.url, pullRequestPayload(7));
    // A dead post holds its channel's later posts: one waits in the queue behind it.
    const blocked = nowhere(1);
    await deadPost(blocked);
    await core.app.get(DiscordOutbox).enqueue({ channelId: blocked, content: 'stuck behind the dead one' });
    const { answer } = await run(alice, 'status');
    const text = textOf(answer);
    expect(answer.embeds[0].title).toBe('Switchyard status');
    expect(text).toMatch(/\*\*discord\.post\*\*: 1 queued, 1 dead/);
    expect(text).toMatch(/Oldest queued job\ndiscord\.post, waiting \d+ s/);
    expect(text).toMatch(/\*\*github\*\*: last webhook \d+ s ago/);
    expect(text).toMatch(/1 worker process, last heartbeat \d+ s ago/);
    // The dead post parked its channel: an operator alert, at the top.
    expect(text).toContain(`Needs attention\n⚠️ **discord.channel\\_parked**`);
    expect(text).toContain(`Discord channel ${blocked} is parked: Discord 404 for channel ${blocked}: Unknown Channel`);
    expectRefused((await run(bob, 'status')).answer, '/status');
  });

  it('/job shows admins a job with a retry button that works; others may neither see it nor use the button', async () => {
    const id = await deadPost(nowhere(2));
    const forAlice = (await run(alice, 'job', { id })).answer;
    expect(textOf(forAlice)).toContain('State\ndead\nAttempts\n1 of 8');
    expect(textOf(forAlice)).toContain(`Discord 404 for channel ${nowhere(2)}: Unknown Channel (code 10003)`);
    expect(buttonsOf(forAlice)).toEqual([
      { id: `job-retry/${id}`, label: 'Retry', disabled: false },
      { id: `job-discard/${id}`, label: 'Discard', disabled: false },
    ]);
    const forBob = (await run(bob, 'job', { id })).answer;
    expectRefused(forBob, '/job');
    expect(textOf(forBob)).not.toContain(nowhere(2));

    const refused = await click(bob, forAlice, `job-retry/${id}`);
    expectRefused(refused.answer, 'the retry button');
    expect((await job(id)).state).toBe('dead');

    const retried = await click(alice, forAlice, `job-retry/${id}`);
    // The card itself is updated in place, without the button.
    expect(retried.answer.id).toBe(forAlice.id);
    expect(textOf(retried.answer)).toContain(`🔁 Retried by <@${alice.id}>`);
    expect(textOf(retried.answer)).not.toContain('State\ndead');
    expect(buttonsOf(retried.answer)).toEqual([]);
    await waitFor(async () => (await job(id)).attempts === 2, 'the second attempt');
    expect(await audit('job.retry')).toEqual([
      expect.objectContaining({ source: 'discord', actor_id: alice.id, actor_name: 'alice', target: id }),
    ]);
  });

  it('/job gives admins a discard button that drops a dead post for good, audited', async () => {
    const id = await deadPost(nowhere(3));
    const card = (await run(alice, 'job', { id })).answer;
    expectRefused((await click(bob, card, `job-discard/${id}`)).answer, 'the discard button');
    const discarded = (await click(alice, card, `job-discard/${id}`)).answer;
    expect(textOf(discarded)).toContain(`🗑️ Discarded by <@${alice.id}>`);
    expect(textOf(discarded)).toContain('State\ncanceled');
    expect(buttonsOf(discarded)).toEqual([]);
    expect(await job(id)).toMatchObject({ state: 'canceled' });
    expect(await audit('job.discard')).toEqual([
      expect.objectContaining({ source: 'discord', actor_id: alice.id, actor_name: 'alice', target: id }),
    ]);
  });

  it('/unpark delivers a parked channel’s held posts again, for admins, audited', async () => {
    const channel = nowhere(4);
    const first = await deadPost(channel);
    const { id: second } = await core.app.get(DiscordOutbox).enqueue({ channelId: channel, content: 'waits' });
    expectRefused((await run(bob, 'unpark', { channel: `<#${channel}>` })).answer, '/unpark');
    discord.restoreChannel(channel);
    const { answer } = await run(alice, 'unpark', { channel: `<#${channel}>` });
    expect(textOf(answer)).toContain(`Channel unparked\n<#${channel}>: post \`${first}\` goes out again`);
    await waitFor(async () => (await job(second)).state === 'succeeded', 'the held post');
    expect(discord.in(channel).map((m) => m.content)).toEqual(['to nowhere', 'waits']);
    expect(await audit('discord.channel_unpark')).toEqual([
      expect.objectContaining({ source: 'discord', actor_id: alice.id, target: channel }),
    ]);
    const again = (await run(alice, 'unpark', { channel })).answer;
    expect(again).toMatchObject({ ephemeral: true, content: `⚠️ Discord channel ${channel} is not parked` });
    expect((await run(alice, 'unpark', { channel: 'general' })).answer.content).toBe(
      '⚠️ "general" is not a channel id or #channel',
    );
  });

  it('/job explains a malformed or unknown id privately', async () => {
    const malformed = (await run(alice, 'job', { id: 'abc' })).answer;
    expect(malformed).toMatchObject({ ephemeral: true });
    expect(malformed.content).toBe('⚠️ "abc" is not a job id: job ids look like 0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65');
    const unknown = (await run(alice, 'job', { id: '0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65' })).answer;
    expect(unknown).toMatchObject({ ephemeral: true, content: '⚠️ No job 0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65' });
  });

  it('/jobs failed pages admins through the dead jobs, newest first, with buttons', async () => {
    for (let n = 10; n < 16; n++) await deadPost(nowhere(n));
    const { jobs } = (await (await core.api('/jobs?state=dead&limit=50')).json()) as { jobs: JobBody[] };
    expect(jobs.length).toBeGreaterThan(6);
    const ids = (message: VisibleMessage) => textOf(message).match(/[0-9a-f]{8}-[0-9a-f-]{27}/g);

    expectRefused((await run(bob, 'jobs failed')).answer, '/jobs failed');
    const first = (await run(alice, 'jobs failed')).answer;
    expect(first.embeds[0].title).toBe('Dead jobs, page 1');
    expect(ids(first)).toEqual(jobs.slice(0, 5).map((j) => j.id));
    expect(buttonsOf(first)).toEqual([
      { id: 'jobs-failed/0', label: '← Newer', disabled: true },
      { id: 'jobs-failed/2', label: 'Older →', disabled: false },
    ]);
    expectRefused((await click(bob, first, 'jobs-failed/2')).answer, '/jobs failed');
    const second = (await click(alice, first, 'jobs-failed/2')).answer;
    expect(second.embeds[0].title).toBe('Dead jobs, page 2');
    expect(ids(second)).toEqual(jobs.slice(5, 10).map((j) => j.id));
    const back = (await click(alice, second, 'jobs-failed/1')).answer;
    expect(ids(back)).toEqual(ids(first));
  });

  describe('rules and replays', () => {
    let eventId: string;
    const rule = `when github.pull_request.* then discord.post channel=${CHANNELS.general}`;

    beforeAll(async () => {
      expect((await postJson(core, '/rules', { text: rule })).status).toBe(201);
      const { events } = (await (
        await core.api('/webhooks/events?type=github.pull_request.opened&limit=1')
      ).json()) as {
        events: { id: string }[];
      };
      eventId = events[0]!.id;
    });

    it('/rules list shows admins the rules in order, never the credentials in them', async () => {
      const forward =
        'when github.issues.* then http.forward url="https://deploy:hunter2@ci.example.org/hooks/run?token=s3cret"';
      const saved = await postJson(core, '/rules', { text: forward, enabled: false });
      expect(saved.status).toBe(201);
      try {
        const text = textOf((await run(alice, 'rules list')).answer);
        expect(text).toContain(`**1.** \`${rule}\``);
        expect(text).toContain(
          '**2.** *(off)* `when github.issues.* then http.forward url="https://***@ci.example.org/hooks/run?***"`',
        );
        expect(text).not.toMatch(/hunter2|s3cret/);
        expect(text).toContain('2 rules, 1 enabled; applied in this order');
        expectRefused((await run(bob, 'rules list')).answer, '/rules list');
      } finally {
        await core.api(`/rules/${((await saved.json()) as { id: string }).id}`, { method: 'DELETE' });
      }
    });

    it('/rules test dry-runs a rule for admins, showing the exact message and posting nothing', async () => {
      const before = discord.in(CHANNELS.general).length;
      const { answer } = await run(alice, 'rules test', { rule, event: eventId });
      expect(answer.embeds.map((e: { title: string }) => e.title)).toEqual([
        'The rule matches this event',
        'Message preview',
      ]);
      expect(answer.embeds[1].description).toContain(`To <#${CHANNELS.general}>:`);
      expect(answer.embeds[1].description).toContain('Add retry with backoff to the Discord poster');
      expect(discord.in(CHANNELS.general)).toHaveLength(before);

      expectRefused((await run(bob, 'rules test', { rule, event: eventId })).answer, '/rules test');
    });

    it('/rules test answers a syntax error privately, with where it is', async () => {
      const { answer } = await run(alice, 'rules test', { rule: 'when github.* then', event: eventId });
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toMatch(/^⚠️ .*column \d+/);
    });

    it('/replay routes a stored event again for admins, and audits who did it', async () => {
      expectRefused((await run(bob, 'replay', { event: eventId })).answer, '/replay');
      const { answer } = await run(alice, 'replay', { event: eventId });
      const [, jobId] = /routing job `([0-9a-f-]{36})`/.exec(textOf(answer)) ?? [];
      expect(jobId).toBeDefined();
      // The rule now matches, so the replay posts the pull request to #general.
      await waitFor(async () => discord.in(CHANNELS.general).length === 1, 'the replayed post');
      expect(discord.in(CHANNELS.general)[0]!.content).toContain('Add retry with backoff');
      expect(await audit('event.replay')).toEqual([
        expect.objectContaining({
          source: 'discord',
          actor_id: alice.id,
          actor_name: 'alice',
          target: eventId,
          data: expect.objectContaining({ command: '/replay', options: { event: eventId }, jobId }),
        }),
      ]);
    });
  });

  it('changes nothing from Discord when the audit event cannot be written', async () => {
    const id = await deadPost(nowhere(3));
    const card = (await run(alice, 'job', { id })).answer;
    await db.query(`ALTER TABLE audit_events ADD CONSTRAINT trail_down CHECK (false) NOT VALID`);
    try {
      const { interaction, answer } = await click(alice, card, `job-retry/${id}`);
      expect(answer).toMatchObject({
        ephemeral: true,
        content: `Something went wrong running the retry button; the details are in Switchyard's log (ref ${interaction.id}).`,
      });
    } finally {
      await db.query('ALTER TABLE audit_events DROP CONSTRAINT trail_down');
    }
    expect(await job(id)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  describe('/schedule', () => {
    const add = {
      cron: '0 9 * * 1',
      channel: CHANNELS.news,
      message: 'Weekly sync in 10 minutes',
      timezone: 'europe/berlin',
    };

    it('refuses bad cron expressions and time zones with a clear private message', async () => {
      const cases: [Record<string, string>, string][] = [
        [
          { cron: 'every monday' },
          '⚠️ "every monday" is not a five-field cron expression: write minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00',
        ],
        [
          { cron: '61 * * * *' },
          '⚠️ Invalid cron expression "61 * * * *": Constraint error, got value 61 expected range 0-59',
        ],
        [
          { timezone: 'Mars/Olympus_Mons' },
          '⚠️ Unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Berlin, America/New_York or UTC',
        ],
      ];
      for (const [change, message] of cases) {
        const { answer } = await run(alice, 'schedule add', { ...add, ...change });
        expect(answer).toMatchObject({ ephemeral: true, content: message });
      }
      expect(await db.query('SELECT id FROM scheduled_messages')).toEqual([]);
    });

    it('refuses non-admins politely', async () => {
      expectRefused((await run(bob, 'schedule add', add)).answer, '/schedule add');
      expectRefused((await run(bob, 'schedule list')).answer, '/schedule list');
      expectRefused((await run(bob, 'schedule remove', { id: 1 })).answer, '/schedule remove');
      expect(await db.query('SELECT id FROM scheduled_messages')).toEqual([]);
    });

    it('adds a weekly message on a pg-boss schedule in its time zone, lists it, and removes it, audited', async () => {
      const added = (await run(alice, 'schedule add', add)).answer;
      const text = textOf(added);
      expect(text).toContain('Scheduled message #1');
      expect(text).toContain('`0 9 * * 1` (Europe/Berlin)');
      expect(text).toContain(`<#${CHANNELS.news}>`);
      const next = [...text.matchAll(/<t:(\d+):F>/g)].map((m) => new Date(Number(m[1]) * 1000));
      expect(next).toHaveLength(3);
      const berlin = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
      expect(next.map((d) => berlin.format(d))).toEqual(['Mon 09:00', 'Mon 09:00', 'Mon 09:00']);
      const schedules = `SELECT name, key, cron, timezone FROM pgboss.schedule WHERE name = 'discord.scheduled-post'`;
      expect(await db.query(schedules)).toEqual([
        { name: 'discord.scheduled-post', key: '1', cron: '0 9 * * 1', timezone: 'Europe/Berlin' },
      ]);

      const listed = textOf((await run(alice, 'schedule list')).answer);
      expect(listed).toContain('#1 · 0 9 * * 1 (Europe/Berlin)');
      expect(listed).toContain('> Weekly sync in 10 minutes');

      const missing = (await run(alice, 'schedule remove', { id: 99 })).answer;
      expect(missing).toMatchObject({ ephemeral: true, content: '⚠️ No scheduled message 99' });
      const removed = (await run(alice, 'schedule remove', { id: 1 })).answer;
      expect(textOf(removed)).toContain('Removed scheduled message #1');
      expect(await db.query(schedules)).toEqual([]);
      expect(await db.query('SELECT * FROM scheduled_messages')).toEqual([]);

      expect(await audit('schedule.add')).toEqual([
        expect.objectContaining({
          source: 'discord',
          actor_id: alice.id,
          actor_name: 'alice',
          target: '1',
          data: { command: '/schedule add', options: add },
        }),
      ]);
      expect(await audit('schedule.remove')).toEqual([
        expect.objectContaining({
          actor_id: alice.id,
          target: '1',
          data: expect.objectContaining({ command: '/schedule remove', options: { id: 1 } }),
        }),
      ]);
    });
  });

  describe('/dashboard', () => {
    const LINK = /https?:\/\/\S+\/auth\/discord\/link\/[\w-]{43}/;
    const linkIn = (answer: VisibleMessage) => LINK.exec(answer.content)?.[0];
    const links = () => db.query<{ discord_user_id: string }>('SELECT discord_user_id FROM discord_links');
    const memberLookups = () =>
      discord.requests.filter((r) => r.method === 'GET' && r.path.includes(`/guilds/${TEAM}/members/`)).length;

    it('gives an admin a private, unpreviewed one-time link that signs them in to the api once', async () => {
      const lookupsBefore = memberLookups();
      const before = Date.now();
      const { interaction, answer } = await run(alice, 'dashboard');
      expect(answer).toMatchObject({ ephemeral: true, embedsSuppressed: true });
      expect(interaction.requests.map((r) => r.kind)).toEqual(['callback']);
      const url = linkIn(answer)!;
      expect(url.startsWith(`${core.url}/auth/discord/link/`)).toBe(true);
      const [, expires] = /<t:(\d+):R>/.exec(answer.content) ?? [];
      expect(Number(expires) * 1000 - before).toBeGreaterThan(590_000);
      expect(Number(expires) * 1000 - before).toBeLessThan(610_000);
      // The roles came with the interaction: no REST round trip for the admin check or the link.
      expect(memberLookups()).toBe(lookupsBefore);

      const browser = new Browser();
      const signedIn = await browser.fetch(url);
      expect(signedIn.status).toBe(302);
      expect(signedIn.headers.get('location')).toBe('/dashboard');
      const me = await browser.fetch(`${core.url}/auth/me`, { headers: { accept: 'application/json' } });
      expect(await me.json()).toMatchObject({ subject: alice.id, name: 'alice', method: 'discord', admin: true });
      expect((await browser.fetch(`${core.url}/jobs`, { headers: { accept: 'application/json' } })).status).toBe(200);

      const again = await new Browser().fetch(url);
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('This sign-in link was already used');
      expect(await audit('auth.link_issued')).toEqual([
        expect.objectContaining({ source: 'discord', actor_id: alice.id, actor_name: 'alice', target: alice.id }),
      ]);
    });

    it('refuses non-admins politely, issuing nothing', async () => {
      const { answer } = await run(bob, 'dashboard');
      expectRefused(answer, '/dashboard');
      expect(linkIn(answer)).toBeUndefined();
      expect(await links()).toEqual([expect.objectContaining({ discord_user_id: alice.id })]);
    });

    it('refuses someone who made themselves a role called Admin: admins are decided by role id', async () => {
      const forged = { id: '920000000000000099', name: 'Admin' };
      discord.guilds.get(TEAM)!.roles.push(forged);
      discord.addMember(TEAM, bob, ['920000000000000003', forged.id]);
      try {
        const { answer } = await run(bob, 'dashboard');
        expectRefused(answer, '/dashboard');
        expect(linkIn(answer)).toBeUndefined();
        expectRefused((await run(bob, 'status')).answer, '/status');
        expect(await links()).toEqual([expect.objectContaining({ discord_user_id: alice.id })]);
      } finally {
        discord.addMember(TEAM, bob, ['920000000000000003']);
      }
    });
  });

  it('answers an unexpected failure with a private reference to the log, where the details are', async () => {
    await db.query('ALTER TABLE scheduled_messages RENAME TO scheduled_messages_away');
    let interaction: FakeInteraction;
    try {
      interaction = gateway.command('schedule list', {}, { user: alice, guildId: TEAM });
      const answer = await interaction.settled();
      expect(answer).toMatchObject({
        ephemeral: true,
        content: `Something went wrong running /schedule list; the details are in Switchyard's log (ref ${interaction.id}).`,
      });
    } finally {
      await db.query('ALTER TABLE scheduled_messages_away RENAME TO scheduled_messages');
    }
    const line = logs.lines().find((l) => l.interaction === interaction.id);
    expect(line).toMatchObject({
      level: 50,
      context: 'BotCommands',
      command: '/schedule list',
      msg: '/schedule list failed: relation "scheduled_messages" does not exist',
      err: expect.objectContaining({ stack: expect.stringContaining('QueryFailedError') }),
    });
  });

  describe('when the database is slow', () => {
    /** Holds an exclusive lock on a table, so the bot's query waits, until the returned release is called. */
    const lock = async (table: string) => {
      const client = new PgClient({ connectionString: db.url });
      await client.connect();
      await client.query(`BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      return async () => {
        await client.query('COMMIT');
        await client.end();
      };
    };
    const kinds = (interaction: FakeInteraction) =>
      interaction.requests.map((r) => `${r.kind}${r.type ? ` ${r.type}` : ''}`);

    it('acknowledges within the 3-second window, then edits the answer in', async () => {
      const release = await lock('rules');
      const interaction = gateway.command('rules list', {}, { user: alice, guildId: TEAM });
      await waitFor(async () => interaction.acknowledged, 'the acknowledgement', 3000);
      expect(interaction.acknowledgedAfterMs).toBeGreaterThanOrEqual(1400);
      expect(interaction.acknowledgedAfterMs).toBeLessThan(3000);
      expect(interaction.messages).toEqual([]);
      await release();
      const answer = await interaction.settled();
      expect(kinds(interaction)).toEqual(['callback 5', 'edit']);
      expect(answer.ephemeral).toBe(false);
      expect(textOf(answer)).toContain('Routing rules');
    });

    it('acknowledges /dashboard privately, so nobody else sees it was asked, then edits the link in', async () => {
      const release = await lock('discord_links');
      const interaction = gateway.command('dashboard', {}, { user: alice, guildId: TEAM });
      await waitFor(async () => interaction.acknowledged, 'the acknowledgement', 3000);
      expect(interaction.requests[0]!.body.data).toMatchObject({ flags: 64 });
      await release();
      const answer = await interaction.settled();
      expect(kinds(interaction)).toEqual(['callback 5', 'edit']);
      expect(answer).toMatchObject({ ephemeral: true, embedsSuppressed: true });
      expect(answer.content).toMatch(/\/auth\/discord\/link\/[\w-]{43}/);
    });

    it('turns a late error into a private follow-up instead of a public one', async () => {
      const release = await lock('webhook_events');
      const interaction = gateway.command(
        'rules test',
        { rule: 'when github.* then log', event: '0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65' },
        { user: alice, guildId: TEAM },
      );
      await waitFor(async () => interaction.acknowledged, 'the acknowledgement', 3000);
      await release();
      const answer = await interaction.settled();
      expect(kinds(interaction)).toEqual(['callback 5', 'delete', 'followup']);
      expect(answer).toMatchObject({
        ephemeral: true,
        content: '⚠️ No webhook event 0b6c7f3e-5d1a-4a8e-9f3c-2f0d8c1b7a65',
      });
    });
  });

  describe('gateway disconnects', () => {
    const health = async (path = '/health') => {
      const res = await fetch(`${bot.url}${path}`);
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, any> } };
    };

    it('reports the gateway on /health and /ready', async () => {
      expect(await health()).toEqual({
        status: 200,
        body: {
          status: 'ok',
          checks: {
            gateway: expect.objectContaining({ ok: true, state: 'ready', detail: expect.stringMatching(/^ready/) }),
          },
        },
      });
      const ready = await health('/ready');
      expect(ready.body.checks.gateway).toEqual({ ok: true, detail: expect.stringMatching(/^ready/) });
    });

    it('resumes the session after a dropped socket, and logs it', async () => {
      gateway.drop();
      await waitFor(async () => gateway.resumes.length === 1 && gateway.connected, 'the session to resume');
      expect(gateway.identifies).toHaveLength(1);
      await waitFor(async () => (await health()).body.checks.gateway.state === 'ready', 'ready again');
      expect(logs.text()).toContain('Discord gateway connection lost; reconnecting');
      expect(logs.text()).toMatch(/Discord gateway reconnected after \d+ ms \(session resumed/);
      expect(gateway.resumes).toEqual([expect.objectContaining({ replayed: 0 })]);
      expect((await run(bob, 'ping')).answer.content).toContain('Pong!');
    });

    it('says it is reconnecting while it cannot, and answers a command sent meanwhile once back', async () => {
      gateway.hold();
      gateway.drop();
      await waitFor(async () => (await health()).body.checks.gateway.state === 'reconnecting', 'reconnecting');
      const during = await health();
      expect(during.status).toBe(200);
      expect(during.body.checks.gateway).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^reconnecting for \d+s$/),
      });
      expect((await health('/ready')).status).toBe(503);

      const interaction = gateway.command('ping', {}, { user: bob, guildId: TEAM });
      gateway.release();
      const answer = await interaction.settled();
      expect(answer.content).toContain('Pong!');
      expect(gateway.resumes[gateway.resumes.length - 1]).toMatchObject({ replayed: 1 });
      await waitFor(async () => (await health('/ready')).status === 200, 'ready again');
    });

    it('identifies anew when Discord closes the session normally', async () => {
      gateway.close(1000);
      await waitFor(async () => gateway.identifies.length === 2 && gateway.connected, 'a new session');
      await waitFor(async () => (await health()).body.checks.gateway.state === 'ready', 'ready again');
      expect((await run(alice, 'ping')).answer.content).toContain('Pong!');
    });

    it('fails /health when Discord refuses the session for good', async () => {
      gateway.close(4004, 'Authentication failed');
      await waitFor(async () => (await health()).status === 503, '/health to fail');
      expect((await health()).body).toMatchObject({
        status: 'failing',
        checks: { gateway: { ok: false, state: 'disconnected' } },
      });
      expect(logs.text()).toContain('Discord closed the gateway session for good (code 4004)');
    });
  });
});
