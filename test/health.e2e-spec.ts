import { RestartablePostgres } from './support/restartable-postgres';
import { githubHeaders, postGithub, pullRequestPayload } from './support/github';
import { captureLogs } from './support/log-capture';
import { startTestApp, TestApp, TEST_API_SECRET, TEST_GITHUB_SECRET, waitFor } from './support/switchyard';
import { createTestDatabase } from './support/test-database';

describe('health and readiness', () => {
  it('reports each readiness check, and is not ready without a worker', async () => {
    const db = await createTestDatabase();
    const api = await startTestApp({ databaseUrl: db.url, roles: ['api'] });
    try {
      expect(await (await fetch(`${api.url}/health`)).json()).toEqual({ status: 'ok' });
      const notReady = await fetch(`${api.url}/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not ready',
        checks: {
          database: { ok: true, detail: 'reachable' },
          queue: { ok: true, detail: 'started' },
          worker: { ok: false, detail: 'no worker has registered' },
        },
      });
      const worker = await startTestApp({ databaseUrl: db.url, roles: ['worker'] });
      try {
        expect(worker.url).not.toBe(api.url);
        const ready = await fetch(`${api.url}/ready`);
        expect(ready.status).toBe(200);
        expect(await fetch(`${worker.url}/health`).then((r) => r.status)).toBe(200);
        // The worker's small port serves health only.
        expect(await fetch(`${worker.url}/jobs`).then((r) => r.status)).toBe(404);
      } finally {
        await worker.stop();
      }
    } finally {
      await api.stop();
      await db.drop();
    }
  });
});

describe('when PostgreSQL goes away', () => {
  const postgres = new RestartablePostgres();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ databaseUrl: await postgres.start() });
  });

  afterAll(async () => {
    await app?.stop();
    await postgres.remove();
  });

  it('answers 503 on /ready and ingest, keeps running, and recovers when it returns', async () => {
    await waitFor(async () => (await fetch(`${app.url}/ready`)).status === 200, 'ready');
    await postgres.stop();

    const ready = await fetch(`${app.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok).toBe(false);
    const ingest = await postGithub(app.url, pullRequestPayload(1));
    expect(ingest.status).toBe(503);
    expect(await ingest.json()).toMatchObject({ message: expect.stringMatching(/retry later$/) });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);

    await postgres.start();
    await waitFor(async () => (await fetch(`${app.url}/ready`)).status === 200, 'ready again', 30_000);
    const accepted = await postGithub(app.url, pullRequestPayload(2));
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    await waitFor(
      async () => ((await (await app.api(`/jobs/${jobId}`)).json()) as { state: string }).state === 'succeeded',
      'the job to run after recovery',
    );
  }, 90_000);
});

describe('logs', () => {
  it('are JSON with the request id on every line of a request, and carry no secrets', async () => {
    const db = await createTestDatabase();
    const logs = captureLogs();
    const app = await startTestApp({ databaseUrl: db.url, logger: logs.logger });
    try {
      const body = JSON.stringify(pullRequestPayload(5));
      const headers = { ...githubHeaders(body), 'x-request-id': 'req-4711' };
      expect((await fetch(`${app.url}/webhooks/github`, { method: 'POST', headers, body })).status).toBe(202);
      await app.api('/jobs?limit=1', { headers: { 'x-request-id': 'req-4712' } });

      const lines = logs.lines().filter((l) => (l.req as { id?: string } | undefined)?.id === 'req-4711');
      expect(lines.map((l) => l.msg)).toEqual(['acme/api: pull request opened #5 by octocat', 'request completed']);
      expect(logs.lines().some((l) => (l.req as { id?: string } | undefined)?.id === 'req-4712')).toBe(true);
      const text = logs.text();
      expect(text).not.toContain(headers['x-hub-signature-256'].slice(7));
      expect(text).not.toContain(TEST_API_SECRET);
      expect(text).not.toContain(TEST_GITHUB_SECRET);
    } finally {
      await app.stop();
      await db.drop();
    }
  });
});
