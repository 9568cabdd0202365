import { FakeJira } from './support/fake-jira';
import { FakePeopleforce } from './support/fake-peopleforce';
import { postJson, TestApp, useTestApp, waitFor } from './support/switchyard';
import { pressSyncNow } from './support/sync-now';

interface RunRow {
  status: string;
  seen: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  pages: number;
  error: string | null;
}

interface Job {
  state: string;
  data: { eventId?: string };
  result: Record<string, unknown> | null;
}

const PF_KEY = 'pf-sync-key';
const SLUG = 'people-tasks';

/**
 * The PeopleForce tasks connector on the sync engine: tasks polled page by page into
 * `<source>.task.*` events, routed by an ordinary rule to Jira; a changed task updates its issue,
 * and the issue done in Jira completes the task, which the next poll sees as an update.
 */
describe('PeopleForce tasks polled into events, on to Jira and back', () => {
  const jira = new FakeJira('sync@example.com', 'jira-token');
  const peopleforce = new FakePeopleforce(PF_KEY);
  // Before the app starts: its environment names the fakes' addresses.
  beforeAll(async () => {
    await jira.start();
    await peopleforce.start();
  });
  const ctx = useTestApp({
    env: {
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      JOB_RETRY_BASE_SECONDS: '1',
      JOB_RETRY_MAX_SECONDS: '2',
      get JIRA_BASE_URL() {
        return jira.url;
      },
      JIRA_EMAIL: 'sync@example.com',
      JIRA_API_TOKEN: 'jira-token',
      PEOPLEFORCE_API_KEY: PF_KEY,
      get PEOPLEFORCE_BASE_URL() {
        return peopleforce.url;
      },
      PEOPLEFORCE_SOURCE: SLUG,
    },
  });
  const app = (): TestApp => ctx.app;

  beforeAll(async () => {
    peopleforce.perPage = 2;
    for (let n = 1; n <= 5; n++) peopleforce.addTask({ title: `Onboarding step ${n}` });
    const source = await postJson(app(), '/webhooks/sources', { slug: 'jira', provider: 'jira' });
    const { secret } = (await source.json()) as { secret: string };
    jira.webhook = { url: `${app().url}/webhooks/jira`, secret };
    const rule = await postJson(app(), '/rules', {
      text: `when ${SLUG}.task.* where completed == false then jira.create project=OPS summary="{{ payload.title }}" labels=PeopleForce`,
    });
    expect(rule.status).toBe(201);
    const done = await postJson(app(), '/rules', {
      text: 'when jira.issue.updated where issue.fields.status.statusCategory.key == "done" then peopleforce.complete',
    });
    expect(done.status).toBe(201);
  });
  afterAll(async () => {
    await jira.stop();
    await peopleforce.stop();
  });

  const runs = () => ctx.db.query<RunRow>(`SELECT * FROM sync_runs WHERE source = $1 ORDER BY started_at`, [SLUG]);
  const syncNow = async (): Promise<RunRow> => {
    const before = (await runs()).length;
    await pressSyncNow(app(), SLUG);
    return waitFor(async () => (await runs()).slice(before).find((run) => run.status !== 'running'), 'a run');
  };
  const jiraJobs = async () =>
    ((await (await app().api('/jobs?type=jira.issue&limit=100')).json()) as { jobs: Job[] }).jobs;

  it('adds a PeopleForce source, its API key sealed', async () => {
    const res = await postJson(app(), '/sync/sources', {
      slug: SLUG,
      connector: 'peopleforce-tasks',
      settings: { baseUrl: peopleforce.url },
      secret: PF_KEY,
      intervalSeconds: 3600,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ connector: 'peopleforce-tasks', resource: 'task', hasSecret: true });
    const refused = await postJson(app(), '/sync/sources', {
      slug: 'pf-bad',
      connector: 'peopleforce-tasks',
      settings: { baseUrl: 'ftp://nope', per_page: 5 },
      secret: PF_KEY,
      intervalSeconds: 3600,
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('baseUrl must be an http(s) URL');
  });

  it('polls every page into task events, which the rule turns into Jira issues', async () => {
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 5, created: 5, pages: 3, error: null });
    expect(peopleforce.requestsTo(/\/tasks$/).map((r) => r.headers['x-api-key'])).toEqual([PF_KEY, PF_KEY, PF_KEY]);
    await waitFor(
      async () => (await jiraJobs()).filter((job) => job.state === 'succeeded').length === 5,
      'five issues',
    );
    expect([...jira.issues.values()].map((issue) => issue.summary).sort()).toEqual(
      [1, 2, 3, 4, 5].map((n) => `Onboarding step ${n}`),
    );
  });

  it('a task changed in PeopleForce updates its issue on the next poll; an unchanged one writes nothing', async () => {
    const task = peopleforce.tasks.get(502)!;
    task.title = 'Onboarding step 2: laptop';
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', seen: 5, created: 0, updated: 1, unchanged: 4 });
    await waitFor(
      async () => [...jira.issues.values()].some((i) => i.summary === 'Onboarding step 2: laptop'),
      'the update',
    );
    expect(jira.issues.size).toBe(5);
  });

  it('the issue done in Jira completes the task; the next poll sees the task completed and opens nothing', async () => {
    const issue = [...jira.issues.values()].find((i) => i.summary === 'Onboarding step 3')!;
    jira.move(issue.key, 'Done');
    await jira.delivered();
    expect(jira.deliveries.at(-1)!.status).toBe(202);
    await waitFor(async () => peopleforce.tasks.get(503)!.completed, 'the task completed');
    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', updated: 1, created: 0, deleted: 0 });
    expect(jira.issues.size).toBe(5);
  });

  it('a PeopleForce answer that is not a page fails the run with the reason and applies nothing', async () => {
    const stored = async () => (await ctx.db.query(`SELECT id FROM webhook_events WHERE source = $1`, [SLUG])).length;
    const before = await stored();
    peopleforce.tasks.get(501)!.title = 'Changed, but the answer is garbage';
    peopleforce.next({ status: 200, body: { data: [] } });
    const run = await syncNow();
    expect(run.status).toBe('failed');
    expect(run.error).toContain('PeopleForce answered a list without data and metadata.pagination');
    expect(await stored()).toBe(before);
  });
});
