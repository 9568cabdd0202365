import { FakeDiscord } from './support/fake-discord';
import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const DEV = '123456789012345678';

describe('routing rules to Discord', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord('token').start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: { DISCORD_BOT_TOKEN: 'token', DISCORD_API_URL: discord.apiUrl },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.stop();
    await db?.drop();
  });

  const rule = `when github.pull_request.* where repository.full_name == "acme/api" and action in ["opened","closed"] then discord.post channel=${DEV}`;

  it('refuses a rule with a syntax error, saying where and what was expected', async () => {
    const res = await postJson(app, '/rules', { text: 'when github.pull_request.* where action = "opened" then log' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; column: number };
    expect(body.message).toMatch(/column \d+/);
    expect(body.column).toBeGreaterThan(0);
  });

  it('refuses an action without its required parameter', async () => {
    const res = await postJson(app, '/rules', { text: 'when github.* then discord.post' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('channel');
  });

  it('posts a matching webhook to the rule’s channel, once, formatted', async () => {
    expect((await postJson(app, '/rules', { text: rule })).status).toBe(201);
    expect(
      (await postJson(app, '/rules', { text: 'when github.issues.* then discord.post channel=999999999999999999' }))
        .status,
    ).toBe(201);
    const res = await postGithub(app.url, pullRequestPayload(42));
    const { jobId } = (await res.json()) as { jobId: string };
    await waitFor(async () => discord.in(DEV).length === 1, 'the message at Discord');
    expect(discord.in(DEV)[0]!.content).toContain(
      'opened pull request [\\#42 Add retry with backoff to the Discord poster]',
    );
    const route = (await (await app.api(`/jobs/${jobId}`)).json()) as {
      result: { matchedRules: string[]; jobs: string[] };
    };
    expect(route.result.matchedRules).toHaveLength(1);
    expect(discord.in('999999999999999999')).toHaveLength(0);
  });

  it('dry-runs a rule against a stored event and returns the exact message, posting nothing', async () => {
    const res = await postGithub(app.url, pullRequestPayload(43));
    const { eventId } = (await res.json()) as { eventId: string };
    await waitFor(async () => discord.in(DEV).length === 2, 'the second message');
    const test = await postJson(app, '/rules/test', { text: rule, eventId });
    const body = (await test.json()) as { matches: boolean; message: string };
    expect(body.matches).toBe(true);
    expect(body.message).toBe(discord.in(DEV)[1]!.content);
    const miss = await postJson(app, '/rules/test', { text: rule.replace('acme/api', 'acme/web'), eventId });
    expect(await miss.json()).toMatchObject({ matches: false, message: null });
    expect(discord.in(DEV)).toHaveLength(2);
  });

  it('posts again when an event is replayed', async () => {
    const { events } = (await (await app.api('/webhooks/events?type=github.pull_request.opened&limit=1')).json()) as {
      events: { id: string }[];
    };
    await app.api(`/webhooks/events/${events[0]!.id}/replay`, { method: 'POST' });
    await waitFor(async () => discord.in(DEV).length === 3, 'the replayed message');
  });
});
