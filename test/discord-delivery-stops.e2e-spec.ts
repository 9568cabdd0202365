import { join } from 'node:path';
import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { ROOT, spawnChild } from './support/child-process';
import { FakeDiscord } from './support/fake-discord';
import { captureLogs } from './support/log-capture';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';

const jobState = async (db: TestDatabase, id: string) =>
  (await db.query<{ state: string; output: any }>('SELECT state, output FROM pgboss.job WHERE id = $1', [id]))[0];

const postsTo = (discord: FakeDiscord, channelId: string) =>
  discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${channelId}/messages`));

describe('a post waiting out a 429 stops when its job is canceled or the worker shuts down', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;
  const logs = captureLogs();

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN).start();
    app = await startTestApp({
      databaseUrl: db.url,
      logger: logs.logger,
      env: {
        DISCORD_BOT_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        JOB_HEARTBEAT_SECONDS: '10',
        WORKER_SHUTDOWN_TIMEOUT_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  it('on cancel', async () => {
    const channel = '810000000000000001';
    discord.next(channel, { status: 429, retryAfter: 8 });
    const { id } = await app.app.get(DiscordOutbox).enqueue({ channelId: channel, content: 'too late' });
    await waitFor(async () => postsTo(discord, channel).length === 1, 'the rate-limited post');
    const limitedAt = Date.now();
    const canceled = await app.api(`/jobs/${id}/cancel`, { method: 'POST' });
    expect(((await canceled.json()) as { state: string }).state).toBe('canceled');
    // The handler gives up as soon as the worker learns of the cancel (its next heartbeat).
    await waitFor(async () => logs.text().includes(`Job discord.post ${id} failed: Stopped:`), 'the handler to stop');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, limitedAt + 9000 - Date.now())));
    expect(postsTo(discord, channel)).toHaveLength(1);
    expect(discord.in(channel)).toHaveLength(0);
    expect((await jobState(db, id))?.state).toBe('cancelled');
  }, 30_000);

  it('on shutdown (after the grace period), failing the job back to the queue', async () => {
    const channel = '810000000000000002';
    discord.next(channel, { status: 429, retryAfter: 8 });
    const { id } = await app.app.get(DiscordOutbox).enqueue({ channelId: channel, content: 'after the restart' });
    await waitFor(async () => postsTo(discord, channel).length === 1, 'the rate-limited post');
    const limitedAt = Date.now();
    await app.stop();
    expect((await jobState(db, id))?.state).toBe('retry');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, limitedAt + 9000 - Date.now())));
    expect(postsTo(discord, channel)).toHaveLength(1);
    expect(discord.in(channel)).toHaveLength(0);
  }, 30_000);
});

describe('a worker killed between Discord’s answer and recording it', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN).start();
  });
  afterAll(async () => {
    await discord?.stop();
    await db?.drop();
  });

  it('is retried within Discord’s nonce window and gets the same message back: posted once', async () => {
    const env = {
      DISCORD_BOT_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      JOB_HEARTBEAT_SECONDS: '10',
      QUEUE_SUPERVISE_INTERVAL_SECONDS: '1',
      JOB_RETRY_BASE_SECONDS: '1',
    };
    const channel = '820000000000000001';
    const sender = await startTestApp({ databaseUrl: db.url, roles: ['api'], env });
    const child = spawnChild(process.execPath, [
      '-r',
      '@swc-node/register',
      join(ROOT, 'test/support/fixtures/switchyard-worker-process.ts'),
      db.url,
      JSON.stringify(env),
    ]);
    let rescuer: TestApp | undefined;
    try {
      await child.waitForOutput(/^ready$/m, 60_000);
      discord.next(channel, { status: 'hold' });
      const { id } = await sender.app.get(DiscordOutbox).enqueue({ channelId: channel, content: 'exactly once' });
      // Discord has made the message; its answer has not reached the worker.
      await waitFor(async () => discord.heldCreated.length === 1, 'Discord to create the message');
      child.process.kill('SIGKILL');
      await child.exited;
      discord.releaseHeld();
      expect((await jobState(db, id))?.state).toBe('active');

      // Its heartbeat lapses (10 s), the job is failed back and this worker runs it again.
      rescuer = await startTestApp({ databaseUrl: db.url, roles: ['worker'], env });
      const done = await waitFor(
        async () => {
          const row = await jobState(db, id);
          return row?.state === 'completed' && row;
        },
        'the job to succeed on the second worker',
        60_000,
      );
      expect(discord.in(channel)).toHaveLength(1);
      expect(done.output.messageIds).toEqual([discord.heldCreated[0]!.id]);
      expect(postsTo(discord, channel)).toHaveLength(2);
    } finally {
      child.process.kill('SIGKILL');
      await rescuer?.stop();
      await sender.stop();
    }
  }, 120_000);
});
