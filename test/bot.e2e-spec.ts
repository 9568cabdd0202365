import { FakeDiscord } from './support/fake-discord';
import { FakeDiscordGateway } from './support/fake-discord-gateway';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';
const APP = '900000000000000001';
const GUILD = '910000000000000001';
const ADMIN_ROLE = '920000000000000001';
const GENERAL = '930000000000000001';
const alice = { id: '940000000000000001', username: 'alice' };
const bob = { id: '940000000000000002', username: 'bob' };

describe('the bot role (smoke)', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let gateway: FakeDiscordGateway;
  let core: TestApp;
  let bot: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN, { id: APP, name: 'Switchyard Test' }).start();
    discord.addGuild({
      id: GUILD,
      name: 'Acme',
      roles: [{ id: ADMIN_ROLE, name: 'Admin' }],
      channels: [{ id: GENERAL, name: 'general', type: 0 }],
    });
    discord.addMember(GUILD, alice, [ADMIN_ROLE]);
    discord.addMember(GUILD, bob, []);
    gateway = await new FakeDiscordGateway(discord, { heartbeatIntervalMs: 1000 }).start();
    const env = {
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_GUILD_ID: GUILD,
    };
    core = await startTestApp({ databaseUrl: db.url, roles: ['api', 'worker'], env });
    bot = await startTestApp({ databaseUrl: db.url, roles: ['bot'], env });
  });
  afterAll(async () => {
    await bot?.stop();
    await core?.stop();
    await gateway?.stop();
    await discord?.stop();
    await db?.drop();
  });

  it('answers /ping and /status', async () => {
    await waitFor(async () => discord.commands(GUILD), 'command registration');
    const ping = gateway.command('ping', {}, { user: bob, guildId: GUILD });
    console.log(await ping.settled());
    const status = gateway.command('status', {}, { user: bob, guildId: GUILD });
    console.log(JSON.stringify(await status.settled(), null, 1));
    const sched = gateway.command(
      'schedule add',
      { cron: '0 9 * * 1', channel: GENERAL, message: 'hi' },
      { user: alice, guildId: GUILD },
    );
    console.log(JSON.stringify(await sched.settled(), null, 1));
    console.log(await (await fetch(`${bot.url}/health`)).json());
  });
});
