import { textToAdf } from '../src/integrations/jira/adf';
import { JiraClient } from '../src/integrations/jira/jira-client';
import { ServiceRefusedError, ServiceUnavailableError } from '../src/integrations/http/service-errors';
import { PeopleforceClient } from '../src/integrations/peopleforce/peopleforce-client';
import { FakeJira } from './support/fake-jira';
import { FakePeopleforce } from './support/fake-peopleforce';

/** The Jira and PeopleForce clients against loopback fakes that speak the services' wire formats. */
describe('Jira client', () => {
  let jira: FakeJira;
  let client: JiraClient;

  beforeAll(async () => {
    jira = await new FakeJira('bot@example.com', 'jira-token').start();
    client = new JiraClient({ baseUrl: jira.url, email: 'bot@example.com', apiToken: 'jira-token' });
  });
  afterAll(() => jira.stop());

  it('creates an issue with an ADF description, reads, updates and transitions it', async () => {
    const created = await client.createIssue({
      projectKey: 'OPS',
      issueType: 'Task',
      summary: 'Onboard Grace',
      description: textToAdf('Laptop\nBadge'),
      labels: ['PeopleForce'],
    });
    expect(created).toEqual({ id: expect.any(String), key: expect.stringMatching(/^OPS-\d+$/) });
    expect(jira.issue(created.key)).toMatchObject({ summary: 'Onboard Grace', labels: ['PeopleForce'] });
    expect(jira.requests.at(-1)!.headers.authorization).toBe(
      `Basic ${Buffer.from('bot@example.com:jira-token').toString('base64')}`,
    );

    await client.updateIssue(created.key, { summary: 'Onboard Grace Hopper' });
    expect((await client.getIssue(created.id, ['summary', 'status']))?.fields).toEqual({
      summary: 'Onboard Grace Hopper',
      status: { name: 'To Do', statusCategory: { key: 'new', name: 'To Do' } },
    });
    const done = (await client.transitions(created.key)).find((t) => t.to?.statusCategory?.key === 'done')!;
    await client.transition(created.key, done.id);
    expect(jira.issue(created.key)!.status).toBe('Done');
  });

  it("says Jira's reason when it refuses, and tells 404 apart", async () => {
    await expect(
      client.createIssue({ projectKey: 'NOPE', issueType: 'Task', summary: 'x', labels: ['two words'] }),
    ).rejects.toThrow(
      new ServiceRefusedError(
        'Jira',
        400,
        "labels: The label 'two words' contains spaces which is invalid.; project: valid project is required",
      ),
    );
    expect(await client.getIssue('OPS-999', ['status'])).toBeUndefined();
    await expect(client.updateIssue('OPS-999', { summary: 'x' })).rejects.toMatchObject({ status: 404 });
    const stranger = new JiraClient({ baseUrl: jira.url, email: 'bot@example.com', apiToken: 'wrong' });
    await expect(stranger.getIssue('OPS-1', ['status'])).rejects.toThrow(
      'Jira answered 401: Client must be authenticated to access this resource.',
    );
  });

  it('waits out a short Retry-After and hands a long one to the caller', async () => {
    jira.next({ status: 429, headers: { 'retry-after': '1' }, body: { errorMessages: ['Rate limit exceeded'] } });
    const started = Date.now();
    expect(await client.getIssue('OPS-1', ['status'])).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    jira.next({ status: 429, headers: { 'retry-after': '120' }, body: { errorMessages: ['Rate limit exceeded'] } });
    const error = (await client.getIssue('OPS-1', ['status']).catch((e: unknown) => e)) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe('Jira is unavailable: answered 429: Rate limit exceeded');
    expect(error.retryAt!.getTime() - Date.now()).toBeGreaterThan(115_000);
  });

  it('retries 5xx and dropped connections with backoff', async () => {
    jira.next({ status: 503, body: 'busy' }, 'drop');
    expect(await client.getIssue('OPS-1', ['status'])).toBeDefined();
    jira.next({ status: 502 }, { status: 502 }, { status: 502 });
    await expect(client.getIssue('OPS-1', ['status'])).rejects.toThrow('Jira is unavailable: answered 502');
  });

  it('pages search/jql by nextPageToken, with only what it asked for', async () => {
    for (let i = 0; i < 5; i++) {
      const { key } = await client.createIssue({
        projectKey: 'OPS',
        issueType: 'Bug',
        summary: `bug ${i}`,
        labels: ['sweep'],
      });
      if (i % 2 === 0) jira.move(key, 'Done');
    }
    jira.searchPageLimit = 2;
    const pages = [];
    for await (const page of client.search('labels = sweep AND statusCategory = Done', ['status'])) pages.push(page);
    jira.searchPageLimit = 100;
    expect(pages.map((page) => page.issues.map((issue) => issue.fields.status?.statusCategory?.key))).toEqual([
      ['done', 'done'],
      ['done'],
    ]);
    const searches = jira.requestsTo(/\/search\/jql$/);
    expect(searches.at(-1)!.body).toMatchObject({ nextPageToken: expect.any(String) });
    expect(searches.at(-2)!.body).not.toHaveProperty('nextPageToken');
  });

  it('gets the reason for JQL Jira refuses', async () => {
    const pages = client.search('order by created', ['status']);
    await expect(pages.next()).rejects.toThrow(
      'Jira answered 400: Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  });
});

describe('PeopleForce client', () => {
  let peopleforce: FakePeopleforce;
  let client: PeopleforceClient;

  beforeAll(async () => {
    peopleforce = await new FakePeopleforce('pf-key').start();
    client = new PeopleforceClient({ baseUrl: peopleforce.url, apiKey: 'pf-key' });
    for (let i = 1; i <= 60; i++) peopleforce.addTask({ title: `Task ${i}`, completed: i > 55 });
  });
  afterAll(() => peopleforce.stop());

  it('lists open tasks page by page until the last page', async () => {
    const pages = [];
    for await (const page of client.tasks({ completed: false })) pages.push(page);
    expect(pages.map((page) => [page.page, page.pages, page.data.length])).toEqual([
      [1, 3, 25],
      [2, 3, 25],
      [3, 3, 5],
    ]);
    expect(peopleforce.requestsTo(/\/tasks$/).map((r) => r.query.toString())).toEqual([
      'page=1&completed=false',
      'page=2&completed=false',
      'page=3&completed=false',
    ]);
  });

  it('completes a task, and says false for one PeopleForce does not have', async () => {
    const task = [...peopleforce.tasks.values()][0]!;
    expect(await client.completeTask(String(task.id))).toBe(true);
    expect(peopleforce.tasks.get(task.id)!.completed).toBe(true);
    expect(await client.completeTask('99999')).toBe(false);
  });

  it('honours Retry-After and names the reason of a refusal', async () => {
    peopleforce.next({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } });
    const started = Date.now();
    const first = await client.tasks().next();
    expect(first.value).toMatchObject({ page: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const stranger = new PeopleforceClient({ baseUrl: peopleforce.url, apiKey: 'nope' });
    await expect(stranger.completeTask('501')).rejects.toThrow('PeopleForce answered 401: Unauthorized');
  });

  it('refuses an answer that is not a page', async () => {
    peopleforce.next({ status: 200, body: { data: [] } });
    await expect(client.tasks().next()).rejects.toThrow(
      'PeopleForce answered a list without data and metadata.pagination',
    );
  });
});
