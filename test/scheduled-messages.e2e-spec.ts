import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduledMessagesService } from '../src/discord/schedules/scheduled-messages.service';
import { Browser } from './support/browser';
import { runSwitchyard } from './support/child-process';
import {
  alice,
  APPLICATION_ID,
  BOT_TOKEN,
  carol,
  CHANNELS,
  discordEnv,
  sam,
  STAFF,
  startFakeDiscord,
  TEAM,
  textOf,
} from './support/discord-world';
import { FakeDiscord, FakeUser } from './support/fake-discord';
import { EXPECTED_SLASH_COMMANDS } from './support/slash-commands';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * A bot registered globally whose admins are the Steering Committee of a separate staff server,
 * and two worker processes firing the schedules.
 */
describe('scheduled messages, global commands and a separate admin server', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    const env = discordEnv(discord, { SCHEDULE_CHECK_INTERVAL_SECONDS: '1', DISCORD_ADMIN_GUILD_ID: STAFF });
    const first = await startTestApp({ databaseUrl: db.url, roles: ['api', 'worker'], env });
    apps = [
      first,
      await startTestApp({ databaseUrl: db.url, roles: ['worker'], env }),
      await startTestApp({ databaseUrl: db.url, roles: ['bot'], env: { ...env, PUBLIC_BASE_URL: first.url } }),
    ];
    await waitFor(async () => discord.commands(null), 'the global command registration');
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  /** A command typed in #general of the team server, or in a DM with the bot when `where` is 'dm'. */
  const run = async (user: FakeUser, text: string, options: Record<string, string | number> = {}, where = 'team') => {
    const call = where === 'dm' ? { user } : { user, guildId: TEAM, channelId: CHANNELS.general };
    return gateway.command(text, options, call).settled();
  };

  it('registers the commands globally when DISCORD_GUILD_ID is not set', () => {
    expect(discord.commands(null)!.map((c) => c.name)).toEqual(EXPECTED_SLASH_COMMANDS);
    expect(discord.commands(TEAM)).toBeUndefined();
  });

  it('takes admins from the admin server’s roles, wherever they type, reading the roles fresh', async () => {
    // sam is on the Steering Committee of the staff server, an ordinary member of the team server.
    expect((await run(sam, 'schedule list')).embeds[0].title).toBe('Scheduled messages');
    expect((await run(sam, 'schedule list', {}, 'dm')).embeds[0].title).toBe('Scheduled messages');
    const refusal = 'is for Switchyard admins: members of Acme Staff with one of the roles Steering Committee.';
    // alice is Admin of the team server, which is not the admin server; carol is in neither.
    expect(await run(alice, 'schedule list')).toMatchObject({
      ephemeral: true,
      content: `Sorry, /schedule list ${refusal}`,
    });
    expect(await run(carol, 'schedule list', {}, 'dm')).toMatchObject({ ephemeral: true });

    // Taken off the committee: refused at once, with no gateway event about it.
    discord.addMember(STAFF, sam, []);
    try {
      expect(await run(sam, 'schedule list', {}, 'dm')).toMatchObject({ ephemeral: true });
    } finally {
      discord.addMember(STAFF, sam, ['920000000000000002']);
    }
  });

  it('gives /dashboard links to admins of the admin server wherever they type, and to nobody else', async () => {
    const answer = await run(sam, 'dashboard', {}, 'dm');
    expect(answer).toMatchObject({ ephemeral: true, embedsSuppressed: true });
    const [url] = /\S+\/auth\/discord\/link\/[\w-]{43}/.exec(answer.content) ?? [];
    const browser = new Browser();
    expect((await browser.fetch(url!)).status).toBe(302);
    const me = await browser.fetch(`${apps[0]!.url}/auth/me`, { headers: { accept: 'application/json' } });
    expect(await me.json()).toMatchObject({ subject: sam.id, name: 'sam', method: 'discord', admin: true });

    expect(await run(alice, 'dashboard')).toMatchObject({
      ephemeral: true,
      content:
        'Sorry, /dashboard is for Switchyard admins: members of Acme Staff with one of the roles Steering Committee.',
    });
    expect(await db.query('SELECT discord_user_id FROM discord_links')).toEqual([{ discord_user_id: sam.id }]);
  });

  it('posts a message added through /schedule once per tick with two workers running, and not once removed', async () => {
    const workers = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.instance WHERE 'worker' = ANY(string_to_array(name, '+')) AND stopped_on IS NULL`,
    );
    expect(workers).toEqual([{ n: 2 }]);
    // Every minute, so a tick is due at once; early enough in a minute that only this tick is watched.
    if (new Date().getSeconds() > 45) await sleep((61 - new Date().getSeconds()) * 1000);
    const added = await run(sam, 'schedule add', {
      cron: '* * * * *',
      channel: CHANNELS.general,
      message: 'Stand-up in 5 minutes, <@&920000000000000003>',
    });
    expect(textOf(added)).toContain('Scheduled message #1');

    await waitFor(async () => discord.in(CHANNELS.general).length > 0, 'the scheduled post', 15_000);
    // Both workers run the cron pass every second and see the tick due; it still posts once.
    await sleep(6000);
    const posts = discord.in(CHANNELS.general);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      content: 'Stand-up in 5 minutes, <@&920000000000000003>',
      allowed_mentions: { parse: ['users', 'roles'] },
    });
    expect(await db.query('SELECT fire_count, last_post_job_id IS NOT NULL AS posted FROM scheduled_messages')).toEqual(
      [{ fire_count: 1, posted: true }],
    );

    expect(textOf(await run(sam, 'schedule remove', { id: 1 }))).toContain('Removed scheduled message #1');
    // Its pg-boss schedule is gone with it, and an occurrence created just before the removal posts nothing.
    expect(await db.query(`SELECT key FROM pgboss.schedule WHERE name = 'discord.scheduled-post'`)).toEqual([]);
    const late = await apps[0]!.app.get(ScheduledMessagesService).fire(1, randomUUID());
    expect(late).toEqual({ skipped: 'scheduled message 1 was removed' });
    expect(discord.in(CHANNELS.general)).toHaveLength(1);
  });

  describe('node dist/main.js register-commands', () => {
    const cli = (env: Record<string, string | undefined>) =>
      runSwitchyard(['register-commands'], {
        DATABASE_URL: undefined,
        ROLES: undefined,
        LOG_LEVEL: 'info',
        DISCORD_BOT_TOKEN: BOT_TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: discord.apiUrl,
        ...env,
      });

    it('registers the commands in DISCORD_GUILD_ID and exits, without a gateway session', async () => {
      const sessions = gateway.identifies.length;
      const child = cli({ DISCORD_GUILD_ID: TEAM });
      expect((await child.exited).code).toBe(0);
      expect(child.output()).toContain(
        `Registered ${EXPECTED_SLASH_COMMANDS.length} slash commands server ${TEAM}: ${EXPECTED_SLASH_COMMANDS.map((c) => `/${c}`).join(' ')}`,
      );
      expect(discord.commands(TEAM)!.map((c) => c.name)).toEqual(EXPECTED_SLASH_COMMANDS);
      // The same definitions the running bot registered globally.
      const strip = (commands: any[]) => commands.map(({ id: _i, version: _v, guild_id: _g, ...c }) => c);
      expect(strip(discord.commands(TEAM)!)).toEqual(strip(discord.commands(null)!));
      expect(gateway.identifies).toHaveLength(sessions);
    });

    it('names a token that belongs to another application, and exits 1', async () => {
      const child = cli({ DISCORD_APPLICATION_ID: '999999999999999999' });
      expect((await child.exited).code).toBe(1);
      expect(child.output()).toContain(
        `Could not register the slash commands: DISCORD_APPLICATION_ID is 999999999999999999, but DISCORD_BOT_TOKEN belongs to application ${APPLICATION_ID} (Switchyard Test)`,
      );
    });

    it('says what is missing without the bot settings', async () => {
      const child = cli({ DISCORD_APPLICATION_ID: undefined });
      expect((await child.exited).code).toBe(1);
      expect(child.output()).toContain(
        'register-commands needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID; missing: DISCORD_APPLICATION_ID',
      );
    });
  });
});
