import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { FakeDiscord } from './support/fake-discord';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';
const CHANNEL = '733333333333333333';

interface Alert {
  kind: string;
  subject: string;
  message: string;
}

/**
 * A post whose retries run out (Discord failing transiently every time) dies and holds its channel's
 * line, so order is kept. That must never be silent: it raises an operator alert naming the channel
 * and the post, which resolves itself once a post in that channel gets through.
 */
describe('a channel held by a post whose retries ran out', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN).start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        DISCORD_BOT_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        JOB_MAX_ATTEMPTS: '2',
        JOB_RETRY_BASE_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const openAlerts = async () => ((await (await app.api('/alerts')).json()) as { alerts: Alert[] }).alerts;
  const state = async (id: string) => ((await (await app.api(`/jobs/${id}`)).json()) as { state: string }).state;

  it('raises an alert when the post dies holding its channel, and resolves it when the channel moves again', async () => {
    const outbox = app.app.get(DiscordOutbox);
    discord.next(CHANNEL, { status: 502 }, { status: 502 });
    const held = await outbox.enqueue({ channelId: CHANNEL, content: 'first', coalesce: false });
    const behind = await outbox.enqueue({ channelId: CHANNEL, content: 'second', coalesce: false });
    await waitFor(async () => (await state(held.id)) === 'dead' || undefined, 'the first post to die', 30_000);
    expect(await state(behind.id)).toBe('queued');

    const alert = await waitFor(
      async () => (await openAlerts()).find((a) => a.kind === 'discord.channel_held'),
      'the held-channel alert',
    );
    expect(alert.subject).toBe(CHANNEL);
    expect(alert.message).toContain(`held by dead post ${held.id} after 2 attempts`);

    expect((await app.api(`/jobs/${held.id}/redrive`, { method: 'POST' })).status).toBe(200);
    await waitFor(async () => (await state(behind.id)) === 'succeeded' || undefined, 'the posts to go out');
    expect(discord.in(CHANNEL).map((m) => m.content)).toEqual(['first', 'second']);
    expect((await openAlerts()).filter((a) => a.kind === 'discord.channel_held')).toEqual([]);
  });
});
