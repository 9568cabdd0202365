import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { FakeDiscord } from './support/fake-discord';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';
const DEV = '111111111111111111';
const SALES = '222222222222222222';

interface JobBody {
  state: string;
  attempts: number;
  result: { messageIds: string[] } | null;
  lastError: { message: string } | null;
}

describe('Discord delivery (discord.post over REST)', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;
  let outbox: DiscordOutbox;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord(TOKEN).start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: { DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, JOB_RETRY_BASE_SECONDS: '1' },
    });
    outbox = app.app.get(DiscordOutbox);
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const job = async (id: string) => (await (await app.api(`/jobs/${id}`)).json()) as JobBody;
  const settled = (id: string, state: string, timeoutMs = 20_000) =>
    waitFor(
      async () => {
        const body = await job(id);
        return body.state === state ? body : undefined;
      },
      `job ${id} to be ${state}`,
      timeoutMs,
    );

  it('posts a message with mentions off and records the message id on the job', async () => {
    const { id } = await outbox.enqueue({ channelId: DEV, content: 'PR #7 opened by @octocat' });
    const done = await settled(id, 'succeeded');
    const [message] = discord.in(DEV);
    expect(message).toMatchObject({ content: 'PR #7 opened by @octocat', allowed_mentions: { parse: [] } });
    expect(done.result).toEqual({ channelId: DEV, messageIds: [message!.id] });
  });

  it('waits out a 429 retry_after, then posts once', async () => {
    discord.next(SALES, { status: 429, retryAfter: 0.3 });
    const before = discord.in(SALES).length;
    const { id } = await outbox.enqueue({ channelId: SALES, content: 'deal won' });
    await settled(id, 'succeeded');
    const posts = discord.requests.filter((r) => r.path.endsWith(`/channels/${SALES}/messages`));
    expect(posts.length).toBeGreaterThanOrEqual(2);
    const [limited, retried] = posts.slice(-2);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(250);
    expect(discord.in(SALES).length).toBe(before + 1);
  });

  it('retries 500 twice with backoff, then succeeds', async () => {
    discord.next(SALES, { status: 500 }, { status: 500 });
    const { id } = await outbox.enqueue({ channelId: SALES, content: 'after two failures' });
    const done = await settled(id, 'succeeded');
    expect(done.attempts).toBe(3);
    expect(discord.in(SALES).filter((m) => m.content === 'after two failures')).toHaveLength(1);
  });

  it('marks a post to an unknown channel dead with Discord’s reason, at once', async () => {
    discord.unknownChannel('333333333333333333');
    const { id } = await outbox.enqueue({ channelId: '333333333333333333', content: 'nobody home' });
    const dead = await settled(id, 'dead');
    expect(dead.attempts).toBe(1);
    expect(dead.lastError?.message).toBe('Discord 404 for channel 333333333333333333: Unknown Channel (code 10003)');
  });

  it('posts once when the first answer is lost after Discord created the message', async () => {
    discord.next(DEV, { status: 'lost-response' });
    const { id } = await outbox.enqueue({ channelId: DEV, content: 'exactly once' });
    const done = await settled(id, 'succeeded');
    expect(done.attempts).toBe(2);
    const posted = discord.in(DEV).filter((m) => m.content === 'exactly once');
    expect(posted).toHaveLength(1);
    expect(done.result?.messageIds).toEqual([posted[0]!.id]);
  });

  it('splits 3,000 characters into two messages, posted in order', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `commit ${String(i).padStart(3, '0')} fixes the thing`);
    const { id } = await outbox.enqueue({ channelId: '444444444444444444', content: lines.join('\n') });
    await settled(id, 'succeeded');
    const parts = discord.in('444444444444444444');
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.content).join('\n')).toBe(lines.join('\n'));
  });

  it('keeps each channel in order while channels interleave', async () => {
    const A = '555555555555555555';
    const B = '666666666666666666';
    discord.latency = () => Math.floor(Math.random() * 8);
    discord.next(A, { status: 500 });
    try {
      for (let i = 0; i < 50; i++) {
        await outbox.enqueue({ channelId: A, content: `A ${i}` });
        await outbox.enqueue({ channelId: B, content: `B ${i}` });
      }
      await waitFor(async () => discord.in(A).length === 50 && discord.in(B).length === 50, '100 messages', 40_000);
    } finally {
      discord.latency = () => 0;
    }
    expect(discord.in(A).map((m) => m.content)).toEqual(Array.from({ length: 50 }, (_, i) => `A ${i}`));
    expect(discord.in(B).map((m) => m.content)).toEqual(Array.from({ length: 50 }, (_, i) => `B ${i}`));
    // B was not held back behind A's failed first post.
    expect(discord.in(B)[0]!.at).toBeLessThan(discord.in(A)[0]!.at);
  });
});
