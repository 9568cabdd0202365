import { Client } from 'pg';
import { SecretBox } from '../src/platform/security/secret-box';
import { Child, runSwitchyard } from './support/child-process';
import { alice, APPLICATION_ID, discordEnv, startFakeDiscord, TEAM } from './support/discord-world';
import { FakeDiscord } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { freePort } from './support/free-port';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { EXPECTED_SLASH_COMMANDS } from './support/slash-commands';

/** `node dist/main.js bot`, as operators run it (`npm test` builds before jest). */
describe('node dist/main.js bot', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  const env = (extra: Record<string, string> = {}) => ({
    ...discordEnv(discord, { DISCORD_GUILD_ID: TEAM }),
    DATABASE_URL: db.url,
    ROLES: undefined,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    const migrate = runSwitchyard(['migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
  });
  afterAll(async () => {
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  it('connects, answers commands, serves its health port, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const bot = runSwitchyard(['bot'], env({ HEALTH_PORT: String(port) }));
    try {
      await bot.waitForOutput(/Switchyard ready: roles bot/);
      await bot.waitForOutput(new RegExp(`Registered ${EXPECTED_SLASH_COMMANDS.length} slash commands server`));
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
        checks: { gateway: { state: string } };
      };
      expect(health.checks.gateway.state).toBe('ready');
      const answer = await gateway.command('ping', {}, { user: alice, guildId: TEAM }).settled();
      expect(answer.content).toContain('Pong!');
      await bot.waitForOutput(/\/ping by alice \(940000000000000001\) answered in \d+ ms/);
      // Admin roles are ids: nothing to warn about.
      expect(bot.output()).not.toMatch(/DISCORD_ADMIN_ROLE/);
    } finally {
      bot.process.kill('SIGTERM');
    }
    expect((await bot.exited).code).toBe(0);
    await waitFor(async () => !gateway.connected, 'the gateway socket to close');
  });

  it('decides admins by role name only with the first-setup fallback, warning about it at start', async () => {
    const bot = runSwitchyard(
      ['bot'],
      env({ HEALTH_PORT: '0', DISCORD_ADMIN_ROLE_IDS: '', DISCORD_ADMIN_ROLE_NAMES_FALLBACK: 'on' }),
    );
    try {
      await bot.waitForOutput(/Switchyard ready: roles bot/);
      await bot.waitForOutput(
        /DISCORD_ADMIN_ROLE_NAMES_FALLBACK=on: Discord admins are also recognised by role name \(Admin, Owner, Steering Committee\)/,
      );
      await bot.waitForOutput(new RegExp(`Registered ${EXPECTED_SLASH_COMMANDS.length} slash commands server`));
      // alice holds the role named Admin in the team server.
      const answer = await gateway.command('status', {}, { user: alice, guildId: TEAM }).settled();
      expect(answer.embeds[0].title).toBe('Switchyard status');
    } finally {
      bot.process.kill('SIGTERM');
    }
    expect((await bot.exited).code).toBe(0);
    await waitFor(async () => !gateway.connected, 'the gateway socket to close');
  });

  describe('killed with -9 while a command is "thinking…"', () => {
    const SECRETS_KEY = 'bot-process-secrets-key-0123456789';
    const started: Child[] = [];
    const startBot = async () => {
      const bot = runSwitchyard(['bot'], env({ HEALTH_PORT: '0', SECRETS_KEY }));
      started.push(bot);
      await bot.waitForOutput(/Switchyard ready: roles bot/, 60_000);
      await gateway.ready();
      return bot;
    };
    afterEach(async () => {
      for (const bot of started.splice(0)) {
        bot.process.kill('SIGKILL');
        await bot.exited;
      }
    });

    it('tells the person after the restart that the command was not finished, answering once', async () => {
      const first = await startBot();
      const lock = new Client({ connectionString: db.url });
      await lock.connect();
      // /replay updates webhook_events: it waits here until acknowledged as "thinking…".
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE webhook_events IN ACCESS EXCLUSIVE MODE');
      const interaction = gateway.command(
        'replay',
        { event: '6a1f7f0e-8a35-4f61-9a57-3f3f0b6b2f10' },
        { user: alice, guildId: TEAM },
      );
      // Killed the moment its acknowledgement reaches Discord, which accepts it after the bot died.
      discord.latency = () => 300;
      await waitFor(
        async () => discord.requests.some((r) => r.path.startsWith(`/api/v10/interactions/${interaction.id}/`)),
        'the deferred acknowledgement',
      );
      first.process.kill('SIGKILL');
      discord.latency = () => 0;
      await first.exited;
      await waitFor(async () => interaction.acknowledged, 'Discord to take the acknowledgement');
      await lock.query('ROLLBACK');
      await lock.end();

      await startBot();
      const answer = await interaction.settled(15_000);
      expect(answer.content).toBe(
        '⚠️ Switchyard restarted before it finished /replay, so its answer never came. It may or may not have been done: check before running it again.',
      );
      expect(interaction.requests.map((r) => r.kind)).toEqual(['callback', 'edit']);
      await waitFor(
        async () => (await db.query('SELECT 1 FROM bot_unfinished_answers')).length === 0,
        'the record to be cleared',
      );
    });

    it('leaves an answer that did come alone, and forgets expired records', async () => {
      const bot = await startBot();
      const answered = gateway.command('ping', {}, { user: alice, guildId: TEAM });
      const answer = await answered.settled();
      bot.process.kill('SIGKILL');
      await bot.exited;
      // As if the bot had died after answering but before clearing its record.
      const box = new SecretBox(SECRETS_KEY);
      await db.query(
        `INSERT INTO bot_unfinished_answers (interaction_id, application_id, token_sealed, command, expires_at)
         VALUES ($1, $2, $3, '/ping', now() + interval '10 minutes'), ('1', $2, $4, '/status', now() - interval '1 minute')`,
        [answered.id, APPLICATION_ID, box.seal(answered.token), box.seal('expired-token')],
      );
      await startBot();
      await waitFor(
        async () => (await db.query('SELECT 1 FROM bot_unfinished_answers')).length === 0,
        'the records to be cleared',
      );
      expect(answered.messages).toEqual([answer]);
      expect(answered.requests.map((r) => r.kind)).toEqual(['callback']);
    });
  });

  it('exits 1 when Discord refuses the token', async () => {
    const bot = runSwitchyard(['bot'], env({ DISCORD_BOT_TOKEN: 'revoked-token', HEALTH_PORT: '0' }));
    expect((await bot.exited).code).toBe(1);
    expect(bot.output()).toContain(
      'Switchyard failed to start: Discord refused DISCORD_BOT_TOKEN (An invalid token was provided.); copy the token from the Bot page of your application in the Discord Developer Portal',
    );
    expect(bot.output()).not.toContain('    at ');
    expect(bot.output()).not.toContain('revoked-token');
  });
});
