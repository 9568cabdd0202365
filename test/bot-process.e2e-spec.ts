import { runSwitchyard } from './support/child-process';
import { alice, discordEnv, startFakeDiscord, TEAM } from './support/discord-world';
import { FakeDiscord } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { freePort } from './support/free-port';
import { waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

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
      await bot.waitForOutput(/Registered 9 slash commands server/);
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
      await bot.waitForOutput(/Registered 9 slash commands server/);
      // alice holds the role named Admin in the team server.
      const answer = await gateway.command('status', {}, { user: alice, guildId: TEAM }).settled();
      expect(answer.embeds[0].title).toBe('Switchyard status');
    } finally {
      bot.process.kill('SIGTERM');
    }
    expect((await bot.exited).code).toBe(0);
    await waitFor(async () => !gateway.connected, 'the gateway socket to close');
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
