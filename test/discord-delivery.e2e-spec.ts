import { DiscordOutbox } from '../src/discord/delivery/discord-outbox';
import { PostLedgerRetention } from '../src/discord/delivery/post-ledger-retention';
import { FakeDiscord } from './support/fake-discord';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const TOKEN = 'fake-bot-token';
const DEV = '111111111111111111';
const SALES = '222222222222222222';

interface JobBody {
  id: string;
  state: string;
  attempts: number;
  data: { channelId: string };
  result: { messageIds: string[]; carried?: string[]; coalescedInto?: string; discarded?: boolean } | null;
  lastError: { message: string } | null;
}

/** A channel id of its own for each test. */
let channelSeq = 700000000000000000n;
const newChannel = () => String(++channelSeq);

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
      env: {
        DISCORD_BOT_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        JOB_RETRY_BASE_SECONDS: '1',
        // A part whose answer went missing is always looked for before it is sent again.
        DISCORD_NONCE_WINDOW_SECONDS: '0',
      },
    });
    outbox = app.app.get(DiscordOutbox);
  });
  afterEach(() => {
    discord.nonceWindowMs = 5 * 60_000;
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
  const lines = (channelId: string) => discord.in(channelId).flatMap((m) => (m.content ?? '').split('\n'));

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
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${SALES}/messages`));
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

  it('posts once when the first answer is lost after Discord created the message', async () => {
    discord.next(DEV, { status: 'lost-response' });
    const { id } = await outbox.enqueue({ channelId: DEV, content: 'exactly once' });
    const done = await settled(id, 'succeeded');
    expect(done.attempts).toBe(2);
    const posted = discord.in(DEV).filter((m) => m.content === 'exactly once');
    expect(posted).toHaveLength(1);
    expect(done.result?.messageIds).toEqual([posted[0]!.id]);
  });

  it('posts once when a lost answer is retried after Discord stopped honouring the nonce', async () => {
    // Retried "10 minutes later": Discord's nonce window is shortened to nothing instead.
    discord.nonceWindowMs = 0;
    const channel = newChannel();
    discord.next(channel, { status: 'lost-response' });
    const { id } = await outbox.enqueue({ channelId: channel, content: 'once, however late the retry' });
    const done = await settled(id, 'succeeded');
    expect(done.attempts).toBe(2);
    expect(discord.in(channel).map((m) => m.id)).toEqual(done.result?.messageIds);
  });

  it('never posts part 1 again while part 2 fails through a long outage', async () => {
    discord.nonceWindowMs = 0;
    const channel = newChannel();
    const text = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, '0')} of a long message`);
    discord.next(channel, { status: 'ok' }, { status: 503 }, { status: 502 }, { status: 500 });
    const { id } = await outbox.enqueue({ channelId: channel, content: text.join('\n') });
    const done = await settled(id, 'succeeded', 40_000);
    expect(done.attempts).toBe(4);
    expect(discord.in(channel)).toHaveLength(2);
    expect(lines(channel)).toEqual(text);
  }, 60_000);

  it('splits 3,000 characters into two messages, posted in order', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `commit ${String(i).padStart(3, '0')} fixes the thing`);
    const { id } = await outbox.enqueue({ channelId: '444444444444444444', content: text.join('\n') });
    await settled(id, 'succeeded');
    const parts = discord.in('444444444444444444');
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.content).join('\n')).toBe(text.join('\n'));
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
      await waitFor(async () => lines(A).length === 50 && lines(B).length === 50, '100 posts', 40_000);
    } finally {
      discord.latency = () => 0;
    }
    expect(lines(A)).toEqual(Array.from({ length: 50 }, (_, i) => `A ${i}`));
    expect(lines(B)).toEqual(Array.from({ length: 50 }, (_, i) => `B ${i}`));
    // B was not held back behind A's failed first post.
    expect(discord.in(B)[0]!.at).toBeLessThan(discord.in(A)[0]!.at);
  });

  it('delivers a burst of 200 routed events to one channel as a handful of messages, in order, each once', async () => {
    const channel = newChannel();
    const rule = `when github.pull_request.* where repository.full_name == "t/burst" then discord.post channel=${channel} text="PR {{ payload.number }} opened"`;
    expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
    const numbers = Array.from({ length: 200 }, (_, i) => i + 1);
    for (let start = 0; start < numbers.length; start += 50) {
      await Promise.all(
        numbers.slice(start, start + 50).map(async (n) => {
          const payload = pullRequestPayload(n);
          payload.repository = { ...(payload.repository as object), full_name: 't/burst' };
          expect((await postGithub(app.url, payload)).status).toBe(202);
        }),
      );
    }
    // In the order their posts were made: the router's order, the order the deliveries raced in.
    const made = async () =>
      (
        await db.query<{ text: string }>(
          `SELECT data->'messages'->0->>'content' AS text FROM pgboss.job
            WHERE name = 'discord.post' AND data->>'channelId' = $1 ORDER BY created_on, id`,
          [channel],
        )
      ).map((row) => row.text);
    await waitFor(async () => (await made()).length === 200, 'the router to make 200 posts');
    const arrival = await made();
    expect(arrival).toHaveLength(200);
    await waitFor(async () => lines(channel).length === 200, 'all 200 events in the channel', 60_000);
    expect(lines(channel)).toEqual(arrival);
    expect(discord.in(channel).length).toBeLessThanOrEqual(20);
    for (const message of discord.in(channel)) expect(message.content!.length).toBeLessThanOrEqual(2000);
    expect(discord.rateLimited).toBe(0);
    // Every job is accounted for: posted itself, or carried by the job that posted it.
    const states = () =>
      db.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'discord.post' AND data->>'channelId' = $1 GROUP BY state`,
        [channel],
      );
    await waitFor(async () => (await states()).length === 1, 'the last carrier to complete');
    expect(await states()).toEqual([{ state: 'completed', n: 200 }]);
  }, 120_000);

  it('posts a coalesce=off rule’s messages one by one', async () => {
    const channel = newChannel();
    const rule = `when github.pull_request.* where repository.full_name == "t/alone" then discord.post channel=${channel} coalesce=off text="alone {{ payload.number }}"`;
    expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
    await Promise.all(
      [1, 2, 3].map((n) => {
        const payload = pullRequestPayload(n);
        payload.repository = { ...(payload.repository as object), full_name: 't/alone' };
        return postGithub(app.url, payload);
      }),
    );
    await waitFor(async () => discord.in(channel).length === 3, 'three posts');
    expect(
      discord
        .in(channel)
        .map((m) => m.content)
        .sort(),
    ).toEqual(['alone 1', 'alone 2', 'alone 3']);
  });

  it('keeps a post’s plan and ledger as long as pg-boss keeps its job', async () => {
    const channel = newChannel();
    const gone = await outbox.enqueue({ channelId: channel, content: 'pruned', coalesce: false });
    const kept = await outbox.enqueue({ channelId: channel, content: 'kept', coalesce: false });
    await settled(gone.id, 'succeeded');
    await settled(kept.id, 'succeeded');
    await db.query(
      `UPDATE discord_post_plans SET created_at = now() - interval '8 days' WHERE job_id = ANY($1::uuid[])`,
      [[gone.id, kept.id]],
    );
    await db.query(`DELETE FROM pgboss.job WHERE id = $1`, [gone.id]);
    const { deleted } = await app.app.get(PostLedgerRetention).prune();
    expect(deleted).toBe(1);
    const left = async (table: string) =>
      (
        await db.query<{ job_id: string }>(`SELECT job_id FROM ${table} WHERE job_id = ANY($1::uuid[])`, [
          [gone.id, kept.id],
        ])
      ).map((row) => row.job_id);
    expect(await left('discord_post_plans')).toEqual([kept.id]);
    expect(await left('discord_post_parts')).toEqual([kept.id]);
  });

  describe('when Discord refuses', () => {
    it('parks a channel Discord refuses as a whole: an alert, later posts held, then delivered in order once unparked', async () => {
      const channel = newChannel();
      discord.forbidChannel(channel);
      const first = await outbox.enqueue({ channelId: channel, content: 'first', coalesce: false });
      const dead = await settled(first.id, 'dead');
      expect(dead.lastError?.message).toBe(`Discord 403 for channel ${channel}: Missing Access (code 50001)`);
      const second = await outbox.enqueue({ channelId: channel, content: 'second' });
      const third = await outbox.enqueue({ channelId: channel, content: 'third' });

      const parked = (await (await app.api('/discord/channels/parked')).json()) as {
        channels: { channelId: string }[];
      };
      expect(parked.channels.map((c) => c.channelId)).toContain(channel);
      const { alerts } = (await (await app.api('/alerts')).json()) as { alerts: { kind: string; subject: string }[] };
      expect(alerts).toContainEqual(expect.objectContaining({ kind: 'discord.channel_parked', subject: channel }));
      // Held, not burned through retries.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const id of [second.id, third.id]) expect(await job(id)).toMatchObject({ state: 'queued', attempts: 0 });

      discord.restoreChannel(channel);
      const unparked = await app.api(`/discord/channels/${channel}/unpark`, { method: 'POST' });
      expect(await unparked.json()).toEqual({ channelId: channel, redriven: [first.id] });
      await settled(first.id, 'succeeded');
      await waitFor(async () => lines(channel).length === 3, 'the held posts');
      expect(lines(channel)).toEqual(['first', 'second', 'third']);
      const after = (await (await app.api('/alerts')).json()) as { alerts: { subject: string }[] };
      expect(after.alerts.map((a) => a.subject)).not.toContain(channel);
      const again = await app.api(`/discord/channels/${channel}/unpark`, { method: 'POST' });
      expect(again.status).toBe(404);
    });

    it('unparks a channel when the post holding it is retried by hand and gets through', async () => {
      const channel = newChannel();
      discord.unknownChannel(channel);
      const first = await outbox.enqueue({ channelId: channel, content: 'held first', coalesce: false });
      await settled(first.id, 'dead');
      const second = await outbox.enqueue({ channelId: channel, content: 'held second' });
      discord.restoreChannel(channel);
      expect((await app.api(`/jobs/${first.id}/retry`, { method: 'POST' })).status).toBe(200);
      await settled(second.id, 'succeeded');
      expect(lines(channel)).toEqual(['held first', 'held second']);
      const { channels } = (await (await app.api('/discord/channels/parked')).json()) as {
        channels: { channelId: string }[];
      };
      expect(channels.map((c) => c.channelId)).not.toContain(channel);
    });

    it('lets the channel move on past a message Discord refuses, which stays dead until redriven', async () => {
      const channel = newChannel();
      discord.next(channel, { status: 400, code: 50035, message: 'Invalid Form Body' });
      const refused = await outbox.enqueue({ channelId: channel, content: 'refused once', coalesce: false });
      const next = await outbox.enqueue({ channelId: channel, content: 'goes ahead', coalesce: false });
      const dead = await settled(refused.id, 'dead');
      expect(dead.lastError?.message).toBe(
        `Discord refused part 1 of 1 (jobs ${refused.id}): Discord 400 for channel ${channel}: Invalid Form Body (code 50035)`,
      );
      await settled(next.id, 'succeeded');
      expect(lines(channel)).toEqual(['goes ahead']);

      const redriven = await app.api(`/jobs/${refused.id}/redrive`, { method: 'POST' });
      expect(redriven.status).toBe(200);
      await settled(refused.id, 'succeeded');
      expect(lines(channel)).toEqual(['goes ahead', 'refused once']);
      const twice = await app.api(`/jobs/${refused.id}/redrive`, { method: 'POST' });
      expect(twice.status).toBe(409);
    });

    it('discards a dead post for good: the channel moves on without it', async () => {
      const channel = newChannel();
      discord.unknownChannel(channel);
      const lost = await outbox.enqueue({ channelId: channel, content: 'never delivered', coalesce: false });
      await settled(lost.id, 'dead');
      const kept = await outbox.enqueue({ channelId: channel, content: 'delivered' });

      const discarded = await app.api(`/jobs/${lost.id}/discard`, { method: 'POST' });
      expect(discarded.status).toBe(200);
      expect(await discarded.json()).toMatchObject({ state: 'canceled', result: { discarded: true } });
      discord.restoreChannel(channel);
      // The next post found the channel still parked and holds it now; unparking delivers it.
      await settled(kept.id, 'dead');
      await app.api(`/discord/channels/${channel}/unpark`, { method: 'POST' });
      await settled(kept.id, 'succeeded');
      expect(lines(channel)).toEqual(['delivered']);
      expect((await app.api(`/jobs/${lost.id}/discard`, { method: 'POST' })).status).toBe(409);
    });

    it('redrives and discards dead posts in bulk, by queue', async () => {
      const [a, b] = [newChannel(), newChannel()];
      discord.next(a, { status: 400, code: 50035, message: 'Invalid Form Body' });
      discord.next(b, { status: 400, code: 50035, message: 'Invalid Form Body' });
      const one = await outbox.enqueue({ channelId: a, content: 'bulk a' });
      const two = await outbox.enqueue({ channelId: b, content: 'bulk b' });
      await settled(one.id, 'dead');
      await settled(two.id, 'dead');
      expect((await postJson(app, '/jobs/dead/discard', {})).status).toBe(400);
      const redriven = (await (await postJson(app, '/jobs/dead/redrive', { type: 'discord.post' })).json()) as {
        redriven: number;
      };
      expect(redriven.redriven).toBeGreaterThanOrEqual(2);
      await settled(one.id, 'succeeded');
      await settled(two.id, 'succeeded');

      discord.next(a, { status: 400, code: 50035, message: 'Invalid Form Body' });
      const three = await outbox.enqueue({ channelId: a, content: 'bulk a again' });
      await settled(three.id, 'dead');
      const discarded = (await (await postJson(app, '/jobs/dead/discard', { type: 'discord.post' })).json()) as {
        discarded: number;
      };
      expect(discarded.discarded).toBeGreaterThanOrEqual(1);
      expect(await job(three.id)).toMatchObject({ state: 'canceled' });
    });
  });
});
