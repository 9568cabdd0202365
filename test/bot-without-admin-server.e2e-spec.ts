import { alice, discordEnv, startFakeDiscord, TEAM } from './support/discord-world';
import { FakeDiscord } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** A bot registered globally with neither DISCORD_GUILD_ID nor DISCORD_ADMIN_GUILD_ID: nobody is an admin. */
describe('the bot without an admin server', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let bot: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ discord, gateway } = await startFakeDiscord());
    bot = await startTestApp({ databaseUrl: db.url, roles: ['bot'], env: discordEnv(discord) });
    await waitFor(async () => discord.commands(null), 'the global command registration');
  });
  afterAll(async () => {
    await bot?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  it('answers /dashboard by naming the setting that turns sign-in links on, and issues none', async () => {
    const answer = await gateway.command('dashboard', {}, { user: alice, guildId: TEAM }).settled();
    expect(answer).toMatchObject({
      ephemeral: true,
      content:
        'Sorry, /dashboard is for Switchyard admins, and no admin server is configured yet (DISCORD_ADMIN_GUILD_ID).',
    });
    expect(await db.query('SELECT 1 FROM discord_links')).toEqual([]);
  });
});
