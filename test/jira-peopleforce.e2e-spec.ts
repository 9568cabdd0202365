import { JobQueue } from '../src/platform/queue/job-queue';
import { doneSweepQueue } from '../src/integrations/jira/done-sweep.queue';
import { FakeJira } from './support/fake-jira';
import { FakePeopleforce } from './support/fake-peopleforce';
import { postJiraWebhook, storeTaskEvent, storeTaskEvents } from './support/jira-peopleforce';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface Job {
  id: string;
  type: string;
  state: string;
  attempts: number;
  data: { eventId?: string };
  result: Record<string, unknown> | null;
  lastError: { message?: string } | null;
  startedAt: string | null;
  runAfter: string;
}

const JIRA_EMAIL = 'switchyard@example.com';
const JIRA_TOKEN = 'jira-api-token';
const PF_KEY = 'pf-api-key';

/**
 * PeopleForce tasks to Jira and back: rules with jira.create turn task events into issues (ADF
 * descriptions), a changed task updates its issue, a Jira 404 forgets and recreates it; a Jira
 * webhook for a done issue and the daily search/jql sweep complete the PeopleForce task. Real
 * PostgreSQL and pg-boss, HTTP to loopback fakes of Jira and PeopleForce.
 */
describe('PeopleForce tasks to Jira issues and back', () => {
  let db: TestDatabase;
  let jira: FakeJira;
  let peopleforce: FakePeopleforce;
  let app: TestApp;
  let jiraHook: string;
  let jiraSecret: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    jira = await new FakeJira(JIRA_EMAIL, JIRA_TOKEN, { OPS: ['Task'], HR: ['Task'] }).start();
    peopleforce = await new FakePeopleforce(PF_KEY).start();
    app = await startTestApp({
      databaseUrl: db.url,
      env: {
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL,
        JIRA_API_TOKEN: JIRA_TOKEN,
        JIRA_DONE_SWEEP_JQL: 'labels = PeopleForce AND statusCategory = Done',
        PEOPLEFORCE_BASE_URL: peopleforce.url,
        PEOPLEFORCE_API_KEY: PF_KEY,
        JOB_MAX_ATTEMPTS: '3',
        JOB_RETRY_BASE_SECONDS: '1',
        JOB_RETRY_MAX_SECONDS: '2',
      },
    });
    const source = await postJson(app, '/webhooks/sources', { slug: 'jira', provider: 'jira' });
    expect(source.status).toBe(201);
    jiraSecret = ((await source.json()) as { secret: string }).secret;
    jiraHook = `${app.url}/webhooks/jira`;
    jira.webhook = { url: jiraHook, secret: jiraSecret };
    for (const text of [
      'when peopleforce.task.* where completed == false then jira.create project=OPS type=Task summary="{{ payload.title }}" description="{{ payload.description }}\n\nAssigned to {{ payload.assigned_to.full_name }}" labels=PeopleForce,onboarding',
      'when jira.issue.updated where issue.fields.status.statusCategory.key == "done" then peopleforce.complete',
      'when hr.task.* then jira.create project=HR summary="{{ payload.name }}"',
      'when hr.task.updated where done == true then jira.update transition=Done labels=finished',
    ]) {
      const res = await postJson(app, '/rules', { text });
      expect({ status: res.status, body: await res.text() }).toMatchObject({ status: 201 });
    }
  });
  afterAll(async () => {
    await app?.stop();
    await jira?.stop();
    await peopleforce?.stop();
    await db?.drop();
  });

  async function jobsOf(type: string, eventId?: string): Promise<Job[]> {
    const { jobs } = (await (await app.api(`/jobs?type=${type}&limit=100`)).json()) as { jobs: Job[] };
    return jobs.filter((job) => eventId === undefined || job.data.eventId === eventId);
  }

  /** The job a rule made for the event, once it has finished (succeeded or dead). */
  async function finished(type: string, eventId: string, timeoutMs = 20_000): Promise<Job> {
    return waitFor(
      async () => (await jobsOf(type, eventId)).find((job) => job.state === 'succeeded' || job.state === 'dead'),
      `the ${type} job of event ${eventId}`,
      timeoutMs,
    );
  }

  const linkOf = async (taskId: number, source = 'peopleforce') =>
    (
      await db.query<{ issue_key: string; issue_id: string; completed_at: Date | null }>(
        `SELECT issue_key, issue_id, completed_at FROM jira_links WHERE source = $1 AND resource_type = 'task' AND external_id = $2`,
        [source, String(taskId)],
      )
    )[0];

  it('creates the Jira issue for a new task, description in ADF, and records its key against the task', async () => {
    const task = peopleforce.addTask({ title: 'Order a laptop for Grace', description: 'MacBook Air\n16 GB' });
    const eventId = await storeTaskEvent(db, task, 'created');
    const job = await finished('jira.issue', eventId);
    expect(job).toMatchObject({ state: 'succeeded', result: { outcome: 'created', issueKey: 'OPS-1' } });

    const issue = jira.issue('OPS-1')!;
    expect(issue).toMatchObject({ summary: 'Order a laptop for Grace', labels: ['PeopleForce', 'onboarding'] });
    expect(issue.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'MacBook Air' }, { type: 'hardBreak' }, { type: 'text', text: '16 GB' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Assigned to Ada Lovelace' }] },
      ],
    });
    expect(await linkOf(task.id)).toMatchObject({ issue_key: 'OPS-1', issue_id: issue.id, completed_at: null });
  });

  it('updates the same issue when the task changes, instead of opening another', async () => {
    const task = peopleforce.addTask({ title: 'Book a desk', description: 'Floor 2' });
    const first = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
    const key = first.result!.issueKey as string;
    task.title = 'Book a desk by the window';
    const second = await finished('jira.issue', await storeTaskEvent(db, task, 'updated'));
    expect(second.result).toMatchObject({ outcome: 'updated', issueKey: key });
    expect(jira.issue(key)!.summary).toBe('Book a desk by the window');
    expect([...jira.issues.values()].filter((issue) => issue.summary.startsWith('Book a desk'))).toHaveLength(1);
    expect(jira.requestsTo(new RegExp(`/issue/${jira.issue(key)!.id}$`), 'PUT')).toHaveLength(1);
  });

  it('two events of one task at once still make one issue (the record lock)', async () => {
    const task = peopleforce.addTask({ title: 'Set up payroll' });
    // Routed in one batch, fetched in one batch, run at once; Jira takes its time to create.
    jira.latencyMs = 300;
    const [a, b] = (await storeTaskEvents(db, [task, task], 'updated')) as [string, string];
    const outcomes = [
      (await finished('jira.issue', a)).result!.outcome,
      (await finished('jira.issue', b)).result!.outcome,
    ];
    jira.latencyMs = 0;
    expect(outcomes.sort()).toEqual(['created', 'updated']);
    expect([...jira.issues.values()].filter((issue) => issue.summary === 'Set up payroll')).toHaveLength(1);
  });

  it('forgets an issue Jira no longer has (404) and opens a new one', async () => {
    const task = peopleforce.addTask({ title: 'Issue a badge' });
    const first = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
    jira.delete(first.result!.issueKey as string);
    const second = await finished('jira.issue', await storeTaskEvent(db, task, 'updated'));
    expect(second).toMatchObject({ state: 'succeeded', result: { outcome: 'recreated' } });
    const newKey = second.result!.issueKey as string;
    expect(newKey).not.toBe(first.result!.issueKey);
    expect(jira.issue(newKey)!.summary).toBe('Issue a badge');
    expect((await linkOf(task.id))!.issue_key).toBe(newKey);
  });

  /** The peopleforce.complete job made for the issue's first done webhook, once finished. */
  async function completionOf(issueId: string): Promise<Job> {
    await jira.delivered();
    const [event] = await db.query<{ id: string }>(
      `SELECT id FROM webhook_events WHERE source = 'jira' AND body::jsonb #>> '{issue,id}' = $1
          AND body::jsonb #>> '{issue,fields,status,name}' = 'Done' ORDER BY seq LIMIT 1`,
      [issueId],
    );
    if (!event) throw new Error(`no done webhook stored for issue ${issueId}`);
    return finished('peopleforce.complete', event.id);
  }

  it('completes the PeopleForce task when Jira, moving its issue to done, calls the webhook', async () => {
    const task = peopleforce.addTask({ title: 'Sign the contract' });
    const created = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
    const issue = jira.move(created.result!.issueKey as string, 'Done');
    await jira.delivered();
    expect(jira.deliveries.at(-1)!.status).toBe(202);
    const job = await completionOf(issue.id);
    expect(job.result).toMatchObject({ outcome: 'completed', completed: [String(task.id)], status: 'Done' });
    expect(peopleforce.tasks.get(task.id)!.completed).toBe(true);
    expect(peopleforce.requestsTo(new RegExp(`/tasks/${task.id}/complete$`), 'PUT')).toHaveLength(1);
    expect((await linkOf(task.id))!.completed_at).not.toBeNull();

    // The same news again (someone posts the delivery twice): the task is not completed a second time.
    const again = await postJiraWebhook(jiraHook, jiraSecret, jira.deliveries.at(-1)!.payload);
    expect(again.status).toBe(202);
    const repeat = await finished('peopleforce.complete', ((await again.json()) as { eventId: string }).eventId);
    expect(repeat.result).toMatchObject({ outcome: 'none', completed: [] });
    expect(peopleforce.requestsTo(new RegExp(`/tasks/${task.id}/complete$`), 'PUT')).toHaveLength(1);
  });

  it('refuses a webhook Jira did not sign, and stores nothing of it', async () => {
    const stored = async () => (await db.query(`SELECT id FROM webhook_events WHERE source = 'jira'`)).length;
    const before = await stored();
    const forged = await postJiraWebhook(jiraHook, 'not-the-secret', {
      webhookEvent: 'jira:issue_updated',
      issue: { id: '10000', key: 'OPS-1', fields: { status: { name: 'Done', statusCategory: { key: 'done' } } } },
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({
      message: 'X-Hub-Signature does not match the body for any configured secret',
    });
    expect(await stored()).toBe(before);
  });

  it('does not complete the task when the issue was reopened after the done webhook left', async () => {
    const task = peopleforce.addTask({ title: 'Plan the first week' });
    const created = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
    const key = created.result!.issueKey as string;
    jira.webhook!.lost = true;
    jira.move(key, 'Done');
    jira.move(key, 'In Progress');
    jira.webhook!.lost = false;
    // The done delivery arrives late, after the reopen.
    const res = await postJiraWebhook(jiraHook, jiraSecret, jira.deliveries.at(-2)!.payload);
    const job = await finished('peopleforce.complete', ((await res.json()) as { eventId: string }).eventId);
    expect(job.result).toMatchObject({ outcome: 'not_done', status: 'In Progress' });
    expect(peopleforce.tasks.get(task.id)!.completed).toBe(false);
  });

  it('the daily sweep pages search/jql by nextPageToken and completes what missed webhooks left open', async () => {
    const tasks = [1, 2, 3].map((n) => peopleforce.addTask({ title: `Missed webhook ${n}` }));
    jira.webhook!.lost = true;
    for (const task of tasks) {
      const created = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
      jira.move(created.result!.issueKey as string, 'Done');
    }
    jira.webhook!.lost = false;
    expect(tasks.every((task) => !peopleforce.tasks.get(task.id)!.completed)).toBe(true);
    jira.searchPageLimit = 2;
    const searches = jira.requestsTo(/\/rest\/api\/3\/search\/jql$/).length;
    const { id } = await app.app.get(JobQueue).send(doneSweepQueue, {});
    const sweep = await waitFor(
      async () => (await jobsOf('jira.done-sweep')).find((job) => job.id === id && job.state === 'succeeded'),
      'the sweep',
    );
    jira.searchPageLimit = 100;
    expect(sweep.result).toMatchObject({ completed: expect.arrayContaining(tasks.map((task) => String(task.id))) });
    for (const task of tasks) expect(peopleforce.tasks.get(task.id)!.completed).toBe(true);
    const pages = jira.requestsTo(/\/rest\/api\/3\/search\/jql$/).slice(searches);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.body).toMatchObject({ jql: 'labels = PeopleForce AND statusCategory = Done', fields: ['status'] });
    expect(pages[0]!.body).not.toHaveProperty('nextPageToken');
    expect(pages[1]!.body).toMatchObject({ nextPageToken: expect.any(String) });
    expect(jira.requestsTo(/\/rest\/api\/3\/search$/)).toHaveLength(0);
  });

  it('forgets the link when PeopleForce no longer has the task (404)', async () => {
    const task = peopleforce.addTask({ title: 'Deleted in PeopleForce' });
    const created = await finished('jira.issue', await storeTaskEvent(db, task, 'created'));
    peopleforce.tasks.delete(task.id);
    const issue = jira.move(created.result!.issueKey as string, 'Done');
    const job = await completionOf(issue.id);
    expect(job.result).toMatchObject({ outcome: 'completed', completed: [], forgotten: [String(task.id)] });
    expect(await linkOf(task.id)).toBeUndefined();
  });

  it("honours Jira's Retry-After: a short one within the attempt, a longer one by coming back when Jira said", async () => {
    const quick = peopleforce.addTask({ title: 'Rate limited once' });
    jira.next({ status: 429, headers: { 'retry-after': '2' }, body: { errorMessages: ['Rate limit exceeded.'] } });
    const started = Date.now();
    const first = await finished('jira.issue', await storeTaskEvent(db, quick, 'created'));
    expect(first).toMatchObject({ state: 'succeeded', attempts: 1, result: { outcome: 'created' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);

    const slow = peopleforce.addTask({ title: 'Rate limited for a while' });
    jira.next({ status: 429, headers: { 'retry-after': '8' }, body: { errorMessages: ['Rate limit exceeded.'] } });
    const eventId = await storeTaskEvent(db, slow, 'created');
    const waiting = await waitFor(
      async () => (await jobsOf('jira.issue', eventId)).find((job) => job.state === 'failed'),
      'the rate-limited job to wait',
    );
    expect(waiting.lastError?.message).toMatch(
      /^Could not create an issue in project OPS for peopleforce task \d+: Jira is unavailable: answered 429: Rate limit exceeded\. \(retrying at /,
    );
    expect(Date.parse(waiting.runAfter) - Date.parse(waiting.startedAt!)).toBeGreaterThanOrEqual(7_000);
    const done = await finished('jira.issue', eventId, 25_000);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, result: { outcome: 'created' } });
  }, 60_000);

  it('jira.update moves the linked issue through a transition named by its target status', async () => {
    const created = await finished(
      'jira.issue',
      await storeTaskEvent(db, { id: 300, name: 'Write the handbook' }, 'created', 'hr'),
    );
    const key = created.result!.issueKey as string;
    const eventId = await storeTaskEvent(db, { id: 300, name: 'Write the handbook', done: true }, 'updated', 'hr');
    const jobs = await waitFor(async () => {
      const all = await jobsOf('jira.issue', eventId);
      return all.length === 2 && all.every((job) => job.state === 'succeeded') && all;
    }, "both rules' jobs");
    expect(jobs.map((job) => job.result).find((result) => result!.transitioned)).toMatchObject({
      outcome: 'updated',
      issueKey: key,
      transitioned: 'Done',
    });
    expect(jira.issue(key)).toMatchObject({ status: 'Done', labels: ['finished'], summary: 'Write the handbook' });
  });

  describe('bad input', () => {
    it('refuses rules with bad Jira parameters, saying why', async () => {
      const cases: [string, string][] = [
        ['when a.b then jira.create project=ops summary="x"', 'project must be a Jira project key such as OPS'],
        ['when a.b then jira.create project=OPS', 'jira.create needs summary="<Liquid template>"'],
        ['when a.b then jira.create project=OPS summary="{{ payload.title" ', 'summary is not a valid Liquid template'],
        [
          'when a.b then jira.create project=OPS summary="x" labels="two words"',
          'labels must be Jira labels without spaces',
        ],
        ['when a.b then jira.update', 'jira.update needs at least one of summary, description, labels and transition'],
        ['when a.b then peopleforce.complete task=1', 'peopleforce.complete has no parameter "task"'],
      ];
      for (const [text, reason] of cases) {
        const res = await postJson(app, '/rules', { text });
        const { message } = (await res.json()) as { message: string | string[] };
        expect({ text, status: res.status, reasons: [message].flat().join('\n') }).toMatchObject({
          status: 400,
          reasons: expect.stringContaining(reason),
        });
      }
    });

    it('a task without an id, an unknown project and a non-Jira event end as dead jobs with the reason', async () => {
      const noId = await storeTaskEvent(db, { title: 'No id', completed: false } as never, 'created');
      expect((await finished('jira.issue', noId)).lastError?.message).toBe(
        `Event ${noId} (peopleforce.task.created) has no payload.id to link a Jira issue to; give the rule id="{{ payload.<field> }}"`,
      );

      jira.projects.HR = [];
      delete jira.projects.HR;
      const hr = await storeTaskEvent(db, { id: 77, name: 'Review the handbook' }, 'created', 'hr');
      const refused = await finished('jira.issue', hr);
      expect(refused).toMatchObject({ state: 'dead', attempts: 1 });
      expect(refused.lastError?.message).toBe(
        'Jira refused to create an issue in project HR for hr task 77 (400): project: valid project is required',
      );

      const ruleRes = await postJson(app, '/rules', {
        text: 'when peopleforce.task.* where completed == true then peopleforce.complete',
      });
      expect(ruleRes.status).toBe(201);
      const notJira = await storeTaskEvent(db, { id: 5, title: 'x', completed: true }, 'updated');
      expect((await finished('peopleforce.complete', notJira)).lastError?.message).toBe(
        `Event ${notJira} (peopleforce.task.updated) has no issue.id: peopleforce.complete takes Jira issue events (jira.issue.*)`,
      );
    });
  });
});
