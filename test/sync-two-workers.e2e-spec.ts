import { Child, runSwitchyard } from './support/child-process';
import { FakeJsonApi } from './support/fake-json-api';
import { postJson, startTestApp, TestApp, waitFor } from './support/switchyard';
import { createTestDatabase, TestDatabase } from './support/test-database';

const SOURCES = ['alpha', 'bravo', 'charlie', 'delta'];

interface RunSpan {
  source: string;
  started_at: Date;
  finished_at: Date;
  status: string;
}

/**
 * Two worker processes (`node dist/main.js worker`, as operators run them; `npm test` builds
 * first) and four sources polled every 5 seconds by a slow API, while "sync now" is pressed again
 * and again: each source has at most one run at a time across both processes, and both work.
 */
describe('sync runs across two worker processes', () => {
  let db: TestDatabase;
  let api: TestApp;
  const fake = new FakeJsonApi();
  const workers: Child[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await fake.start();
    fake.perPage = 4;
    fake.delayMs = 150;
    for (let id = 1; id <= 10; id++) fake.set({ id, title: `Item ${id}` });
    // The api in-process (it also migrates); the workers as real processes on the same database.
    api = await startTestApp({ databaseUrl: db.url, roles: ['api'], env: { SYNC_HTTP_ALLOW_PRIVATE: 'true' } });
    const env = {
      DATABASE_URL: db.url,
      ROLES: undefined,
      RUNTIME_ENV: 'test',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      SECRETS_KEY: 'test-secrets-key-0123456789-abcdefghij',
      SYNC_HTTP_ALLOW_PRIVATE: 'true',
      SCHEDULE_CHECK_INTERVAL_SECONDS: '1',
    };
    workers.push(runSwitchyard(['worker'], env), runSwitchyard(['worker'], env));
    await Promise.all(workers.map((w) => w.waitForOutput(/Switchyard ready: roles worker/, 60_000)));
  });
  afterAll(async () => {
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await api?.stop();
    await fake.stop();
    await db?.drop();
  });

  it('never runs a source twice at once, whoever asks and however often', async () => {
    for (const slug of SOURCES) {
      const res = await postJson(api, '/sync/sources', {
        slug,
        connector: 'json',
        settings: {
          url: `${fake.url}/pages?src=${slug}`,
          resource: 'item',
          itemsPath: 'data',
          authHeader: 'Authorization',
          paging: { type: 'page', sizeParam: 'per_page', size: 4, pagesPath: 'meta.pagination.pages' },
        },
        secret: `Bearer ${fake.token}`,
        intervalSeconds: 5,
      });
      expect(res.status).toBe(201);
    }
    // "Sync now", pressed by many hands at once, for 12 seconds, beside the schedules and chained runs.
    const until = Date.now() + 12_000;
    while (Date.now() < until) {
      const answers = await Promise.all(
        SOURCES.flatMap((slug) => [1, 2, 3].map(() => api.api(`/sync/sources/${slug}/run`, { method: 'POST' }))),
      );
      expect(answers.map((a) => a.status).every((s) => s === 202 || s === 409)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM sync_runs WHERE status = 'running'`)).length === 0 &&
        (await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'sync.run' AND state = 'active'`)).length === 0,
      'the last runs to end',
      20_000,
    ).catch(() => undefined);

    const spans = await db.query<RunSpan>(
      `SELECT source, started_at, finished_at, status FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY source, started_at`,
    );
    for (const slug of SOURCES) {
      const mine = spans.filter((s) => s.source === slug);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine.every((s) => s.status === 'succeeded')).toBe(true);
      // One after another: each run starts after the one before it finished.
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.started_at.getTime()).toBeGreaterThanOrEqual(mine[i - 1]!.finished_at.getTime());
      }
      // The API never saw two requests of one source at once (each run reads three pages, slowly).
      expect(fake.maxInFlight.get(slug)).toBe(1);
    }
    // Both processes ran sources.
    for (const worker of workers) expect(worker.output()).toMatch(/(alpha|bravo|charlie|delta): \S+ run .* listed all/);
    // Each source created its 10 items once, whatever the number of runs.
    const [events] = await db.query<{ count: string }>(`SELECT count(*) FROM webhook_events`);
    expect(Number(events!.count)).toBe(SOURCES.length * 10);
  }, 90_000);
});
