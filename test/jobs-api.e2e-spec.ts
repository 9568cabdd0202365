import { randomUUID } from 'node:crypto';
import { JobQueue } from '../src/platform/queue/job-queue';
import { QueueClient } from '../src/platform/queue/queue-client';
import { webhookRouteQueue } from '../src/routing/webhook-route.queue';
import { startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

interface JobBody {
  id: string;
  state: string;
  attempts: number;
  lastError: { message: string } | null;
  runAfter: string;
}

describe('jobs API', () => {
  let db: TestDatabase;
  let app: TestApp;
  let queue: JobQueue;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    queue = app.app.get(JobQueue);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const job = async (id: string) => (await (await app.api(`/jobs/${id}`)).json()) as JobBody;
  const until = (id: string, state: string) =>
    waitFor(async () => {
      const body = await job(id);
      return body.state === state ? body : undefined;
    }, `job ${id} to be ${state}`);

  it('shows a job that cannot succeed as dead with its reason, and runs it again on retry', async () => {
    // A routing job for an event that does not exist fails permanently.
    const missing = randomUUID();
    const { id } = await queue.send(webhookRouteQueue, { eventId: missing });
    const dead = await until(id, 'dead');
    expect(dead).toMatchObject({
      attempts: 1,
      lastError: { message: `Webhook event ${missing} does not exist (pruned?)` },
    });

    const retried = await app.api(`/jobs/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    // attempts is 2 as soon as the second attempt starts; wait for it to end as well.
    await waitFor(async () => {
      const body = await job(id);
      return body.attempts === 2 && body.state !== 'running' ? body : undefined;
    }, 'the second attempt');
    expect((await job(id)).state).toBe('dead');
  });

  it('cancels a queued job once', async () => {
    const { id } = await queue.send(
      webhookRouteQueue,
      { eventId: randomUUID() },
      { startAfter: new Date(Date.now() + 3_600_000) },
    );
    expect((await job(id)).state).toBe('queued');
    const canceled = await app.api(`/jobs/${id}/cancel`, { method: 'POST' });
    expect(canceled.status).toBe(200);
    expect(((await canceled.json()) as JobBody).state).toBe('canceled');

    const again = await app.api(`/jobs/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      message: 'Only queued, failed or running jobs can be canceled; this job is canceled',
    });

    // Retrying a canceled job queues it again (as it was: still due in an hour).
    const retried = await app.api(`/jobs/${id}/retry`, { method: 'POST' });
    expect(((await retried.json()) as JobBody).state).toBe('queued');
    const redrive = await app.api(`/jobs/${id}/redrive`, { method: 'POST' });
    expect(redrive.status).toBe(409);
    expect(await redrive.json()).toMatchObject({ message: 'Only dead jobs can be redriven; this job is queued' });
    expect((await app.api(`/jobs/${id}/cancel`, { method: 'POST' })).status).toBe(200);
  });

  it('lists jobs by state and type, newest first, in pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await queue.send(
            webhookRouteQueue,
            { eventId: randomUUID() },
            { startAfter: new Date(Date.now() + 3_600_000) },
          )
        ).id,
      );
    }
    const first = (await (await app.api('/jobs?state=queued&type=webhook.route&limit=3')).json()) as {
      jobs: JobBody[];
      next: string;
    };
    expect(first.jobs.map((j) => j.id)).toEqual(ids.slice(2).reverse());
    const second = (await (await app.api(`/jobs?state=queued&limit=3&cursor=${first.next}`)).json()) as {
      jobs: JobBody[];
      next: string | null;
    };
    expect(second.jobs.map((j) => j.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.next).toBeNull();
  });

  it('pages through jobs made in one statement (one created_on, to the microsecond) without skipping any', async () => {
    const type = 'crm.paging';
    const made: string[] = Array.from({ length: 25 }, () => randomUUID());
    made.push((await queue.sendExternal(type, {})).id); // creates the queue
    await app.app.get(QueueClient).boss.insert(
      type,
      made.slice(0, 25).map((id) => ({ id, data: {} })),
    );
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await (
        await app.api(`/jobs?type=${type}&limit=10${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()) as { jobs: JobBody[]; next: string | null };
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.next;
    }
    expect(seen.sort()).toEqual([...made].sort());
  });

  it.each([
    ['/jobs?state=stuck', 'state must be one of: queued, running, succeeded, failed, dead, canceled'],
    ['/jobs?limit=1000', 'limit must not be greater than 200'],
    ['/jobs?cursor=nonsense', 'cursor is not a value returned as "next" by this endpoint'],
    ['/jobs/not-a-uuid', 'Validation failed (uuid is expected)'],
    ['/jobs?type=pgboss.internal', 'Unknown job type "pgboss.internal"; known types: '],
  ])('answers 400 with the reason for %s', async (path, message) => {
    const res = await app.api(path);
    expect(res.status).toBe(400);
    const { message: reason } = (await res.json()) as { message: string | string[] };
    expect([reason].flat().some((r) => r.startsWith(message))).toBe(true);
  });

  it('answers 404 for an unknown job and 409 for retrying a job that is not dead', async () => {
    expect((await app.api(`/jobs/${randomUUID()}`)).status).toBe(404);
    const { id } = await queue.send(
      webhookRouteQueue,
      { eventId: randomUUID() },
      { startAfter: new Date(Date.now() + 3_600_000) },
    );
    expect((await app.api(`/jobs/${id}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('refuses callers without the API secret', async () => {
    expect((await fetch(`${app.url}/jobs`)).status).toBe(401);
    expect(
      (await fetch(`${app.url}/jobs`, { headers: { authorization: 'Bearer wrong-secret-wrong-secret' } })).status,
    ).toBe(401);
  });
});

describe('jobs API without API_SHARED_SECRET', () => {
  it('refuses anything but an API token, saying so (admins still sign in)', async () => {
    const db = await createTestDatabase();
    const app = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { API_SHARED_SECRET: '' } });
    try {
      const res = await fetch(`${app.url}/jobs`, { headers: { authorization: 'Bearer anything-at-all-0123' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        message: 'Invalid API token (API_SHARED_SECRET is not set: use an API token made on the dashboard, sy_…)',
      });
      const anonymous = await fetch(`${app.url}/jobs`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({
        message: 'Sign in (GET /auth/login) or send "Authorization: Bearer <API token>"',
      });
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});
