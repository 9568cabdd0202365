import { FakeDiscord } from './support/fake-discord';
import { FakeGithubGraphql } from './support/fake-github-graphql';
import { postGithub } from './support/github';
import {
  BOARD_NODES,
  DRAFT_ID,
  DUE_FIELD_ID,
  LABELS_FIELD_ID,
  OTHER_PROJECT_ID,
  PROJECT_ID,
  projectItemPayload,
  statusChange,
} from './support/github-projects';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const BOARD = '223456789012345678';
const OTHER_BOARD = '323456789012345678';
const GITHUB_TOKEN = 'ghp_testtoken0123456789';

const octocat = '[octocat](<https://github.com/octocat>)';
const issue = '[\\#12 Book the keynote venue](<https://github.com/acme/events/issues/12>)';
const project = 'project [Conference 2025](<https://github.com/orgs/acme/projects/7>)';
const unavailable = '(details could not be fetched from GitHub)';

interface StoredEvent {
  routingStatus: string;
  enrichment: { status: string; reason: string | null } | null;
  extra: { project: { id: string; title?: string }; item: { title?: string } } | null;
}

/** GitHub Projects (v2) item webhooks: enriched through GraphQL, routed by project, posted as one sentence. */
describe('GitHub Projects items, enriched before routing', () => {
  let db: TestDatabase;
  let discord: FakeDiscord;
  let github: FakeGithubGraphql;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    discord = await new FakeDiscord('token').start();
    github = await new FakeGithubGraphql(GITHUB_TOKEN).start();
    for (const [id, node] of Object.entries(BOARD_NODES)) github.addNode(id, node);
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        DISCORD_BOT_TOKEN: 'token',
        DISCORD_API_URL: discord.apiUrl,
        GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        // Three attempts, one and two seconds apart: outages in these tests last seconds.
        JOB_MAX_ATTEMPTS: '3',
        JOB_RETRY_BASE_SECONDS: '1',
        JOB_RETRY_MAX_SECONDS: '2',
      },
    });
    for (const [projectId, channel] of [
      [PROJECT_ID, BOARD],
      [OTHER_PROJECT_ID, OTHER_BOARD],
    ]) {
      const text = `when github.projects_v2_item.* where extra.project.id == "${projectId}" then discord.post channel=${channel}`;
      expect((await postJson(app, '/rules', { text })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.stop();
    await github?.stop();
    await discord?.stop();
    await db?.drop();
  });

  /** Posts the webhook and waits for its message on the board channel; returns both. */
  async function deliver(
    payload: Record<string, unknown>,
  ): Promise<{ eventId: string; jobId: string; message: string }> {
    const before = discord.in(BOARD).length;
    const res = await postGithub(app.url, payload, 'projects_v2_item');
    expect(res.status).toBe(202);
    const { eventId, jobId } = (await res.json()) as { eventId: string; jobId: string };
    await waitFor(async () => discord.in(BOARD).length > before, 'the board message');
    expect(discord.in(BOARD)).toHaveLength(before + 1);
    return { eventId, jobId, message: discord.in(BOARD).at(-1)!.content! };
  }

  const job = async (id: string) =>
    (await (await app.api(`/jobs/${id}`)).json()) as { type: string; state: string; attempts: number; result: any };

  const stored = async (eventId: string) =>
    (await (await app.api(`/webhooks/events/${eventId}`)).json()) as StoredEvent;

  it('posts a status change with linked item and project, routed by the enriched project id', async () => {
    const requests = github.requests.length;
    const { eventId, message } = await deliver(
      projectItemPayload({ action: 'edited', changes: statusChange('Todo', 'In progress') }),
    );
    expect(message).toBe(`📋 ${octocat} changed **Status** from Todo to In progress on ${issue} in ${project}`);
    expect(github.requests.slice(requests)).toHaveLength(1);
    expect(github.requests.at(-1)!.authorization).toBe(`bearer ${GITHUB_TOKEN}`);
    const event = await stored(eventId);
    expect(event).toMatchObject({
      routingStatus: 'routed',
      enrichment: { status: 'enriched', reason: null },
      extra: { project: { id: PROJECT_ID, title: 'Conference 2025' }, item: { title: 'Book the keynote venue' } },
    });
    expect(discord.in(OTHER_BOARD)).toHaveLength(0);
  });

  it('shows date fields as YYYY-MM-DD', async () => {
    const { message } = await deliver(
      projectItemPayload({
        action: 'edited',
        changes: {
          field_value: {
            field_node_id: DUE_FIELD_ID,
            field_type: 'date',
            field_name: 'Due date',
            project_number: 7,
            from: '2025-03-01T00:00:00+00:00',
            to: '2025-03-14T00:00:00+00:00',
          },
        },
      }),
    );
    expect(message).toBe(`📋 ${octocat} changed **Due date** from 2025-03-01 to 2025-03-14 on ${issue} in ${project}`);
  });

  it('names a draft issue by its plain title', async () => {
    const { message } = await deliver(
      projectItemPayload({ action: 'created', contentType: 'DraftIssue', contentId: DRAFT_ID }),
    );
    expect(message).toBe(`📋 ${octocat} added draft Order lanyards to ${project}`);
  });

  it('fetches the field name an older payload leaves out, and says which field changed for a type without values', async () => {
    const { message } = await deliver(
      projectItemPayload({
        action: 'edited',
        changes: { field_value: { field_node_id: LABELS_FIELD_ID, field_type: 'labels' } },
      }),
    );
    expect(message).toBe(`📋 ${octocat} changed **Labels** on ${issue} in ${project}`);
  });

  it('retries while GitHub fails (500, dropped connection) and posts the full message once it answers', async () => {
    const requests = github.requests.length;
    github.next({ status: 502, body: { message: 'Server Error' } }, 'drop');
    const { eventId, jobId, message } = await deliver(
      projectItemPayload({ action: 'edited', changes: statusChange('In progress', 'Done') }),
    );
    expect(message).toBe(`📋 ${octocat} changed **Status** from In progress to Done on ${issue} in ${project}`);
    expect(github.requests.length - requests).toBe(3);
    expect((await stored(eventId)).enrichment).toEqual({ status: 'enriched', reason: null });
    // The trail in the jobs API: the first routing job handed over to an enrich job, which took three attempts.
    const route = await job(jobId);
    expect(route.result).toMatchObject({ eventId, deferredTo: 'webhook.enrich' });
    expect(await job(route.result.enrichJobId)).toMatchObject({
      type: 'webhook.enrich',
      state: 'succeeded',
      attempts: 3,
      result: { eventId, status: 'enriched' },
    });
  });

  it('routes with what is known when GitHub answers 404, saying the details could not be fetched', async () => {
    const requests = github.requests.length;
    github.next({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } });
    const { eventId, message } = await deliver(
      projectItemPayload({ action: 'edited', changes: statusChange('Done', 'Todo') }),
    );
    expect(message).toBe(`📋 ${octocat} changed **Status** from Done to Todo on an issue in a project ${unavailable}`);
    expect(github.requests.length - requests).toBe(1);
    expect(await stored(eventId)).toMatchObject({
      routingStatus: 'routed',
      enrichment: { status: 'failed', reason: 'GitHub answered 404: Not Found' },
      extra: { project: { id: PROJECT_ID } },
    });
  });

  it('keeps what GitHub did resolve when one node is gone (a deleted draft)', async () => {
    const { eventId, message } = await deliver(
      projectItemPayload({ action: 'deleted', contentType: 'DraftIssue', contentId: 'DI_lADOAWcTxs4AjT9xzgGONE' }),
    );
    expect(message).toBe(`📋 ${octocat} removed a draft issue from ${project} ${unavailable}`);
    expect((await stored(eventId)).enrichment?.reason).toMatch(
      /^GitHub could not resolve the item’s content \(NOT_FOUND\): Could not resolve to a node/,
    );
  });

  it('gives up after the last attempt of an outage and routes what is known', async () => {
    github.next(...Array.from({ length: 3 }, () => ({ status: 503, body: { message: 'Service Unavailable' } })));
    const { eventId, message } = await deliver(projectItemPayload({ action: 'archived' }));
    expect(message).toBe(`📋 ${octocat} archived an issue in a project ${unavailable}`);
    expect((await stored(eventId)).enrichment).toEqual({
      status: 'failed',
      reason: 'GitHub answered 503: Service Unavailable (gave up after 3 attempts)',
    });
  });

  it('replays from the stored enrichment without asking GitHub again', async () => {
    const { eventId, message } = await deliver(
      projectItemPayload({ action: 'edited', changes: statusChange(null, 'Blocked') }),
    );
    expect(message).toBe(`📋 ${octocat} set **Status** to Blocked on ${issue} in ${project}`);
    const requests = github.requests.length;
    const before = discord.in(BOARD).length;
    expect((await app.api(`/webhooks/events/${eventId}/replay`, { method: 'POST' })).status).toBe(202);
    await waitFor(async () => discord.in(BOARD).length > before, 'the replayed message');
    expect(discord.in(BOARD).at(-1)!.content).toBe(message);
    // A rule test reads the stored enrichment as well.
    const test = await postJson(app, '/rules/test', {
      eventId,
      text: `when github.projects_v2_item.edited where extra.item.title == "Book the keynote venue" then discord.post channel=${BOARD}`,
    });
    expect(await test.json()).toMatchObject({ matches: true, message });
    expect(github.requests.length).toBe(requests);
  });
});
