import { postGithub, pullRequestPayload } from './support/github';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface EventRow {
  id: string;
  routing_status: string;
  router_result: { matchedRules?: string[]; jobs?: string[]; handedOver?: string } | null;
}

/** Two attempts, the second a second after the first. */
const FAST_RETRIES = { JOB_RETRY_BASE_SECONDS: '1', JOB_MAX_ATTEMPTS: '2' };

const issuePayload = (n: number) => ({
  action: 'opened',
  issue: {
    number: n,
    title: `Issue ${n}`,
    html_url: `https://github.com/acme/api/issues/${n}`,
    user: { login: 'hubot' },
  },
  repository: { full_name: 'acme/api', html_url: 'https://github.com/acme/api' },
  sender: { login: 'hubot' },
});

describe('the batch router (events stored by one process, routed by a worker in another)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: FAST_RETRIES });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  const event = async (id: string) =>
    (await db.query<EventRow>('SELECT id, routing_status, router_result FROM webhook_events WHERE id = $1', [id]))[0]!;
  const accept = async (res: Response) => ((await res.json()) as { eventId: string; jobId: string }).eventId;

  it('keeps events pending without a worker, then routes them in arrival order when one starts', async () => {
    expect(
      (await postJson(api, '/rules', { text: 'when github.pull_request.opened then job name=crm.sync kind=pr' }))
        .status,
    ).toBe(201);
    const ids: string[] = [];
    for (let n = 1; n <= 30; n++) ids.push(await accept(await postGithub(api.url, pullRequestPayload(n))));
    expect((await event(ids[0]!)).routing_status).toBe('pending');

    worker = await startTestApp({ databaseUrl: db.url, roles: ['worker'], env: FAST_RETRIES });
    await waitFor(async () => (await event(ids[29]!)).routing_status === 'routed', 'the router to route all 30');

    // One job per event, and on the queue they sort (created_on, id) in the events' arrival order.
    const jobs = await db.query<{ event_id: string }>(
      `SELECT data->'event'->>'id' AS event_id FROM pgboss.job WHERE name = 'crm.sync' ORDER BY created_on, id`,
    );
    expect(jobs.map((j) => j.event_id)).toEqual(ids);
    const routed = await event(ids[0]!);
    expect(routed.router_result?.matchedRules).toHaveLength(1);
    expect(routed.router_result?.jobs).toHaveLength(1);
  });

  it('wakes at once for a new event (NOTIFY from the api process) and shows the routing at /jobs/<jobId>', async () => {
    const res = await postGithub(api.url, pullRequestPayload(100));
    const { eventId, jobId } = (await res.json()) as { eventId: string; jobId: string };
    expect(jobId).toBe(eventId);
    const started = Date.now();
    await waitFor(async () => (await event(eventId)).routing_status === 'routed', 'the router to route it');
    // Well under the 1 s poll: the notification woke the router.
    expect(Date.now() - started).toBeLessThan(900);

    const job = (await (await api.api(`/jobs/${jobId}`)).json()) as Record<string, unknown>;
    expect(job).toMatchObject({ id: jobId, type: 'webhook.route', state: 'succeeded', data: { eventId } });
    expect((job.result as { jobs: string[] }).jobs).toHaveLength(1);
    const retry = await api.api(`/jobs/${jobId}/retry`, { method: 'POST' });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { message: string }).message).toMatch(/replay the event/);
  });

  it('hands an event it cannot route to a webhook.route job, routes the others, and the job retries it', async () => {
    expect(
      (await postJson(api, '/rules', { text: 'when github.issues.* then job name=crm.sync poison=yes' })).status,
    ).toBe(201);
    // Postgres refuses this rule's jobs until the constraint goes: an outage of one action.
    await db.query(`ALTER TABLE pgboss.job ADD CONSTRAINT refuse_poison CHECK (data->'params'->>'poison' IS NULL)`);
    const poisoned = await accept(await postGithub(api.url, issuePayload(1), 'issues'));
    const fine = await accept(await postGithub(api.url, pullRequestPayload(101)));

    await waitFor(async () => (await event(fine)).routing_status === 'routed', 'the healthy event to be routed');
    const handed = await waitFor(async () => {
      const row = await event(poisoned);
      return row.routing_status === 'queued' ? row : undefined;
    }, 'the poisoned event to be handed over');
    expect(handed.router_result?.handedOver).toMatch(/refuse_poison/);
    await waitFor(
      async () =>
        (await db.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE id = $1`, [poisoned]))[0]?.state ===
        'retry',
      'the routing job to fail its first attempt',
    );

    await db.query('ALTER TABLE pgboss.job DROP CONSTRAINT refuse_poison');
    await waitFor(async () => (await event(poisoned)).routing_status === 'routed', 'the retry to route it', 30_000);
    const job = (await (await api.api(`/jobs/${poisoned}`)).json()) as { state: string; attempts: number };
    expect(job).toMatchObject({ state: 'succeeded', attempts: 2 });
  }, 45_000);

  it('marks the event failed when its routing job gives up, and a replay routes it again', async () => {
    await db.query(
      `ALTER TABLE pgboss.job ADD CONSTRAINT refuse_poison CHECK (data->'params'->>'poison' IS NULL) NOT VALID`,
    );
    const poisoned = await accept(await postGithub(api.url, issuePayload(2), 'issues'));
    await waitFor(async () => (await event(poisoned)).routing_status === 'failed', 'the event to be failed', 30_000);
    // The event is marked by the last attempt itself; pg-boss records the job dead just after.
    const job = await waitFor(async () => {
      const body = (await (await api.api(`/jobs/${poisoned}`)).json()) as {
        state: string;
        lastError: { message: string };
      };
      return body.state === 'dead' ? body : undefined;
    }, 'the routing job to be dead');
    expect(job.lastError.message).toMatch(/refuse_poison/);

    await db.query('ALTER TABLE pgboss.job DROP CONSTRAINT refuse_poison');
    expect((await api.api(`/webhooks/events/${poisoned}/replay`, { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await event(poisoned)).routing_status === 'routed', 'the replay to route it');
  }, 45_000);
});
